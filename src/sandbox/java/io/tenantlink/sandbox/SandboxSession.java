package io.tenantlink.sandbox;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser's session with the sandbox's sign-in pages (on the sandbox's own site): who is signed
 * in with "Microsoft", and the authorize or admin-consent requests waiting for a sign-in or a consent.
 */
@SessionScoped
public class SandboxSession implements Serializable {

    /** An authorize or admin-consent request, exactly as the browser brought it. */
    public record Pending(String kind, String tenantPath, Map<String, String> parameters) implements Serializable {
        public String get(String name) {
            return parameters.get(name);
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private String tenantId;
    private String userId;

    public String remember(Pending request) {
        if (pending.size() > 50) {
            pending.clear();
        }
        String id = UUID.randomUUID().toString();
        pending.put(id, request);
        return id;
    }

    public Pending pending(String id) {
        return id == null ? null : pending.get(id);
    }

    public void done(String id) {
        pending.remove(id);
    }

    public synchronized void signIn(String tenantId, String userId) {
        this.tenantId = tenantId;
        this.userId = userId;
    }

    public synchronized boolean signedIn() {
        return userId != null;
    }

    public synchronized String tenantId() {
        return tenantId;
    }

    public synchronized String userId() {
        return userId;
    }
}
