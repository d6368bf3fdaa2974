package io.tenantlink.connection;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.GraphResponse;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftApps;

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
                return Outcome.failed(access instanceof ManagementAccess.Refused refused
                        ? "management app not consented in the tenant (AADSTS" + refused.reason().code() + ")"
                        : "no consent-management app is configured");
            }
            GraphClient graph = granted.graph();
            String clientSp = servicePrincipalId(graph, apps.chatOpsClientId());
            if (clientSp == null) {
                return new Outcome(true, 0, 0, null);
            }
            int grants = 0;
            for (Map<String, Object> grant : graph.getAll("/oauth2PermissionGrants?$filter=" + enc("clientId eq '" + clientSp + "'"), MAX_ITEMS)) {
                grants += deleted(graph.send("DELETE", "/oauth2PermissionGrants/" + grant.get("id"), null));
            }
            int roles = 0;
            String graphSp = servicePrincipalId(graph, MICROSOFT_GRAPH_APP_ID);
            if (graphSp != null) {
                for (Map<String, Object> assignment : graph.getAll("/servicePrincipals/" + graphSp + "/appRoleAssignedTo", MAX_ITEMS)) {
                    if (clientSp.equalsIgnoreCase(String.valueOf(assignment.get("principalId")))) {
                        roles += deleted(graph.send("DELETE", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + assignment.get("id"), null));
                    }
                }
            }
            return new Outcome(true, grants, roles, null);
        } catch (IOException e) {
            return Outcome.failed("Microsoft Graph did not complete the removal: " + e.getMessage());
        }
    }

    private static int deleted(GraphResponse response) throws IOException {
        if (response.status() == 204 || response.status() == 404) {
            return response.status() == 204 ? 1 : 0;
        }
        throw new IOException("Graph answered " + response.status() + " to a delete");
    }

    private static String servicePrincipalId(GraphClient graph, String appId) throws IOException {
        List<Map<String, Object>> found = graph.getAll("/servicePrincipals?$filter=" + enc("appId eq '" + appId + "'") + "&$select=id", 1);
        return found.isEmpty() ? null : String.valueOf(found.get(0).get("id"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
