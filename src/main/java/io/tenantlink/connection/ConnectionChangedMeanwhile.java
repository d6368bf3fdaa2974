package io.tenantlink.connection;

/**
 * The connection was changed by another request (disconnected, activated) between the page's check and this change,
 * which waited for that request's row lock: nothing was changed; the caller refuses clearly and audits.
 */
public class ConnectionChangedMeanwhile extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final ConnectionStatus status;

    public ConnectionChangedMeanwhile(long connectionId, ConnectionStatus status) {
        super("connection " + connectionId + " is " + status);
        this.status = status;
    }

    public ConnectionStatus status() {
        return status;
    }
}
