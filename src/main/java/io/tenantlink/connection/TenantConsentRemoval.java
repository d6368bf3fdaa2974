package io.tenantlink.connection;

import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftApps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;

/**
 * Removes the ChatOps app's permissions from a tenant, when a site admin explicitly asks for it at
 * disconnect: its tenant-wide and per-user delegated grants and its application permissions (app
 * role assignments on Microsoft Graph). The service principal itself stays (other apps' data, and
 * the tenant's own review, may refer to it). Uses the consent-management app's Graph access.
 */
@ApplicationScoped
public class TenantConsentRemoval {

    static final String MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    private static final int MAX_ITEMS = 10_000;

    @Inject
    ManagementAccess management;

    @Inject
    MicrosoftApps apps;

    /** What was removed, or why nothing could be. */
    public record Outcome(boolean done, int grantsRemoved, int appPermissionsRemoved, String problem) {
        static Outcome failed(String problem) {
            return new Outcome(false, 0, 0, problem);
        }
    }

    public Outcome removeChatOps(String tenantId) throws InterruptedException {
        try {
            ManagementAccess.Access access = management.appOnly(tenantId);
            if (!(access instanceof ManagementAccess.Granted granted)) {
                return Outcome.failed(
                        access instanceof ManagementAccess.Refused refused
                                ? "management app not consented in the tenant (AADSTS"
                                        + refused.reason().code() + ")"
                                : "no consent-management app is configured");
            }
            GraphGateway graph = granted.gateway();
            Optional<String> clientSp = graph.servicePrincipalId(apps.chatOpsClientId());
            if (clientSp.isEmpty()) {
                return new Outcome(true, 0, 0, null);
            }
            int grants = 0;
            for (String grantId : graph.delegatedGrantIds(clientSp.get(), MAX_ITEMS)) {
                grants += graph.deleteDelegatedGrant(grantId) ? 1 : 0;
            }
            int roles = 0;
            Optional<String> graphSp = graph.servicePrincipalId(MICROSOFT_GRAPH_APP_ID);
            if (graphSp.isPresent()) {
                for (GraphGateway.RoleAssignment assignment : graph.appRoleAssignedTo(graphSp.get(), MAX_ITEMS)) {
                    if (clientSp.get().equalsIgnoreCase(assignment.principalId())) {
                        roles += graph.deleteAppRoleAssignedTo(graphSp.get(), assignment.id()) ? 1 : 0;
                    }
                }
            }
            return new Outcome(true, grants, roles, null);
        } catch (IOException e) {
            return Outcome.failed("Microsoft Graph did not complete the removal: " + e.getMessage());
        } catch (GraphGateway.GraphRefusal refusal) {
            return Outcome.failed("Microsoft Graph refused the removal: " + refusal.getMessage());
        }
    }
}
