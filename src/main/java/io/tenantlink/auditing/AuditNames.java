package io.tenantlink.auditing;

import io.tenantlink.audit.AuditApp;
import io.tenantlink.platform.web.Messages;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the grant history calls the ids records carry: sites by name, Microsoft tenants by the name of a connection to
 * them, portal accounts by their display name, and the apps a record concerns (keys of {@code appKeys}, ChatOps
 * first). Built per request from what the caller may read.
 *
 * @param connections connection id by "siteId/tenantId"
 * @param people display names by username
 */
record AuditNames(
        Map<Long, String> sites,
        Map<String, String> tenants,
        Map<String, Long> connections,
        Map<String, String> people,
        List<String> appKeys) {

    static final String PORTAL = "portal:";
    static final String API_TOKEN = "api-token:";

    String site(Long siteId) {
        return siteId == null ? null : sites.get(siteId);
    }

    String tenant(String tenantId) {
        return tenantId == null ? null : tenants.get(tenantId);
    }

    Optional<Long> connection(Long siteId, String tenantId) {
        return siteId == null || tenantId == null
                ? Optional.empty()
                : Optional.ofNullable(connections.get(siteId + "/" + tenantId));
    }

    Optional<String> app(String subject, String detail) {
        return AuditApp.keyOf(subject, detail, appKeys);
    }

    /** The account's username for {@code portal:NAME}, else null. */
    static String account(String actor) {
        return actor.startsWith(PORTAL) ? actor.substring(PORTAL.length()) : null;
    }

    /** How people read the actor: an account's display name, TenantLink itself, an API token, or the actor as kept. */
    String actor(String actor) {
        String account = account(actor);
        if (account != null) {
            return people.getOrDefault(account, account);
        }
        if (actor.equals("system") || actor.startsWith("system:")) {
            return Messages.get(Locale.ENGLISH, "audit.actor.system");
        }
        if (actor.startsWith(API_TOKEN)) {
            return Messages.get(Locale.ENGLISH, "audit.actor.apiToken", actor.substring(API_TOKEN.length()));
        }
        return actor;
    }
}
