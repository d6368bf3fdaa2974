package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ITokenCache;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An unreadable stored cache is deleted and named an integrity failure; a new sign-in replaces it. */
class EncryptedTokenCacheTest {

    static final String TENANT = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
    static final String APP = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";

    /** The store, in memory. */
    static final class Store implements TokenCacheStore {
        final Map<String, byte[]> rows = new HashMap<>();

        @Override
        public Optional<byte[]> load(String tenantId, String appId) {
            return Optional.ofNullable(rows.get(tenantId + "|" + appId)).map(byte[]::clone);
        }

        @Override
        public void save(String tenantId, String appId, byte[] ciphertext) {
            rows.put(tenantId + "|" + appId, ciphertext.clone());
        }

        @Override
        public void delete(String tenantId, String appId) {
            rows.remove(tenantId + "|" + appId);
        }
    }

    private static TokenCipher cipher() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new TokenCipher(key);
    }

    private static ITokenCacheAccessContext context() {
        ITokenCache cache = new ITokenCache() {
            @Override
            public void deserialize(String data) {
                throw new AssertionError("an unreadable cache must never reach msal4j");
            }

            @Override
            public String serialize() {
                return "{}";
            }
        };
        return (ITokenCacheAccessContext) java.lang.reflect.Proxy.newProxyInstance(
                EncryptedTokenCacheTest.class.getClassLoader(),
                new Class<?>[] {ITokenCacheAccessContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "tokenCache" -> cache;
                    case "hasCacheChanged" -> false;
                    default -> null;
                });
    }

    @Test
    void anAlteredCacheIsDeletedAndReportedAsAnIntegrityFailure() {
        Store store = new Store();
        TokenCipher cipher = cipher();
        EncryptedTokenCache cache = new EncryptedTokenCache(TENANT, APP, cipher, store);
        cache.merge("{\"RefreshToken\":{\"k\":{\"secret\":\"rt-secret\"}}}");
        byte[] stored = store.load(TENANT, APP).orElseThrow();
        stored[stored.length - 1] ^= 1;
        store.save(TENANT, APP, stored);

        TokenCacheIntegrityException unreadable =
                assertThrows(TokenCacheIntegrityException.class, () -> cache.beforeCacheAccess(context()));
        assertTrue(unreadable.why().startsWith("authentication failed"), unreadable.why());
        assertFalse(unreadable.getMessage().contains("rt-secret"));
        assertTrue(store.load(TENANT, APP).isEmpty(), "the unreadable row is gone");
        assertTrue(TokenCacheIntegrityException.in(new RuntimeException(new IllegalStateException(unreadable)))
                .isPresent());
    }

    @Test
    void aCacheSealedUnderAnotherKeyIsReplacedByTheNextSignIn() {
        Store store = new Store();
        new EncryptedTokenCache(TENANT, APP, cipher(), store).merge("{\"RefreshToken\":{\"old\":{\"secret\":\"a\"}}}");
        TokenCipher current = cipher();
        EncryptedTokenCache cache = new EncryptedTokenCache(TENANT, APP, current, store);
        cache.merge("{\"RefreshToken\":{\"new\":{\"secret\":\"b\"}}}");
        String plaintext = new String(
                current.decrypt(store.load(TENANT, APP).orElseThrow(), TokenCipher.rowBinding(TENANT, APP)),
                StandardCharsets.UTF_8);
        assertTrue(plaintext.contains("\"new\"") && !plaintext.contains("\"old\""), plaintext);
        assertEquals(1, store.rows.size());
    }
}
