package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.MsalServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Graph access for reading and writing consent in a tenant (service principals, delegated grants,
 * app role assignments) without a signed-in user: an app-only token of the consent-management app
 * registration ({@code TENANTLINK_MICROSOFT_MANAGEMENT_CLIENT_ID}), which a tenant admin must have
 * consented to. Jobs that act for an admin use that admin's delegated token instead.
 */
@ApplicationScoped
public class ManagementAccess {

    @Inject
    MicrosoftApps apps;

    @Inject
    MicrosoftClients clients;

    /** A Graph client for the tenant, or why there is none. */
    public sealed interface Access permits Granted, Refused, NotConfigured {}

    /** Graph access with the app-only token, through the typed gateway. */
    public record Granted(GraphGateway gateway) implements Access {}

    /** Microsoft refused the token: typically AADSTS700016 (the app is not in the tenant, no consent yet). */
    public record Refused(AadstsError reason) implements Access {}

    /** Outside sandbox mode with no management app registration configured. */
    public record NotConfigured() implements Access {}

    public Access appOnly(String tenantId) throws IOException, InterruptedException {
        return appOnly(tenantId, false);
    }

    /**
     * With {@code fresh}, a new token rather than a cached one: a cached token carries the application permissions the
     * tenant had granted when it was issued, and a decision about what the app may do now needs today's.
     */
    public Access appOnly(String tenantId, boolean fresh) throws IOException, InterruptedException {
        Optional<String> appId = apps.managementClientId();
        if (appId.isEmpty()) {
            return new NotConfigured();
        }
        return appOnly(tenantId, appId.get(), fresh);
    }

    /**
     * The ChatOps app's app-only Graph access in the tenant (its application permissions, e.g. User.Read.All to read
     * the directory's users for mapping people), the same way as the management app's.
     */
    public Access chatOpsAppOnly(String tenantId, boolean fresh) throws IOException, InterruptedException {
        return appOnly(tenantId, apps.chatOpsClientId(), fresh);
    }

    /**
     * An app-only (client credentials) token of one of the portal's app registrations in the tenant, as a Graph
     * gateway; Microsoft's refusal (typically AADSTS700016: the app is not in the tenant) as {@link Refused}. The one
     * place the portal asks for app-only tokens. {@code fresh}: see {@link #appOnly(String, boolean)}.
     */
    public Access appOnly(String tenantId, String appId, boolean fresh) throws IOException, InterruptedException {
        try {
            String token = clients.client(tenantId, appId)
                    .acquireToken(ClientCredentialParameters.builder(Set.of(SignInFlow.GRAPH_DEFAULT))
                            .skipCache(fresh)
                            .build())
                    .get()
                    .accessToken();
            return new Granted(clients.gateway(token));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalServiceException refused) {
                return new Refused(AadstsError.of(refused.errorCode(), refused.getMessage()));
            }
            throw new IOException("Microsoft did not answer the token request", e.getCause());
        }
    }

    /** Graph access with a token obtained elsewhere (an admin's delegated token for a job). */
    public GraphGateway gateway(String accessToken) {
        return clients.gateway(accessToken);
    }
}
