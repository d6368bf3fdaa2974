package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * Confirms, with Microsoft rather than with anything a browser brought back, that a tenant has
 * consented to the ChatOps app:
 * <ol>
 * <li>an app-only token for that tenant (client credentials): Microsoft issues none before the
 * app's service principal exists there (AADSTS700016);</li>
 * <li>Graph {@code GET /servicePrincipals(appId=…)?$expand=appRoleAssignments} with that token: a service
 * principal may read its own details, relationships included, without any permission (serviceprincipal-get);</li>
 * <li>the application permissions granted: those appRoleAssignments on Microsoft Graph, named through Microsoft
 * Graph's service principal {@code appRoles} (read with the consent-management app when the tenant consented to it,
 * else with the ChatOps token; when neither may read it, through the app role ids Microsoft publishes in its
 * permissions reference). Access tokens for Graph are opaque to clients: their {@code roles} are never read.</li>
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

    @Inject
    ManagementAccess management;

    static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

    /**
     * Microsoft Graph app role ids of the ChatOps app's application permissions, as Microsoft's permissions reference
     * publishes them (the same in every tenant): only for when no reader may read Graph's service principal.
     */
    static final Map<String, String> PUBLISHED_GRAPH_APP_ROLES = Map.of(
            "df021288-bdef-4463-88db-98f22de89214", "User.Read.All",
            "d9c48af6-9ad9-47ad-82c3-63757137b9af", "Chat.Create",
            "57257249-34ce-4810-a8a2-a03adf0c5693", "ChatMember.ReadWrite.All",
            "73a45059-f39c-4baf-9182-4954ac0e55cf", "TeamsAppInstallation.ReadWriteSelfForChat.All");

    public sealed interface Verdict permits Granted, NotGranted, SignInAgain {}

    /** Every required permission is granted. */
    public record Granted(String servicePrincipalId) implements Verdict {}

    /** Consent is missing or incomplete; {@code reason} is Microsoft's answer when it gave one. */
    public record NotGranted(
            boolean servicePrincipalMissing,
            Set<String> missingApplication,
            Set<String> missingDelegated,
            Optional<AadstsError> reason)
            implements Verdict {}

    /** The signer's stored sign-in is dead (deleted): someone must sign in again. */
    public record SignInAgain(Optional<AadstsError> reason) implements Verdict {}

    public Verdict check(
            String tenantId, String signerHomeAccountId, Set<String> requiredApplication, Set<String> requiredDelegated)
            throws IOException, InterruptedException {
        String appId = apps.chatOpsClientId();
        String appToken;
        try {
            appToken = clients.client(tenantId, appId)
                    .acquireToken(ClientCredentialParameters.builder(Set.of(SignInFlow.GRAPH_DEFAULT))
                            .skipCache(true)
                            .build())
                    .get()
                    .accessToken();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalServiceException refused) {
                return new NotGranted(
                        true,
                        new TreeSet<>(requiredApplication),
                        new TreeSet<>(requiredDelegated),
                        Optional.of(AadstsError.of(refused.errorCode(), refused.getMessage())));
            }
            throw new IOException("Microsoft did not answer the token request", e.getCause());
        }
        GraphClient graph = clients.graph(appToken);
        GraphResponse self =
                graph.get("/servicePrincipals(appId='" + appId + "')?$select=id,appId&$expand=appRoleAssignments");
        if (self.status() == 404) {
            return new NotGranted(
                    true, new TreeSet<>(requiredApplication), new TreeSet<>(requiredDelegated), Optional.empty());
        }
        if (!self.ok()) {
            throw new IOException("Graph answered " + self.status() + " reading the app's service principal");
        }
        List<GraphClient> readers = new ArrayList<>();
        managementReader(tenantId).ifPresent(readers::add);
        readers.add(graph);
        Set<String> missingApplication = new TreeSet<>(requiredApplication);
        missingApplication.removeAll(applicationPermissions(self.body(), readers));

        Set<String> missingDelegated = new TreeSet<>();
        if (!missingApplication.isEmpty()) {
            // Not granted whatever the delegated side says: spare the signer's refresh token.
            return new NotGranted(false, missingApplication, Set.of(), Optional.empty());
        }
        SilentTokens.Outcome delegated = new SilentTokens(
                        clients.client(tenantId, appId), clients.tokenCache(tenantId, appId))
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

    /** The consent-management app's Graph access in the tenant, when configured and consented there. */
    private Optional<GraphClient> managementReader(String tenantId) throws InterruptedException {
        try {
            return management.appOnly(tenantId) instanceof ManagementAccess.Granted granted
                    ? Optional.of(granted.graph())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Microsoft Graph application permissions (names) of a service principal read with
     * {@code $expand=appRoleAssignments}: its assignments on Microsoft Graph's service principal, named through that
     * service principal's appRoles as the first reader allowed to read them finds them; when none is (401/403), through
     * the app role ids of Microsoft's permissions reference. Anything else unknown counts as not granted.
     */
    static Set<String> applicationPermissions(String selfBody, List<GraphClient> readers) throws IOException {
        List<Map<String, Object>> assignments = new ArrayList<>();
        try {
            if (JSONObjectUtils.parse(selfBody).get("appRoleAssignments") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> a = (Map<String, Object>) m;
                        assignments.add(a);
                    }
                }
            }
        } catch (java.text.ParseException e) {
            throw new IOException("Graph answered unreadable JSON for the app's service principal");
        }
        Map<String, String> names = null;
        String graphSpId = null;
        for (GraphClient reader : readers) {
            GraphResponse graphSp = reader.get("/servicePrincipals(appId='" + GRAPH_APP_ID + "')?$select=id,appRoles");
            if (graphSp.status() == 401 || graphSp.status() == 403) {
                continue;
            }
            if (!graphSp.ok()) {
                throw new IOException(
                        "Graph answered " + graphSp.status() + " reading Microsoft Graph's service principal");
            }
            try {
                Map<String, Object> json = JSONObjectUtils.parse(graphSp.body());
                graphSpId = json.get("id") instanceof String id ? id : null;
                names = new HashMap<>();
                if (json.get("appRoles") instanceof List<?> roles) {
                    for (Object r : roles) {
                        if (r instanceof Map<?, ?> role
                                && role.get("id") instanceof String id
                                && role.get("value") instanceof String value) {
                            names.put(id.toLowerCase(Locale.ROOT), value);
                        }
                    }
                }
            } catch (java.text.ParseException e) {
                throw new IOException("Graph answered unreadable JSON for Microsoft Graph's service principal");
            }
            break;
        }
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> a : assignments) {
            if (!(a.get("appRoleId") instanceof String roleId)) {
                continue;
            }
            if (names != null) {
                boolean onGraph = graphSpId != null && graphSpId.equalsIgnoreCase(String.valueOf(a.get("resourceId")));
                String name = names.get(roleId.toLowerCase(Locale.ROOT));
                if (onGraph && name != null) {
                    granted.add(name);
                }
            } else {
                String name = PUBLISHED_GRAPH_APP_ROLES.get(roleId.toLowerCase(Locale.ROOT));
                if (name != null) {
                    granted.add(name);
                }
            }
        }
        return granted;
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
