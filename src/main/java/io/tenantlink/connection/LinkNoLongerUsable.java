package io.tenantlink.connection;

/**
 * An approval link was answered, revoked or expired before this change could be made: typically a second answer
 * through the same link at the same moment. Nothing was changed; the caller refuses clearly and audits.
 */
public class LinkNoLongerUsable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long linkId;
    private final ApprovalLinkStatus status;

    public LinkNoLongerUsable(long linkId, ApprovalLinkStatus status) {
        super("link " + linkId + " is " + status, null, false, false);
        this.linkId = linkId;
        this.status = status;
    }

    public long linkId() {
        return linkId;
    }

    public ApprovalLinkStatus status() {
        return status;
    }
}
