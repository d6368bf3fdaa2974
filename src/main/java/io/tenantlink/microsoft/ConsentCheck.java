package io.tenantlink.microsoft;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jwt.JWTParser;

/**
 * Confirms, with Microsoft rather than with anything a browser brought back, that a tenant has
 * consented to the ChatOps app:
 * <ol>
 * <li>an app-only token for that tenant (client credentials): Microsoft issues none before the
 * app's service principal exists there (AADSTS700016);</li>
 * <li>Graph {@code GET /servicePrincipals(appId=…)} with that token: a service principal may read
 * itself without any permission (serviceprincipal-get);</li>
 * <li>the application permissions granted: the {@code roles} of the app-only token Microsoft just
 * issued to us (reading it needs Application.Read.All otherwise, which the seed does not ask for);</li>
 * <li>the delegated permissions: the signer's refresh token redeemed for every required scope;
 * Microsoft answers AADSTS65001 unless each is consented.</li>
 * </ol>
 */
@ApplicationScoped
public class ConsentCheck {

    @Inject
    MicrosoftApps apps;

    @Inject
    MicrosoftClients clients;

    public sealed interface Verdict permits Granted, NotGranted, SignInAgain {
    }

    /** Every required permission is granted. */
    public record Granted(String servicePrincipalId) implements Verdict {
    }

    /** Consent is missing or incomplete; {@code reason} is Microsoft's answer when it gave one. */
    public record NotGranted(boolean servicePrincipalMissing, Set<String> missingApplication, Set<String> missingDelegated,
                             Optional<AadstsError> reason) implements Verdict {
    }

    /** The signer's stored sign-in is dead (deleted): someone must sign in again. */
    public record SignInAgain(Optional<AadstsError> reason) implements Verdict {
    }

    public Verdict check(String tenantId, String signerHomeAccountId, Set<String> requiredApplication,
                         Set<String> requiredDelegated) throws IOException, InterruptedException {
        String appId = apps.chatOpsClientId();
        String appToken;
        try {
            appToken = clients.client(tenantId, appId).acquireToken(ClientCredentialParameters
                    .builder(Set.of(SignInFlow.GRAPH_DEFAULT)).skipCache(true).build()).get().accessToken();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalServiceException refused) {
                return new NotGranted(true, new TreeSet<>(requiredApplication), new TreeSet<>(requiredDelegated),
                        Optional.of(AadstsError.of(refused.errorCode(), refused.getMessage())));
            }
            throw new IOException("Microsoft did not answer the token request", e.getCause());
        }
        GraphClient graph = clients.graph(appToken);
        GraphResponse self = graph.get("/servicePrincipals(appId='" + appId + "')?$select=id,appId");
        if (self.status() == 404) {
            return new NotGranted(true, new TreeSet<>(requiredApplication), new TreeSet<>(requiredDelegated), Optional.empty());
        }
        if (!self.ok()) {
            throw new IOException("Graph answered " + self.status() + " reading the app's service principal");
        }
        Set<String> missingApplication = new TreeSet<>(requiredApplication);
        missingApplication.removeAll(rolesOf(appToken));

        Set<String> missingDelegated = new TreeSet<>();
        if (!missingApplication.isEmpty()) {
            // Not granted whatever the delegated side says: spare the signer's refresh token.
            return new NotGranted(false, missingApplication, Set.of(), Optional.empty());
        }
        SilentTokens.Outcome delegated = new SilentTokens(clients.client(tenantId, appId), clients.tokenCache(tenantId, appId))
                .acquire(signerHomeAccountId, requiredDelegated, true);
        if (delegated instanceof SilentTokens.SignInAgain again) {
            return new SignInAgain(again.reason());
        }
        if (delegated instanceof SilentTokens.ConsentMissing) {
            missingDelegated.addAll(requiredDelegated);
        }
        if (missingApplication.isEmpty() && missingDelegated.isEmpty()) {
            return new Granted(idOf(self.body()));
        }
        return new NotGranted(false, missingApplication, missingDelegated, Optional.empty());
    }

    private static Set<String> rolesOf(String accessToken) {
        try {
            List<String> roles = JWTParser.parse(accessToken).getJWTClaimsSet().getStringListClaim("roles");
            return roles == null ? Set.of() : Set.copyOf(roles);
        } catch (java.text.ParseException e) {
            return Set.of();
        }
    }

    private static String idOf(String body) {
        try {
            Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(body);
            return json.get("id") instanceof String id ? id : null;
        } catch (java.text.ParseException e) {
            return null;
        }
    }
}
