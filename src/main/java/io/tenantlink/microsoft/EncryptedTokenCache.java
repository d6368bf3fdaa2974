package io.tenantlink.microsoft;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;

/**
 * msal4j's token cache for one (tenant, application), loaded before every use and saved, encrypted,
 * after every change (a refresh rotates the refresh token, so each one is written through at once).
 * The ciphertext is bound to its (tenant, application) row, so it cannot be moved to another.
 */
public final class EncryptedTokenCache implements ITokenCacheAccessAspect {

    private final String tenantId;
    private final String appId;
    private final TokenCipher cipher;
    private final TokenCacheStore store;

    public EncryptedTokenCache(String tenantId, String appId, TokenCipher cipher, TokenCacheStore store) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void beforeCacheAccess(ITokenCacheAccessContext context) {
        store.load(tenantId, appId).ifPresent(ciphertext -> context.tokenCache().deserialize(
                new String(cipher.decrypt(ciphertext, binding()), StandardCharsets.UTF_8)));
    }

    @Override
    public void afterCacheAccess(ITokenCacheAccessContext context) {
        if (context.hasCacheChanged()) {
            byte[] plaintext = context.tokenCache().serialize().getBytes(StandardCharsets.UTF_8);
            store.save(tenantId, appId, cipher.encrypt(plaintext, binding()));
        }
    }

    /** Forgets every token of this (tenant, application). */
    public void clear() {
        store.delete(tenantId, appId);
    }

    private String binding() {
        return TokenCipher.rowBinding(tenantId, appId);
    }
}
