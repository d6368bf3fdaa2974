package io.tenantlink.consent;

import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.ManagementAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * "Create the enterprise application only for review": the feature app's service principal alone,
 * tagged as an integrated app, with no grant. Idempotent: an existing service principal is reported,
 * not created again. Uses the consent-management app's app-only access to the tenant.
 */
@ApplicationScoped
public class ReviewEnterpriseApp {

    public static final String INTEGRATED_APP_TAG = "WindowsAzureActiveDirectoryIntegratedApp";

    public enum Outcome {
        CREATED,
        ALREADY_PRESENT,
        MANAGEMENT_NOT_CONSENTED,
        NOT_CONFIGURED,
        FAILED
    }

    /** What happened; servicePrincipalId when there is one; detail for the audit record (never a token). */
    public record Result(Outcome outcome, String servicePrincipalId, String detail) {}

    @Inject
    ManagementAccess management;

    public Result create(String tenantId, String clientId) throws InterruptedException {
        ManagementAccess.Access access;
        try {
            access = management.appOnly(tenantId);
        } catch (IOException e) {
            return new Result(Outcome.FAILED, null, "Microsoft did not answer the token request");
        }
        if (access instanceof ManagementAccess.NotConfigured) {
            return new Result(Outcome.NOT_CONFIGURED, null, "no consent-management app registration is configured");
        }
        if (access instanceof ManagementAccess.Refused refused) {
            return new Result(
                    Outcome.MANAGEMENT_NOT_CONSENTED,
                    null,
                    "the consent-management app has no access to the tenant (AADSTS"
                            + refused.reason().code() + ")");
        }
        return create(((ManagementAccess.Granted) access).gateway(), clientId);
    }

    /** The Graph part, given a gateway: look the service principal up by appId, create it only when absent. */
    public static Result create(GraphGateway graph, String clientId) {
        try {
            Optional<String> existing = graph.servicePrincipalId(clientId);
            if (existing.isPresent()) {
                return new Result(
                        Outcome.ALREADY_PRESENT,
                        existing.get(),
                        "service principal " + existing.get() + " already present");
            }
            try {
                String id = graph.createServicePrincipal(clientId, List.of(INTEGRATED_APP_TAG));
                return new Result(
                        Outcome.CREATED,
                        id,
                        "service principal " + id + " created, tagged " + INTEGRATED_APP_TAG
                                + ", no permission granted");
            } catch (GraphGateway.GraphRefusal refusal) {
                if (refusal.status() != 409) {
                    throw refusal;
                }
                // Created in the meantime (another click, another portal instance): report what is there now.
                return new Result(
                        Outcome.ALREADY_PRESENT,
                        graph.servicePrincipalId(clientId).orElse(null),
                        "service principal already present (created concurrently)");
            }
        } catch (GraphGateway.GraphRefusal refusal) {
            return new Result(Outcome.FAILED, null, "Graph answered HTTP " + refusal.status());
        } catch (IOException e) {
            return new Result(
                    Outcome.FAILED,
                    null,
                    "Graph did not answer usably: " + e.getClass().getSimpleName());
        }
    }
}
