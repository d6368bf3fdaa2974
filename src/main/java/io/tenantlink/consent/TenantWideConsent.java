package io.tenantlink.consent;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.util.JSONObjectUtils;

import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.GraphResponse;
import io.tenantlink.microsoft.ManagementAccess;

/**
 * Whether a tenant has approved a feature app for all users, read from Microsoft Graph (never from
 * what a consent redirect claims): the app's service principal, and the scopes of its tenant-wide
 * (consentType AllPrincipals) delegated grants against the scopes the catalog requires.
 */
@ApplicationScoped
public class TenantWideConsent {

    /** OpenID Connect scopes: part of every sign-in, not Microsoft Graph permissions to verify. */
    static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    public enum State { GRANTED, MISSING_SCOPES, NO_SERVICE_PRINCIPAL, NOT_VERIFIABLE }

    /** granted: the scopes the tenant-wide grants hold; missing: required scopes they lack; missingOptional likewise. */
    public record Status(State state, Set<String> granted, List<String> missing, List<String> missingOptional) {
        public boolean verified() {
            return state != State.NOT_VERIFIABLE;
        }
    }

    @Inject
    ManagementAccess management;

    public Status check(String tenantId, String clientId, Collection<String> required, Collection<String> optional)
            throws InterruptedException {
        try {
            if (management.appOnly(tenantId) instanceof ManagementAccess.Granted granted) {
                return check(granted.graph(), clientId, required, optional);
            }
        } catch (IOException e) {
            // Not verifiable now; the page says so.
        }
        return new Status(State.NOT_VERIFIABLE, Set.of(), List.of(), List.of());
    }

    public static Status check(GraphClient graph, String clientId, Collection<String> required, Collection<String> optional) {
        try {
            GraphResponse sps = graph.get(ReviewEnterpriseApp.byAppId(clientId));
            if (!sps.ok()) {
                return new Status(State.NOT_VERIFIABLE, Set.of(), List.of(), List.of());
            }
            Optional<String> spId = ReviewEnterpriseApp.firstId(sps.body());
            if (spId.isEmpty()) {
                return decide(null, required, optional);
            }
            GraphResponse grants = graph.get("/oauth2PermissionGrants?$filter=" + URLEncoder.encode(
                    "clientId eq '" + spId.get() + "' and consentType eq 'AllPrincipals'", StandardCharsets.UTF_8).replace("+", "%20"));
            if (!grants.ok()) {
                return new Status(State.NOT_VERIFIABLE, Set.of(), List.of(), List.of());
            }
            Set<String> granted = new LinkedHashSet<>();
            if (JSONObjectUtils.parse(grants.body()).get("value") instanceof List<?> list) {
                for (Object g : list) {
                    if (g instanceof Map<?, ?> grant && grant.get("scope") instanceof String scope) {
                        for (String s : scope.trim().split("\\s+")) {
                            if (!s.isEmpty()) {
                                granted.add(s);
                            }
                        }
                    }
                }
            }
            return decide(granted, required, optional);
        } catch (IOException | ParseException e) {
            return new Status(State.NOT_VERIFIABLE, Set.of(), List.of(), List.of());
        }
    }

    /** The decision, given the tenant-wide granted scopes (null: no service principal). Scope names compare case-insensitively. */
    public static Status decide(Set<String> grantedOrNull, Collection<String> required, Collection<String> optional) {
        if (grantedOrNull == null) {
            return new Status(State.NO_SERVICE_PRINCIPAL, Set.of(), graphScopes(required), graphScopes(optional));
        }
        Set<String> lower = new java.util.HashSet<>();
        grantedOrNull.forEach(s -> lower.add(s.toLowerCase(java.util.Locale.ROOT)));
        List<String> missing = graphScopes(required).stream().filter(s -> !lower.contains(s.toLowerCase(java.util.Locale.ROOT))).toList();
        List<String> missingOptional = graphScopes(optional).stream().filter(s -> !lower.contains(s.toLowerCase(java.util.Locale.ROOT))).toList();
        return new Status(missing.isEmpty() ? State.GRANTED : State.MISSING_SCOPES, Set.copyOf(grantedOrNull), missing, missingOptional);
    }

    private static List<String> graphScopes(Collection<String> scopes) {
        return scopes.stream().filter(s -> !OPENID_SCOPES.contains(s)).toList();
    }
}
