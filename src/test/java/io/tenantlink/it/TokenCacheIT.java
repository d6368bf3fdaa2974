package io.tenantlink.it;

import static io.tenantlink.it.SandboxBrowser.CHATOPS;
import static io.tenantlink.it.SandboxBrowser.CHATOPS_SECRET;
import static io.tenantlink.it.SandboxBrowser.CONTOSO;
import static io.tenantlink.it.SandboxBrowser.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.SilentParameters;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.microsoft.EncryptedTokenCache;
import io.tenantlink.microsoft.SilentTokens;
import io.tenantlink.microsoft.TokenCacheStore;
import io.tenantlink.microsoft.TokenCipher;
import io.tenantlink.microsoft.TokenDecryptionException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The encrypted token cache with msal4j against the sandbox: what is stored is ciphertext, a new
 * process (a fresh msal4j client) refreshes from it, and every rotated refresh token is saved at once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenCacheIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    /** A store in memory: the database-backed one is the portal's; this one lets the test read what was saved. */
    static final class MemoryStore implements TokenCacheStore {
        final Map<String, byte[]> rows = new ConcurrentHashMap<>();

        @Override
        public Optional<byte[]> load(String tenantId, String appId) {
            return Optional.ofNullable(rows.get(tenantId + "|" + appId));
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

    private ConfidentialClientApplication client(SandboxBrowser browser, EncryptedTokenCache cache) throws Exception {
        return browser.chatOps(CONTOSO, cache);
    }

    @Test
    void aRestartedClientRefreshesFromTheEncryptedCacheAndEachRotationIsSaved() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TokenCipher cipher = new TokenCipher(key);
        MemoryStore store = new MemoryStore();
        String binding = TokenCipher.rowBinding(CONTOSO, CHATOPS);

        try (SandboxBrowser browser = new SandboxBrowser(base)) {
            ConfidentialClientApplication first =
                    client(browser, new EncryptedTokenCache(CONTOSO, CHATOPS, cipher, store));
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            String code = SandboxBrowser.query(browser.authorize(
                            CONTOSO,
                            "lee@contoso.example",
                            "openid profile offline_access User.Read",
                            verifier,
                            "nonce",
                            "s"))
                    .get("code");
            first.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(REDIRECT))
                            .scopes(Set.of("User.Read"))
                            .codeVerifier(verifier)
                            .build())
                    .get();

            byte[] stored = store.load(CONTOSO, CHATOPS).orElseThrow();
            String firstRefresh = refreshToken(new String(cipher.decrypt(stored, binding), StandardCharsets.UTF_8));
            assertFalse(
                    new String(stored, StandardCharsets.ISO_8859_1).contains(firstRefresh),
                    "only ciphertext is stored");
            assertThrows(
                    TokenDecryptionException.class,
                    () -> cipher.decrypt(
                            stored,
                            TokenCipher.rowBinding(CONTOSO, UUID.randomUUID().toString())),
                    "a cache moved to another (tenant, app) row does not decrypt");

            // A restart: a new msal4j client that knows nothing but the stored cache.
            ConfidentialClientApplication restarted =
                    client(browser, new EncryptedTokenCache(CONTOSO, CHATOPS, cipher, store));
            Set<IAccount> accounts = restarted.getAccounts().get();
            assertEquals(1, accounts.size(), "the account came back from the stored cache");
            restarted
                    .acquireTokenSilently(SilentParameters.builder(
                                    Set.of("User.Read"), accounts.iterator().next())
                            .forceRefresh(true)
                            .build())
                    .get();
            String secondRefresh = refreshToken(new String(
                    cipher.decrypt(store.load(CONTOSO, CHATOPS).orElseThrow(), binding), StandardCharsets.UTF_8));
            assertNotEquals(firstRefresh, secondRefresh, "the rotated refresh token was saved");

            HttpResponse<String> old = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(browser.login() + "/" + CONTOSO + "/oauth2/v2.0/token"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id="
                                            + CHATOPS + "&client_secret=" + CHATOPS_SECRET + "&refresh_token="
                                            + SandboxBrowser.enc(firstRefresh)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertTrue(old.body().contains("AADSTS70000"), "the sandbox refuses the rotated-away token: " + old.body());

            // Microsoft revokes the grant (a password reset): the next refresh says "sign in again" and the tokens are
            // deleted.
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(browser.origin() + "/sandbox/control/tenants/" + CONTOSO
                                            + "/users/b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04/revoke-sessions"))
                                    .header("X-Sandbox-Control", "1")
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            EncryptedTokenCache cache = new EncryptedTokenCache(CONTOSO, CHATOPS, cipher, store);
            ConfidentialClientApplication afterReset = client(browser, cache);
            String homeAccountId =
                    afterReset.getAccounts().get().iterator().next().homeAccountId();
            SilentTokens.Outcome outcome =
                    new SilentTokens(afterReset, cache).acquire(homeAccountId, Set.of("User.Read"), true);
            assertTrue(
                    outcome instanceof SilentTokens.SignInAgain again
                            && again.reason().orElseThrow().code() == 50173,
                    outcome.toString());
            assertTrue(store.load(CONTOSO, CHATOPS).isEmpty(), "the refused tokens were deleted");
            store.save(CONTOSO, CHATOPS, stored);

            byte[] otherKey = new byte[32];
            new SecureRandom().nextBytes(otherKey);
            ConfidentialClientApplication wrongKey =
                    client(browser, new EncryptedTokenCache(CONTOSO, CHATOPS, new TokenCipher(otherKey), store));
            Exception refused =
                    assertThrows(Exception.class, () -> wrongKey.getAccounts().get());
            assertTrue(
                    hasCause(refused, TokenDecryptionException.class), "a wrong key cannot read the cache: " + refused);
        }
    }

    @SuppressWarnings("unchecked")
    private static String refreshToken(String cacheJson) throws Exception {
        Map<String, Object> refreshTokens =
                (Map<String, Object>) JSONObjectUtils.parse(cacheJson).get("RefreshToken");
        assertEquals(1, refreshTokens.size());
        return (String) ((Map<String, Object>) refreshTokens.values().iterator().next()).get("secret");
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
