package io.tenantlink.connection.web;

import io.tenantlink.connection.MicrosoftSigner;
import io.tenantlink.microsoft.Pkce;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What a browser session holds across a round trip to Microsoft: a random secret that sign-in
 * requests are bound to (only its hash is stored with them), approval links created here to be
 * shown once, and the tenant admin who signed in through an approval link.
 */
@SessionScoped
public class FlowSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private String binding;
    private final Map<Long, String> revealedLinks = new HashMap<>();
    private final Map<Long, MicrosoftSigner> approvers = new HashMap<>();

    public synchronized String binding() {
        if (binding == null) {
            binding = Pkce.randomValue();
        }
        return binding;
    }

    /** Whether a stored binding hash is this session's. */
    public synchronized boolean matches(String bindingHash) {
        return binding != null && Pkce.hash(binding).equals(bindingHash);
    }

    public synchronized void reveal(long connectionId, String linkUrl) {
        revealedLinks.put(connectionId, linkUrl);
    }

    /** The link just created for this connection, once. */
    public synchronized String takeRevealed(long connectionId) {
        return revealedLinks.remove(connectionId);
    }

    public synchronized void approver(long linkId, MicrosoftSigner signer) {
        approvers.put(linkId, signer);
    }

    public synchronized MicrosoftSigner takeApprover(long linkId) {
        return approvers.remove(linkId);
    }
}
