package io.tenantlink.microsoft;

import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.OAuth2PermissionGrantCollectionResponse;
import com.microsoft.graph.models.Organization;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.ServicePrincipalCollectionResponse;
import com.microsoft.graph.models.VerifiedDomain;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The portal's typed way into Microsoft Graph, on the Graph SDK's request builders and models: feature code asks for
 * what it needs (a tenant's organization, a service principal, its grants) and gets records back, never URLs or maps.
 * Graph's refusals come back as {@link GraphRefusal} with their status; no answer at all as {@link IOException}.
 * The SDK's own handlers retry throttled requests after Retry-After; the routing interceptor sends them to a stand-in
 * when routes are configured ({@link GraphSdk}).
 */
public final class GraphGateway {

    /** The tenant's name and default verified domain. */
    public record TenantOrganization(String displayName, String defaultDomain) {}

    /** Graph answered with an error status (403: a permission is missing, 404: no such object, ...). */
    public static final class GraphRefusal extends Exception {
        private final int status;

        GraphRefusal(int status, String message) {
            super("Graph answered " + status + (message == null ? "" : ": " + message));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final GraphServiceClient sdk;

    public GraphGateway(GraphServiceClient sdk) {
        this.sdk = Objects.requireNonNull(sdk, "sdk");
    }

    /** GET /organization (User.Read is enough for the signed-in user's own tenant). */
    public Optional<TenantOrganization> organization() throws IOException, GraphRefusal {
        OrganizationCollectionResponse page = call(() -> sdk.organization()
                .get(request ->
                        request.queryParameters.select = new String[] {"id", "displayName", "verifiedDomains"}));
        if (page == null || page.getValue() == null || page.getValue().isEmpty()) {
            return Optional.empty();
        }
        Organization organization = page.getValue().get(0);
        String domain = null;
        if (organization.getVerifiedDomains() != null) {
            for (VerifiedDomain verified : organization.getVerifiedDomains()) {
                if (Boolean.TRUE.equals(verified.getIsDefault())) {
                    domain = verified.getName();
                }
            }
        }
        return Optional.of(new TenantOrganization(organization.getDisplayName(), domain));
    }

    /** The id of an application's service principal in the tenant, if the app has one there. */
    public Optional<String> servicePrincipalId(String appId) throws IOException, GraphRefusal {
        ServicePrincipalCollectionResponse found =
                call(() -> sdk.servicePrincipals().get(request -> {
                    request.queryParameters.filter = "appId eq '" + guid(appId) + "'";
                    request.queryParameters.select = new String[] {"id"};
                }));
        return found == null || found.getValue() == null
                ? Optional.empty()
                : found.getValue().stream()
                        .map(ServicePrincipal::getId)
                        .filter(Objects::nonNull)
                        .findFirst();
    }

    /** Creates an application's service principal in the tenant (the app then appears under Enterprise applications). */
    public String createServicePrincipal(String appId, List<String> tags) throws IOException, GraphRefusal {
        ServicePrincipal principal = new ServicePrincipal();
        principal.setAppId(guid(appId));
        principal.setTags(new ArrayList<>(tags));
        return call(() -> sdk.servicePrincipals().post(principal)).getId();
    }

    /** The ids of every delegated grant whose client is this service principal (all pages, at most {@code max}). */
    public List<String> delegatedGrantIds(String clientServicePrincipalId, int max) throws IOException, GraphRefusal {
        List<String> ids = new ArrayList<>();
        OAuth2PermissionGrantCollectionResponse page = call(() -> sdk.oauth2PermissionGrants()
                .get(request ->
                        request.queryParameters.filter = "clientId eq '" + guid(clientServicePrincipalId) + "'"));
        while (page != null && ids.size() < max) {
            for (OAuth2PermissionGrant grant :
                    page.getValue() == null ? List.<OAuth2PermissionGrant>of() : page.getValue()) {
                if (ids.size() < max) {
                    ids.add(grant.getId());
                }
            }
            String next = page.getOdataNextLink();
            page = next == null
                    ? null
                    : call(() -> sdk.oauth2PermissionGrants().withUrl(next).get());
        }
        return ids;
    }

    /** Deletes one delegated grant; false when it was already gone. */
    public boolean deleteDelegatedGrant(String grantId) throws IOException, GraphRefusal {
        return deleted(() ->
                sdk.oauth2PermissionGrants().byOAuth2PermissionGrantId(grantId).delete());
    }

    /** One app role assignment: its id and the principal (a service principal or user) it was granted to. */
    public record RoleAssignment(String id, String principalId) {}

    /** App role assignments granted on a resource (e.g. Microsoft Graph's service principal), all pages, at most {@code max}. */
    public List<RoleAssignment> appRoleAssignedTo(String resourceServicePrincipalId, int max)
            throws IOException, GraphRefusal {
        List<RoleAssignment> assignments = new ArrayList<>();
        AppRoleAssignmentCollectionResponse page = call(() -> sdk.servicePrincipals()
                .byServicePrincipalId(guid(resourceServicePrincipalId))
                .appRoleAssignedTo()
                .get());
        while (page != null && assignments.size() < max) {
            for (AppRoleAssignment assignment :
                    page.getValue() == null ? List.<AppRoleAssignment>of() : page.getValue()) {
                if (assignments.size() < max) {
                    assignments.add(new RoleAssignment(
                            assignment.getId(),
                            assignment.getPrincipalId() == null
                                    ? null
                                    : assignment.getPrincipalId().toString()));
                }
            }
            String next = page.getOdataNextLink();
            page = next == null
                    ? null
                    : call(() -> sdk.servicePrincipals()
                            .byServicePrincipalId(resourceServicePrincipalId)
                            .appRoleAssignedTo()
                            .withUrl(next)
                            .get());
        }
        return assignments;
    }

    /** Removes one app role assignment from a resource; false when it was already gone. */
    public boolean deleteAppRoleAssignedTo(String resourceServicePrincipalId, String assignmentId)
            throws IOException, GraphRefusal {
        return deleted(() -> sdk.servicePrincipals()
                .byServicePrincipalId(guid(resourceServicePrincipalId))
                .appRoleAssignedTo()
                .byAppRoleAssignmentId(assignmentId)
                .delete());
    }

    private interface GraphCall<T> {
        T run();
    }

    private boolean deleted(Runnable delete) throws IOException, GraphRefusal {
        try {
            call(() -> {
                delete.run();
                return Boolean.TRUE;
            });
            return true;
        } catch (GraphRefusal refusal) {
            if (refusal.status() == 404) {
                return false;
            }
            throw refusal;
        }
    }

    /** Graph's error statuses as {@link GraphRefusal}; a request that got no answer (network, timeout) as IOException. */
    private static <T> T call(GraphCall<T> call) throws IOException, GraphRefusal {
        try {
            return call.run();
        } catch (ApiException refused) {
            if (refused.getResponseStatusCode() > 0) {
                throw new GraphRefusal(refused.getResponseStatusCode(), refused.getMessage());
            }
            throw new IOException("Microsoft Graph did not answer", refused);
        } catch (RuntimeException failed) {
            for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
                if (cause instanceof InterruptedIOException || cause instanceof IOException) {
                    throw new IOException("Microsoft Graph did not answer", failed);
                }
            }
            throw failed;
        }
    }

    /** Ids go into OData filters: only a GUID may, so nothing can be injected into the filter. */
    private static String guid(String id) {
        if (id == null || !id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("Not an object id: " + id);
        }
        return id;
    }
}
