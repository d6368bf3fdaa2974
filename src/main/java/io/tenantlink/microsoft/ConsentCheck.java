package io.tenantlink.microsoft;

import io.tenantlink.microsoft.GraphGateway.ServicePrincipalInfo;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalWithAppId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
        ManagementAccess.Access access = management.appOnly(tenantId, appId, true);
        if (access instanceof ManagementAccess.Refused refused) {
            return new NotGranted(
                    true,
                    new TreeSet<>(requiredApplication),
                    new TreeSet<>(requiredDelegated),
                    Optional.of(refused.reason()));
        }
        GraphGateway graph = ((ManagementAccess.Granted) access).gateway();
        GraphAnswer<ServicePrincipalInfo> self = graph.send(new ServicePrincipalWithAppId(appId, false, true));
        if (self.status() == 404) {
            return new NotGranted(
                    true, new TreeSet<>(requiredApplication), new TreeSet<>(requiredDelegated), Optional.empty());
        }
        if (!self.ok() || self.value() == null) {
            throw new IOException("Graph answered " + self.status() + " reading the app's service principal");
        }
        List<GraphGateway> readers = new ArrayList<>();
        managementReader(tenantId).ifPresent(readers::add);
        readers.add(graph);
        Set<String> missingApplication = new TreeSet<>(requiredApplication);
        missingApplication.removeAll(applicationPermissions(self.value().appRoleAssignments(), readers));

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
            return new Granted(self.value().id());
        }
        return new NotGranted(false, missingApplication, missingDelegated, Optional.empty());
    }

    /** The consent-management app's Graph access in the tenant, when configured and consented there. */
    private Optional<GraphGateway> managementReader(String tenantId) throws InterruptedException {
        try {
            return management.appOnly(tenantId) instanceof ManagementAccess.Granted granted
                    ? Optional.of(granted.gateway())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Microsoft Graph application permissions (names) among a service principal's app role assignments: those on
     * Microsoft Graph's service principal, named through that service principal's appRoles as the first reader allowed
     * to read them finds them; when none is (401/403), through the app role ids of Microsoft's permissions reference.
     * Anything else unknown counts as not granted.
     */
    static Set<String> applicationPermissions(List<GraphGateway.RoleAssignment> assignments, List<GraphGateway> readers)
            throws IOException {
        Map<String, String> names = null;
        String graphSpId = null;
        for (GraphGateway reader : readers) {
            GraphAnswer<ServicePrincipalInfo> graphSp =
                    reader.send(new ServicePrincipalWithAppId(GRAPH_APP_ID, true, false));
            if (graphSp.status() == 401 || graphSp.status() == 403) {
                continue;
            }
            if (!graphSp.ok() || graphSp.value() == null) {
                throw new IOException(
                        "Graph answered " + graphSp.status() + " reading Microsoft Graph's service principal");
            }
            graphSpId = graphSp.value().id();
            names = graphSp.value().appRoles();
            break;
        }
        Set<String> granted = new TreeSet<>();
        for (GraphGateway.RoleAssignment a : assignments) {
            if (a.appRoleId() == null) {
                continue;
            }
            String roleId = a.appRoleId().toLowerCase(Locale.ROOT);
            if (names != null) {
                boolean onGraph = graphSpId != null && graphSpId.equalsIgnoreCase(a.resourceId());
                String name = names.get(roleId);
                if (onGraph && name != null) {
                    granted.add(name);
                }
            } else {
                String name = PUBLISHED_GRAPH_APP_ROLES.get(roleId);
                if (name != null) {
                    granted.add(name);
                }
            }
        }
        return granted;
    }
}
