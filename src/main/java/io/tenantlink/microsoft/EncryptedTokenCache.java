package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * msal4j's token cache for one (tenant, application), loaded before every use and saved, encrypted,
 * after every change (a refresh rotates the refresh token, so each one is written through at once).
 * The ciphertext is bound to its (tenant, application) row, so it cannot be moved to another.
 */
public final class EncryptedTokenCache implements ITokenCacheAccessAspect {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(EncryptedTokenCache.class.getName());

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

    /** One (tenant, app) cache: refreshes of the same stored cache must not overlap (SilentTokens). */
    public String key() {
        return tenantId.toLowerCase(java.util.Locale.ROOT) + "|" + appId.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void beforeCacheAccess(ITokenCacheAccessContext context) {
        store.load(tenantId, appId).ifPresent(ciphertext -> context.tokenCache().deserialize(readable(ciphertext)));
    }

    /**
     * The plaintext of the stored cache; one that fails its integrity check is deleted (it can never be read again,
     * and a new sign-in must be able to replace it) and reported as such, never as Microsoft not answering.
     */
    private String readable(byte[] ciphertext) {
        try {
            return new String(cipher.decrypt(ciphertext, binding()), StandardCharsets.UTF_8);
        } catch (TokenDecryptionException e) {
            String why = e.why();
            store.delete(tenantId, appId);
            LOG.warning("The stored Microsoft token cache of tenant " + tenantId + ", app " + appId
                    + " failed its integrity check (" + why + ") and was deleted; a new sign-in is needed");
            throw new TokenCacheIntegrityException(tenantId, appId, why);
        }
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
        Map<String, Object> stored;
        try {
            stored = store.load(tenantId, appId)
                    .map(ciphertext -> parse(readable(ciphertext)))
                    .orElseGet(Map::of);
        } catch (TokenCacheIntegrityException unreadable) {
            // A new sign-in replaces what could not be read (already deleted and logged).
            stored = Map.of();
        }
        Map<String, Object> merged = new LinkedHashMap<>(stored);
        parse(serializedCache).forEach((section, entries) -> {
            if (entries instanceof Map<?, ?> added && merged.get(section) instanceof Map<?, ?> existing) {
                Map<Object, Object> both = new LinkedHashMap<>(existing);
                both.putAll(added);
                merged.put(section, both);
            } else {
                merged.put(section, entries);
            }
        });
        store.save(
                tenantId,
                appId,
                cipher.encrypt(JSONObjectUtils.toJSONString(merged).getBytes(StandardCharsets.UTF_8), binding()));
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
