package io.tenantlink.microsoft;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

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

    /**
     * Adds the entries of another msal4j cache (one sign-in's) to the stored one. msal4j's cache is
     * a JSON object of sections (AccessToken, RefreshToken, IdToken, Account, AppMetadata), each a
     * map from entry key to entry, so entries of the same key are replaced and others kept.
     */
    public void merge(String serializedCache) {
        Map<String, Object> merged = new LinkedHashMap<>(store.load(tenantId, appId)
                .map(ciphertext -> parse(new String(cipher.decrypt(ciphertext, binding()), StandardCharsets.UTF_8)))
                .orElseGet(Map::of));
        parse(serializedCache).forEach((section, entries) -> {
            if (entries instanceof Map<?, ?> added && merged.get(section) instanceof Map<?, ?> existing) {
                Map<Object, Object> both = new LinkedHashMap<>(existing);
                both.putAll(added);
                merged.put(section, both);
            } else {
                merged.put(section, entries);
            }
        });
        store.save(tenantId, appId, cipher.encrypt(JSONObjectUtils.toJSONString(merged).getBytes(StandardCharsets.UTF_8), binding()));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("msal4j's token cache is not a JSON object", e);
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
