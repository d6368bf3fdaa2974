package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.SilentParameters;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Delegated tokens from the stored cache, refreshed when due. When Microsoft refuses the refresh
 * (invalid_grant: AADSTS700082, 50173, …) the tokens are deleted and the caller is told to have the
 * person sign in again, instead of a page failing.
 */
public final class SilentTokens {

    /** Either a token, or the reason a person must sign in again. */
    public sealed interface Outcome permits Token, SignInAgain, ConsentMissing {}

    /** The refresh token works, but the tenant has not consented to every scope asked (AADSTS65001). */
    public record ConsentMissing(AadstsError reason) implements Outcome {}

    public record Token(String accessToken) implements Outcome {}

    public record SignInAgain(Optional<AadstsError> reason) implements Outcome {}

    private final ConfidentialClientApplication client;
    private final EncryptedTokenCache cache;

    public SilentTokens(ConfidentialClientApplication client, EncryptedTokenCache cache) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * One refresh at a time per stored cache in this JVM: Microsoft (and the stand-in) rotate refresh tokens, so two
     * threads refreshing with the same one would see the second refused (AADSTS70000) and the person signed out. Under
     * the lock the cache is read from the database again, with the token the first refresh stored.
     */
    private static final java.util.concurrent.ConcurrentMap<String, Object> REFRESHING =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Outcome acquire(String homeAccountId, Set<String> scopes, boolean forceRefresh) throws InterruptedException {
        synchronized (REFRESHING.computeIfAbsent(cache.key(), k -> new Object())) {
            return acquireAlone(homeAccountId, scopes, forceRefresh);
        }
    }

    private Outcome acquireAlone(String homeAccountId, Set<String> scopes, boolean forceRefresh)
            throws InterruptedException {
        try {
            Optional<IAccount> account = client.getAccounts().get().stream()
                    .filter(a -> a.homeAccountId().equalsIgnoreCase(homeAccountId))
                    .findFirst();
            if (account.isEmpty()) {
                return new SignInAgain(Optional.empty());
            }
            return new Token(client.acquireTokenSilently(SilentParameters.builder(scopes, account.get())
                            .forceRefresh(forceRefresh)
                            .build())
                    .get()
                    .accessToken());
        } catch (ExecutionException e) {
            TokenCacheIntegrityException.in(e).ifPresent(unreadable -> {
                throw unreadable;
            });
            if (e.getCause() instanceof MsalServiceException refused) {
                AadstsError error = AadstsError.of(refused.errorCode(), refused.getMessage());
                if (error.consentMissing()) {
                    return new ConsentMissing(error);
                }
                if (error.needsSignInAgain()) {
                    forget(homeAccountId);
                    return new SignInAgain(Optional.of(error));
                }
            }
            throw new IllegalStateException("Microsoft did not answer the token request", e.getCause());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException("The authority of this client is not a URL", e);
        }
    }

    /**
     * Forgets this account's tokens only: the cache of a (tenant, app) holds other people's too (the connection's signer,
     * everyone signed in for Teams), and one person's expired sign-in must not sign out the others.
     */
    private void forget(String homeAccountId) throws InterruptedException {
        try {
            MicrosoftClients.removeAccount(client, homeAccountId);
            if (client.getAccounts().get().isEmpty()) {
                cache.clear(); // nobody's tokens are left: no row either
            }
        } catch (ExecutionException | RuntimeException unreadable) {
            cache.clear();
        }
    }
}
