package io.tenantlink.microsoft.jpa;

import static io.tenantlink.it.SandboxBrowser.CHATOPS;
import static io.tenantlink.it.SandboxBrowser.CONTOSO;
import static io.tenantlink.it.SandboxBrowser.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.it.PortalDeployment;
import io.tenantlink.it.SandboxBrowser;
import io.tenantlink.it.TestDatabase;
import io.tenantlink.it.container.SharedPortalContainer;
import io.tenantlink.microsoft.EncryptedTokenCache;
import io.tenantlink.microsoft.SilentTokens;
import io.tenantlink.microsoft.TokenCacheStore;
import io.tenantlink.microsoft.TokenCipher;
import io.tenantlink.microsoft.TokenDecryptionException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal's database-backed token cache store ({@link JpaTokenCacheStore}) end to end: msal4j
 * against the deployed portal's Microsoft sandbox over HTTP, the store on the portal's own database
 * (the table its Flyway migration V3 created; embedded H2 through AUTO_SERVER, or MariaDB), and the
 * portal restarted in between on that database.
 *
 * <p>No page of the portal drives {@code MicrosoftClients} yet, so the store runs here, in the test
 * JVM, on EclipseLink as in Payara (the test persistence unit {@code token-cache-it}); {@link
 * ContainerTransactions} does around each call what Payara's transaction-scoped EntityManager and
 * the store's {@code @Transactional} do. What the table holds is read with plain JDBC.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JpaTokenCacheStoreIT {

    /** Fully qualified, as the token response names it: msal4j finds the cached access token by it. */
    /** In the short form the portal asks in (and Microsoft lists in its answers), so msal4j's cache finds it. */
    private static final Set<String> USER_READ = Set.of("User.Read");

    private static final String LEE = "lee@contoso.example";

    /** The shared portal, restarted in place by the test on the same database. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @Test
    void rotatedTokensAreStoredEncryptedSurviveARestartAndARefusedRefreshDeletesThem() throws Exception {
        byte[] key = new byte[TokenCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        TokenCipher cipher = new TokenCipher(key);

        String homeAccountId;
        String rotatedRefresh;
        String accessToken;
        try (TokenCacheApp app = new TokenCacheApp(cipher)) {
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            String code = SandboxBrowser.query(app.browser.authorize(
                            CONTOSO, LEE, "openid profile offline_access User.Read", verifier, "nonce", "s"))
                    .get("code");
            IAuthenticationResult signedIn = app.msal
                    .acquireToken(AuthorizationCodeParameters.builder(code, URI.create(REDIRECT))
                            .scopes(USER_READ)
                            .codeVerifier(verifier)
                            .build())
                    .get();
            homeAccountId = signedIn.account().homeAccountId();

            StoredRow first =
                    StoredRow.read().orElseThrow(() -> new AssertionError("the sign-in's tokens were not stored"));
            String firstRefresh = refreshToken(first.plaintext(cipher));
            first.assertHoldsNoneOf(firstRefresh, signedIn.accessToken(), LEE);

            // A refresh rotates the refresh token: the new one is in the table at once, the old one gone.
            SilentTokens.Token refreshed = assertInstanceOf(
                    SilentTokens.Token.class, app.silentTokens().acquire(homeAccountId, USER_READ, true));
            StoredRow second = StoredRow.read().orElseThrow();
            rotatedRefresh = refreshToken(second.plaintext(cipher));
            assertNotEquals(firstRefresh, rotatedRefresh, "the rotated refresh token was stored");
            assertTrue(
                    second.version() > first.version(),
                    "the row was updated: version " + first.version() + " -> " + second.version());
            second.assertHoldsNoneOf(rotatedRefresh, refreshed.accessToken(), LEE);
            accessToken = refreshed.accessToken();

            assertThrows(
                    TokenDecryptionException.class,
                    () -> cipher.decrypt(
                            second.ciphertext(),
                            TokenCipher.rowBinding(CONTOSO, UUID.randomUUID().toString())),
                    "the ciphertext is bound to its row");
        }

        // A restart of both: the portal (a new Payara process, its migrations run again on the same
        // database) and the application holding the tokens (new EntityManagerFactory, store and msal4j client).
        restartPortal();

        try (TokenCacheApp app = new TokenCacheApp(cipher)) {
            assertEquals(
                    new SilentTokens.Token(accessToken),
                    app.silentTokens().acquire(homeAccountId, USER_READ, false),
                    "the access token came back from the database, without a sign-in");
            SilentTokens.Token refreshed = assertInstanceOf(
                    SilentTokens.Token.class,
                    app.silentTokens().acquire(homeAccountId, USER_READ, true),
                    "the stored refresh token still redeems after the restart");
            StoredRow afterRestart = StoredRow.read().orElseThrow();
            String refreshAfterRestart = refreshToken(afterRestart.plaintext(cipher));
            assertNotEquals(rotatedRefresh, refreshAfterRestart, "the rotation after the restart was stored too");
            afterRestart.assertHoldsNoneOf(refreshAfterRestart, refreshed.accessToken(), LEE);

            // The refresh tokens lapse (90 days inactive): the refresh is refused, the person must sign
            // in again, and the tokens are deleted from the table, not just left unusable.
            String userId = homeAccountId.substring(0, homeAccountId.indexOf('.'));
            HttpResponse<String> expired = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(app.browser.origin() + "/sandbox/control/tenants/"
                                            + CONTOSO + "/users/" + userId + "/expire-refresh-tokens"))
                                    .header("X-Sandbox-Control", "1")
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, expired.statusCode(), expired.body());
            assertTrue(expired.body().contains("\"refreshTokensExpired\":1"), expired.body());

            SilentTokens.SignInAgain again = assertInstanceOf(
                    SilentTokens.SignInAgain.class, app.silentTokens().acquire(homeAccountId, USER_READ, true));
            assertEquals(700082, again.reason().orElseThrow().code(), again.toString());
            assertTrue(StoredRow.read().isEmpty(), "the refused tokens were deleted");
            assertEquals(0, StoredRow.count(), "no token cache row is left");
        }
    }

    /** Stops the portal's Payara Micro process (and waits for it to exit), then starts another on the same database. */
    private void restartPortal() throws Exception {
        SharedPortalContainer.restartRunning();
    }

    private static URL portal() throws Exception {
        return URI.create(PortalDeployment.publicUrl()).toURL();
    }

    /**
     * The application that holds the tokens, as the portal builds it: msal4j for the ChatOps app in
     * Contoso with the encrypted cache on {@link JpaTokenCacheStore}, on its own EntityManagerFactory.
     */
    private static final class TokenCacheApp implements AutoCloseable {
        final EntityManagerFactory emf = Persistence.createEntityManagerFactory(
                "token-cache-it",
                Map.of(
                        "jakarta.persistence.jdbc.driver",
                                TestDatabase.kind().equals("mariadb") ? "org.mariadb.jdbc.Driver" : "org.h2.Driver",
                        "jakarta.persistence.jdbc.url", TestDatabase.url(),
                        "jakarta.persistence.jdbc.user", TestDatabase.user(),
                        "jakarta.persistence.jdbc.password", TestDatabase.password()));
        final SandboxBrowser browser;
        final EncryptedTokenCache cache;
        final ConfidentialClientApplication msal;

        TokenCacheApp(TokenCipher cipher) throws Exception {
            browser = new SandboxBrowser(portal());
            cache = new EncryptedTokenCache(CONTOSO, CHATOPS, cipher, new ContainerTransactions(emf));
            msal = browser.chatOps(CONTOSO, cache);
        }

        SilentTokens silentTokens() {
            return new SilentTokens(msal, cache);
        }

        @Override
        public void close() {
            browser.close();
            emf.close();
        }
    }

    /**
     * {@link JpaTokenCacheStore} as Payara runs it: each call with a new persistence context (a
     * transaction-scoped EntityManager); save and delete in a transaction of their own
     * (REQUIRES_NEW), committed before they return; load without one (SUPPORTS).
     */
    static final class ContainerTransactions implements TokenCacheStore {
        private final EntityManagerFactory emf;

        ContainerTransactions(EntityManagerFactory emf) {
            this.emf = emf;
        }

        @Override
        public Optional<byte[]> load(String tenantId, String appId) {
            return call(false, store -> store.load(tenantId, appId));
        }

        @Override
        public void save(String tenantId, String appId, byte[] ciphertext) {
            call(true, store -> {
                store.save(tenantId, appId, ciphertext);
                return null;
            });
        }

        @Override
        public void delete(String tenantId, String appId) {
            call(true, store -> {
                store.delete(tenantId, appId);
                return null;
            });
        }

        private <T> T call(boolean inTransaction, Function<JpaTokenCacheStore, T> operation) {
            EntityManager em = emf.createEntityManager();
            try {
                JpaTokenCacheStore store = new JpaTokenCacheStore();
                store.em = em;
                if (!inTransaction) {
                    return operation.apply(store);
                }
                EntityTransaction transaction = em.getTransaction();
                transaction.begin();
                try {
                    T result = operation.apply(store);
                    transaction.commit();
                    return result;
                } finally {
                    if (transaction.isActive()) {
                        transaction.rollback();
                    }
                }
            } finally {
                em.close();
            }
        }
    }

    /** The (Contoso, ChatOps) row of microsoft_token_cache as the database holds it. */
    private record StoredRow(byte[] ciphertext, long version) {

        static Optional<StoredRow> read() throws SQLException {
            try (Connection c = TestDatabase.connect();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT ciphertext, version FROM microsoft_token_cache WHERE tenant_id = ? AND app_id = ?")) {
                s.setString(1, CONTOSO);
                s.setString(2, CHATOPS);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new StoredRow(r.getBytes(1), r.getLong(2))) : Optional.empty();
                }
            }
        }

        static long count() throws SQLException {
            try (Connection c = TestDatabase.connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*) FROM microsoft_token_cache")) {
                r.next();
                return r.getLong(1);
            }
        }

        String plaintext(TokenCipher cipher) {
            return new String(
                    cipher.decrypt(ciphertext, TokenCipher.rowBinding(CONTOSO, CHATOPS)), StandardCharsets.UTF_8);
        }

        /** Neither the tokens nor anything else of the cache is readable in the stored bytes. */
        void assertHoldsNoneOf(String... secrets) {
            String stored = new String(ciphertext, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertFalse(stored.contains(secret), "the database holds ciphertext only, yet it contains " + secret);
            }
            assertFalse(
                    stored.contains("RefreshToken") || stored.contains("AccessToken"), "no cache JSON in the database");
        }
    }

    @SuppressWarnings("unchecked")
    private static String refreshToken(String cacheJson) throws Exception {
        Map<String, Object> refreshTokens =
                (Map<String, Object>) JSONObjectUtils.parse(cacheJson).get("RefreshToken");
        assertEquals(1, refreshTokens.size(), "one refresh token per account and app: a rotation replaces it");
        return (String) ((Map<String, Object>) refreshTokens.values().iterator().next()).get("secret");
    }
}
