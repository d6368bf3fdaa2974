package io.tenantlink.microsoft;

import java.util.Optional;

/**
 * A stored token cache failed its integrity check (altered, moved to another row, or sealed under another key)
 * and has been deleted: whoever needs its tokens must have the person sign in again. Names the row only.
 */
public class TokenCacheIntegrityException extends TokenDecryptionException {

    private static final long serialVersionUID = 1L;

    private final String tenantId;
    private final String appId;

    public TokenCacheIntegrityException(String tenantId, String appId, String why) {
        super(why + "; the token cache of tenant " + tenantId + ", app " + appId + " was deleted");
        this.tenantId = tenantId;
        this.appId = appId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String appId() {
        return appId;
    }

    /** This failure anywhere in a cause chain (msal4j wraps what the cache aspect throws). */
    public static Optional<TokenCacheIntegrityException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TokenCacheIntegrityException integrity) {
                return Optional.of(integrity);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
