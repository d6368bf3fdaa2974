package io.tenantlink.account;

import io.tenantlink.platform.web.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * How pages name the actors records keep ("portal:sam.siteadmin", "system:consent-doctor", a Microsoft account's
 * description): a portal account by its display name (every feature's pages use it; it lives with accounts so that
 * none of them depends on another feature for it), TenantLink's own timers as TenantLink, anything else as kept.
 */
@ApplicationScoped
public class ActorNames {

    static final String PORTAL = "portal:";

    @Inject
    AccountService accounts;

    /** Names for these actors, looked up once; an actor not among them is named as {@link #plain} would. */
    public UnaryOperator<String> of(Collection<String> actors) {
        Set<String> usernames = new TreeSet<>();
        for (String actor : actors) {
            if (actor != null && actor.startsWith(PORTAL)) {
                usernames.add(actor.substring(PORTAL.length()));
            }
        }
        Map<String, String> people = usernames.isEmpty() ? Map.of() : accounts.displayNames(usernames);
        return actor -> plain(actor, people);
    }

    /**
     * Every one of these actors (nulls left out) with the name people read, looked up once: for pages that name the
     * actors of a list ({@code names[e.actor]} in a template).
     */
    public Map<String, String> named(Collection<String> actors) {
        UnaryOperator<String> names = of(actors);
        Map<String, String> named = new HashMap<>();
        for (String actor : actors) {
            if (actor != null) {
                named.put(actor, names.apply(actor));
            }
        }
        return named;
    }

    /** One actor as people read it (one look-up). */
    public String name(String actor) {
        return actor == null ? null : of(List.of(actor)).apply(actor);
    }

    /** {@code actor} as people read it, given display names by username (pure). */
    public static String plain(String actor, Map<String, String> people) {
        if (actor == null) {
            return null;
        }
        if (actor.startsWith(PORTAL)) {
            String username = actor.substring(PORTAL.length());
            return people.getOrDefault(username, username);
        }
        if (actor.equals("system") || actor.startsWith("system:")) {
            return Messages.get(Locale.ENGLISH, "audit.actor.system");
        }
        return actor;
    }
}
