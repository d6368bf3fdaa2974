package io.tenantlink.microsoft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts tokens at rest (refresh tokens, the msal4j cache) with AES-256-GCM under a key from
 * configuration, never from the database. Format: {@code version(1) | iv(12) | ciphertext+tag(16)}.
 * The associated data names the row the ciphertext belongs to (see {@link #rowBinding}), so a
 * ciphertext copied into another (tenant, app) row fails to decrypt. The version byte is
 * authenticated too, so it cannot be swapped.
 */
public final class TokenCipher {

    public static final int KEY_BYTES = 32;
    static final byte VERSION_1 = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + IV_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random;

    public TokenCipher(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            // Only the length is told, never the bytes.
            throw new IllegalArgumentException("token encryption key must be 32 bytes (AES-256), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = new SecureRandom();
    }

    /** A key as configuration holds it: standard Base64 of exactly 32 bytes. */
    public static TokenCipher fromBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("token encryption key is not configured");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: not chained, not repeated.
            throw new IllegalArgumentException("token encryption key is not valid Base64");
        }
        try {
            return new TokenCipher(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Associated data for the token of one (tenant, app) row. Length-prefixed so that no two
     * different pairs give the same string.
     */
    public static String rowBinding(String tenantId, String appId) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(appId, "appId");
        return "tenantlink-token:" + tenantId.length() + ":" + tenantId + ":" + appId.length() + ":" + appId;
    }

    public byte[] encrypt(byte[] plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] aad = aad(associatedData);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
                    .put(VERSION_1)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            // AES-GCM is in every JDK; this is a broken runtime, not bad input.
            throw new IllegalStateException(
                    "AES-GCM unavailable: " + e.getClass().getSimpleName());
        }
    }

    public byte[] decrypt(byte[] ciphertext, String associatedData) {
        byte[] aad = aad(associatedData);
        if (ciphertext == null || ciphertext.length < HEADER_BYTES + TAG_BITS / 8) {
            throw new TokenDecryptionException("too short");
        }
        if (ciphertext[0] != VERSION_1) {
            throw new TokenDecryptionException("unknown format version");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext, HEADER_BYTES, ciphertext.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new TokenDecryptionException("authentication failed (wrong key, wrong row, or altered)");
        } catch (GeneralSecurityException e) {
            throw new TokenDecryptionException(e.getClass().getSimpleName());
        }
    }

    private static byte[] aad(String associatedData) {
        if (associatedData == null || associatedData.isEmpty()) {
            throw new IllegalArgumentException("associated data is required: it binds the ciphertext to its row");
        }
        byte[] data = associatedData.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + data.length).put(VERSION_1).put(data).array();
    }

    @Override
    public String toString() {
        return "TokenCipher[AES-256-GCM]";
    }
}
