package io.tenantlink.microsoft;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * Graph access as one person signed in to the ChatOps app in a tenant: their delegated token from the encrypted token
 * cache (refreshed silently), for what Graph allows only with a user (creating chats as that user, posting chat
 * messages, creating their meetings).
 */
@ApplicationScoped
public class DelegatedAccess {

    @Inject
    MicrosoftApps apps;

    @Inject
    MicrosoftClients clients;

    /** A gateway calling as the person, or why there is none. */
    public sealed interface Access permits Granted, SignInNeeded, ConsentNeeded {}

    public record Granted(GraphGateway gateway) implements Access {}

    /** No tokens of this person (never signed in, or Microsoft no longer accepts the sign-in): sign in again. */
    public record SignInNeeded(Optional<AadstsError> reason) implements Access {}

    /** The tenant has not granted the ChatOps app one of these permissions (AADSTS65001 and the like). */
    public record ConsentNeeded(AadstsError reason) implements Access {}

    /** The person's ({@code homeAccountId}: "{oid}.{tid}") access to the scopes in the tenant, as the ChatOps app. */
    public Access chatOps(String tenantId, String homeAccountId, Set<String> scopes) throws InterruptedException {
        return chatOps(tenantId, homeAccountId, scopes, false);
    }

    /**
     * As {@link #chatOps(String, String, Set)}; {@code forceRefresh}: a new access token even if the cached one has not
     * expired (Graph answered 401 to it: revoked, or signed with a key Microsoft no longer publishes).
     */
    public Access chatOps(String tenantId, String homeAccountId, Set<String> scopes, boolean forceRefresh)
            throws InterruptedException {
        String appId = apps.chatOpsClientId();
        SilentTokens.Outcome outcome = new SilentTokens(
                        clients.client(tenantId, appId), clients.tokenCache(tenantId, appId))
                .acquire(homeAccountId, scopes, forceRefresh);
        if (outcome instanceof SilentTokens.Token token) {
            return new Granted(clients.gateway(token.accessToken()));
        }
        if (outcome instanceof SilentTokens.ConsentMissing missing) {
            return new ConsentNeeded(missing.reason());
        }
        return new SignInNeeded(((SilentTokens.SignInAgain) outcome).reason());
    }
}
