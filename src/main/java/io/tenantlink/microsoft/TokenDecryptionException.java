package io.tenantlink.microsoft;

/**
 * A stored token that cannot be decrypted: wrong key, moved to another row, tampered with, or
 * not our format. The message is fixed text; no plaintext, key or ciphertext ever goes in it,
 * and the JCE cause is not chained.
 */
public class TokenDecryptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String why;

    public TokenDecryptionException(String why) {
        super("stored token could not be decrypted: " + why);
        this.why = why;
    }

    /** Which check failed, in fixed words. */
    public String why() {
        return why;
    }
}
