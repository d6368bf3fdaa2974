package io.tenantlink.grants.web;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Which job waits for this browser's admin sign-in, per tenant connection. No token is ever kept here. */
@SessionScoped
public class GrantJobSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<Long, Long> awaiting = new HashMap<>();

    public synchronized void awaitSignIn(long connectionId, long jobId) {
        awaiting.put(connectionId, jobId);
    }

    public synchronized Long takeAwaiting(long connectionId) {
        return awaiting.remove(connectionId);
    }
}
