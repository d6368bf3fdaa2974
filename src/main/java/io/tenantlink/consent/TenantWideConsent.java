package io.tenantlink.consent;

import io.tenantlink.doctor.ClientFacts;
import io.tenantlink.doctor.ConsentReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a tenant has approved a feature app for all users, read from Microsoft Graph (never from
 * what a consent redirect claims) by the consent doctor's {@link ConsentReader}: the app's service
 * principal, and the scopes of its tenant-wide delegated grant to Microsoft Graph against the scopes
 * the catalog requires.
 */
@ApplicationScoped
public class TenantWideConsent {

    /** OpenID Connect scopes: part of every sign-in, not Microsoft Graph permissions to verify. */
    static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    public enum State {
        GRANTED,
        MISSING_SCOPES,
        NO_SERVICE_PRINCIPAL,
        NOT_VERIFIABLE
    }

    /** granted: the scopes the tenant-wide grants hold; missing: required scopes they lack; missingOptional likewise. */
    public record Status(State state, Set<String> granted, List<String> missing, List<String> missingOptional) {
        public boolean verified() {
            return state != State.NOT_VERIFIABLE;
        }
    }

    @Inject
    ConsentReader reader;

    public Status check(String tenantId, String clientId, Collection<String> required, Collection<String> optional)
            throws InterruptedException {
        if (!(reader.read(tenantId, List.of(clientId)) instanceof ConsentReader.Read read)) {
            return new Status(State.NOT_VERIFIABLE, Set.of(), List.of(), List.of());
        }
        ClientFacts facts = read.facts().get(clientId.toLowerCase(Locale.ROOT));
        return decide(facts == null || !facts.installed() ? null : facts.delegated(), required, optional);
    }

    /** The decision, given the tenant-wide granted scopes (null: no service principal). Scope names compare case-insensitively. */
    public static Status decide(Set<String> grantedOrNull, Collection<String> required, Collection<String> optional) {
        if (grantedOrNull == null) {
            return new Status(State.NO_SERVICE_PRINCIPAL, Set.of(), graphScopes(required), graphScopes(optional));
        }
        Set<String> lower = new HashSet<>();
        grantedOrNull.forEach(s -> lower.add(s.toLowerCase(Locale.ROOT)));
        List<String> missing = graphScopes(required).stream()
                .filter(s -> !lower.contains(s.toLowerCase(Locale.ROOT)))
                .toList();
        List<String> missingOptional = graphScopes(optional).stream()
                .filter(s -> !lower.contains(s.toLowerCase(Locale.ROOT)))
                .toList();
        return new Status(
                missing.isEmpty() ? State.GRANTED : State.MISSING_SCOPES,
                Set.copyOf(grantedOrNull),
                missing,
                missingOptional);
    }

    private static List<String> graphScopes(Collection<String> scopes) {
        return scopes.stream().filter(s -> !OPENID_SCOPES.contains(s)).toList();
    }
}
