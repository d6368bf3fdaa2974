package io.tenantlink.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The app or feature a record concerns, as records carry it: records have no app column, the writers name it in the
 * subject or detail. The ChatOps app: events of a connection ({@code connection N}) that name no feature, and its
 * approval links ({@code (chatops-…)}); a feature app KEY: {@code feature KEY}, {@code feature KEY (connection N)},
 * grant jobs ({@code app … (KEY)}), feature approval links ({@code (feature:KEY:…)}) and refusals naming
 * {@code feature KEY}. One list of rules serves the database query (as LIKE patterns) and the page (in Java), so both
 * agree.
 */
public record AuditApp(String key, List<Rule> rules) {

    public static final String CHATOPS = "chatops";

    /**
     * Matches when the subject is like {@code subjectLike}, the detail like {@code detailLike} and the detail is not
     * like {@code detailNotLike} (a null part is not checked; a missing detail is never like a pattern). Patterns use
     * {@code %} only, and no {@code _}.
     */
    public record Rule(String subjectLike, String detailLike, String detailNotLike) {
        public boolean matches(String subject, String detail) {
            return (subjectLike == null || like(subject, subjectLike))
                    && (detailLike == null || like(detail, detailLike))
                    && (detailNotLike == null || detail == null || !like(detail, detailNotLike));
        }
    }

    public AuditApp {
        rules = List.copyOf(rules);
    }

    /** The rules for an app key: {@link #CHATOPS} or a feature key of the catalog ([a-z][a-z0-9-]*). */
    public static AuditApp of(String key) {
        if (!key.matches("^[a-z][a-z0-9-]{0,39}$")) {
            throw new IllegalArgumentException("not an app key");
        }
        List<Rule> rules = new ArrayList<>();
        if (key.equals(CHATOPS)) {
            rules.add(new Rule("connection %", null, "%feature%"));
            rules.add(new Rule(null, "%(chatops-%", null));
        }
        rules.add(new Rule("feature " + key, null, null));
        rules.add(new Rule("feature " + key + " (%", null, null));
        rules.add(new Rule(null, "%(" + key + ")%", null));
        rules.add(new Rule(null, "%(feature:" + key + ":%", null));
        rules.add(new Rule(null, "%feature " + key + ":%", null));
        rules.add(new Rule(null, "%feature " + key + " %", null));
        return new AuditApp(key, rules);
    }

    public boolean matches(String subject, String detail) {
        return rules.stream().anyMatch(r -> r.matches(subject, detail));
    }

    /** The first of these app keys a record concerns. */
    public static Optional<String> keyOf(String subject, String detail, Collection<String> keys) {
        return keys.stream().filter(k -> known(k).matches(subject, detail)).findFirst();
    }
    /** Apps by key, each made once (the grant history names the app of 50 records among 8 keys per page). */
    private static final java.util.Map<String, AuditApp> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

    private static AuditApp known(String key) {
        AuditApp app = KNOWN.get(key);
        if (app == null) {
            app = of(key);
            if (KNOWN.size() < 1_000) {
                KNOWN.put(key, app);
            }
        }
        return app;
    }

    /** SQL LIKE with {@code %} as the only wildcard. */
    static boolean like(String value, String pattern) {
        if (value == null) {
            return false;
        }
        String[] parts = pattern.split("%", -1);
        if (parts.length == 1) {
            return value.equals(pattern);
        }
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }
}
