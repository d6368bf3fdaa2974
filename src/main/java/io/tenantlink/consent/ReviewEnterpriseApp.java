package io.tenantlink.consent;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.util.JSONObjectUtils;

import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.GraphResponse;
import io.tenantlink.microsoft.ManagementAccess;

/**
 * "Create the enterprise application only for review": the feature app's service principal alone,
 * tagged as an integrated app, with no grant. Idempotent: an existing service principal is reported,
 * not created again. Uses the consent-management app's app-only access to the tenant.
 */
@ApplicationScoped
public class ReviewEnterpriseApp {

    public static final String INTEGRATED_APP_TAG = "WindowsAzureActiveDirectoryIntegratedApp";

    public enum Outcome { CREATED, ALREADY_PRESENT, MANAGEMENT_NOT_CONSENTED, NOT_CONFIGURED, FAILED }

    /** What happened; servicePrincipalId when there is one; detail for the audit record (never a token). */
    public record Result(Outcome outcome, String servicePrincipalId, String detail) {
    }

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
            return new Result(Outcome.MANAGEMENT_NOT_CONSENTED, null,
                    "the consent-management app has no access to the tenant (AADSTS" + refused.reason().code() + ")");
        }
        return create(((ManagementAccess.Granted) access).graph(), clientId);
    }

    /** The Graph part, given a client: look the service principal up by appId, create it only when absent. */
    public static Result create(GraphClient graph, String clientId) {
        try {
            GraphResponse found = graph.get(byAppId(clientId));
            if (!found.ok()) {
                return new Result(Outcome.FAILED, null, "Graph answered HTTP " + found.status() + " to the lookup");
            }
            Optional<String> existing = firstId(found.body());
            if (existing.isPresent()) {
                return new Result(Outcome.ALREADY_PRESENT, existing.get(), "service principal " + existing.get() + " already present");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("appId", clientId);
            body.put("tags", List.of(INTEGRATED_APP_TAG));
            GraphResponse created = graph.send("POST", "/servicePrincipals", body);
            if (created.status() == 409) {
                // Created in the meantime (another click, another portal instance): report what is there now.
                GraphResponse again = graph.get(byAppId(clientId));
                String id = again.ok() ? firstId(again.body()).orElse(null) : null;
                return new Result(Outcome.ALREADY_PRESENT, id, "service principal already present (created concurrently)");
            }
            if (!created.ok()) {
                return new Result(Outcome.FAILED, null, "Graph answered HTTP " + created.status() + " to the creation");
            }
            String id = String.valueOf(JSONObjectUtils.parse(created.body()).get("id"));
            return new Result(Outcome.CREATED, id, "service principal " + id + " created, tagged " + INTEGRATED_APP_TAG
                    + ", no permission granted");
        } catch (IOException | ParseException e) {
            return new Result(Outcome.FAILED, null, "Graph did not answer usably: " + e.getClass().getSimpleName());
        }
    }

    static String byAppId(String clientId) {
        return "/servicePrincipals?$filter=" + URLEncoder.encode("appId eq '" + clientId + "'", StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    static Optional<String> firstId(String listBody) throws ParseException {
        Object value = JSONObjectUtils.parse(listBody).get("value");
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> sp && sp.get("id") instanceof String id) {
            return Optional.of(id);
        }
        return Optional.empty();
    }
}
