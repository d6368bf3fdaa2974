package io.tenantlink.ledger;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.doctor.CheckStatus;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.ledger.LedgerView.Event;
import io.tenantlink.ledger.LedgerView.Path;
import io.tenantlink.ledger.LedgerView.Status;
import io.tenantlink.ledger.LedgerView.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the grant ledger (pure: no database, no Microsoft): what each audit record of one tenant connection
 * means for each app and permission of the catalog, and whether each permission holds now by the consent doctor's
 * last check.
 *
 * <ul>
 * <li><b>Give permission</b>: the ChatOps connection confirmed after admin consent ({@code CONSENT_CONFIRMED}); granted
 * by the Microsoft account signed in for the connection (the last {@code TENANT_SIGNED_IN} before it), asked for by
 * the portal account that selected Give permission.</li>
 * <li><b>Already in place at sign-in</b>: the confirmation found the consent already there when the tenant was
 * (re)connected.</li>
 * <li><b>Approval link</b>: {@code APPROVAL_LINK_APPROVED}, by the tenant admin who opened it, shared by whoever
 * created the link; ChatOps links grant the ChatOps permissions, feature links ({@code feature:KEY:…[:optional]}) the
 * feature's required (and optional) permissions, consent-ahead links ({@code feature:KEY:VERSION:ahead}) what their
 * record says they asked for ("; asked for: A app:B"). The confirmation that follows a ChatOps link is the same
 * grant.</li>
 * <li><b>Chosen users</b>: a limited-user approval job's {@code GRANT_CREATED}/{@code GRANT_UPDATED} records, one
 * event per job and permission newly in the user's scopes, with the number of users.</li>
 * <li><b>Found outside TenantLink</b>: a permission the consent doctor saw gained ({@code CONSENT_DRIFT}, "gained")
 * with no grant through TenantLink since it last went, or one its check sees held with no event at all.</li>
 * <li><b>Removed</b>: through TenantLink ({@code CONSENT_REMOVED}, the ChatOps permissions), or found gone by the
 * consent doctor ({@code CONSENT_DRIFT}/{@code CONSENT_REVOKED}, "lost").</li>
 * </ul>
 * Failed and refused records grant nothing. OpenID Connect base scopes are not Graph permissions and are not listed.
 */
public final class GrantLedger {

    /** The consent doctor's last check of one app, and when it ran. */
    public record Check(FeatureCheck check, Instant at) {}

    private static final String SIGNER = "Microsoft account ";
    private static final Pattern LINK = Pattern.compile("^link (\\d+) \\(([^)]*)\\)");
    private static final Pattern JOB_GRANT =
            Pattern.compile("^app \\S+ \\(([a-z][a-z0-9-]*)\\), job (\\d+): scopes '([^']*)' -> '([^']*)'");
    private static final Pattern DRIFT = Pattern.compile("^feature ([a-z][a-z0-9-]*): ");
    private static final String APP_PREFIX = "app:";

    private final FeatureCatalog catalog;
    private final Set<String> baseScopes;
    private final Function<String, String> actorName;
    /** app key → permission key ("D:name" or "A:name", lower case) → its ledger line. */
    private final Map<String, Map<String, Line>> lines = new LinkedHashMap<>();

    private GrantLedger(FeatureCatalog catalog, Function<String, String> actorName) {
        this.catalog = catalog;
        this.actorName = actorName;
        this.baseScopes = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        baseScopes.addAll(catalog.baseScopes());
        baseScopes.addAll(List.of("openid", "profile", "email", "offline_access"));
        for (FeatureApp app : ordered(catalog)) {
            Map<String, Line> perms = new LinkedHashMap<>();
            lines.put(app.key(), perms);
            for (String scope : app.required()) {
                line(app.key(), Type.DELEGATED, scope).required = true;
            }
            for (String scope : app.optional()) {
                line(app.key(), Type.DELEGATED, scope).inCatalog = true;
            }
            for (String permission : app.application()) {
                line(app.key(), Type.APPLICATION, permission).required = true;
            }
        }
    }

    /**
     * The ledger of one connection: {@code records} are its audit records (its site and tenant) in sequence order,
     * {@code checks} the consent doctor's last check per app key, {@code actorName} how people read an actor as kept.
     */
    public static LedgerView build(
            FeatureCatalog catalog,
            List<AuditRecord> records,
            Map<String, Check> checks,
            Function<String, String> actorName) {
        GrantLedger ledger = new GrantLedger(catalog, actorName);
        ledger.read(records);
        return ledger.view(checks);
    }

    /** Portal accounts ({@code portal:NAME}) acting in these records: the names a caller looks up for {@code actorName}. */
    public static Set<String> accounts(Collection<AuditRecord> records) {
        Set<String> names = new TreeSet<>();
        for (AuditRecord r : records) {
            if (r.getActor().startsWith("portal:")) {
                names.add(r.getActor().substring("portal:".length()));
            }
        }
        return names;
    }

    /** Whether a record can matter to the ledger (the rest of a tenant's history is skipped early). */
    public static boolean relevant(AuditRecord r) {
        return switch (r.getAction()) {
            case TENANT_SIGNED_IN,
                    CONSENT_CONFIRMED,
                    APPROVAL_LINK_CREATED,
                    APPROVAL_LINK_APPROVED,
                    GRANT_CREATED,
                    GRANT_UPDATED,
                    CONSENT_DRIFT,
                    CONSENT_REVOKED,
                    CONSENT_REMOVED -> true;
            default -> false;
        };
    }

    private void read(List<AuditRecord> records) {
        String signer = null;
        Map<Long, String> linkCreators = new HashMap<>();
        Map<String, Event> jobEvents = new HashMap<>();
        for (AuditRecord r : records) {
            if (r.getOutcome() != AuditOutcome.SUCCESS
                    && r.getAction() != AuditAction.CONSENT_DRIFT
                    && r.getAction() != AuditAction.CONSENT_REVOKED) {
                continue;
            }
            String detail = r.getDetail() == null ? "" : r.getDetail();
            switch (r.getAction()) {
                case TENANT_SIGNED_IN -> signer = signerOf(detail).orElse(signer);
                case APPROVAL_LINK_CREATED -> {
                    Matcher m = LINK.matcher(detail);
                    if (m.find()) {
                        linkCreators.put(Long.parseLong(m.group(1)), r.getActor());
                    }
                }
                case CONSENT_CONFIRMED -> {
                    if (detail.startsWith("approved through a link")) {
                        continue; // the link's approval is the grant; this confirms it
                    }
                    boolean inPlace = detail.startsWith("consent already in place");
                    Event event = new Event(
                            r.getSeq(),
                            r.getOccurredAt(),
                            inPlace ? Path.IN_PLACE_AT_SIGN_IN : Path.GIVE_PERMISSION,
                            signer,
                            name(r.getActor()),
                            0,
                            null);
                    everyPermissionOf(catalog.feature(io.tenantlink.audit.AuditApp.CHATOPS), event);
                }
                case APPROVAL_LINK_APPROVED -> linkApproved(r, detail, linkCreators);
                case GRANT_CREATED, GRANT_UPDATED -> jobGrant(r, detail, jobEvents);
                case CONSENT_DRIFT, CONSENT_REVOKED -> drift(r, detail);
                case CONSENT_REMOVED ->
                    everyPermissionOf(
                            catalog.feature(io.tenantlink.audit.AuditApp.CHATOPS),
                            new Event(
                                    r.getSeq(),
                                    r.getOccurredAt(),
                                    Path.REMOVED_THROUGH_TENANTLINK,
                                    name(r.getActor()),
                                    null,
                                    0,
                                    null));
                default -> {}
            }
        }
    }

    /** "Microsoft account Megan Bowen (megan@contoso.example); holds a role…" → "Megan Bowen (megan@contoso.example)". */
    static Optional<String> signerOf(String detail) {
        if (!detail.startsWith(SIGNER)) {
            return Optional.empty();
        }
        String rest = detail.substring(SIGNER.length());
        int end = rest.lastIndexOf("; ");
        return Optional.of(end < 0 ? rest : rest.substring(0, end));
    }

    private void linkApproved(AuditRecord r, String detail, Map<Long, String> linkCreators) {
        Matcher m = LINK.matcher(detail);
        if (!m.find()) {
            return;
        }
        String set = m.group(2);
        String creator = linkCreators.get(Long.parseLong(m.group(1)));
        Event event = new Event(
                r.getSeq(),
                r.getOccurredAt(),
                Path.APPROVAL_LINK,
                name(r.getActor()),
                creator == null ? null : name(creator),
                0,
                null);
        Optional<FeatureLinkSet.Ahead> ahead = FeatureLinkSet.ahead(set);
        if (set.startsWith("chatops-")) {
            everyPermissionOf(catalog.feature(io.tenantlink.audit.AuditApp.CHATOPS), event);
        } else if (ahead.isPresent()) {
            // Consent ahead of the next catalog version: what the record says it asked for.
            int at = detail.indexOf(FeatureLinkSet.ASKED_FOR);
            if (at >= 0 && lines.containsKey(ahead.get().featureKey())) {
                for (String name : words(detail.substring(at + FeatureLinkSet.ASKED_FOR.length()))) {
                    boolean application = name.startsWith(APP_PREFIX);
                    add(
                            ahead.get().featureKey(),
                            application ? Type.APPLICATION : Type.DELEGATED,
                            application ? name.substring(APP_PREFIX.length()) : name,
                            event);
                }
            }
        } else if (FeatureLinkSet.isFeatureSet(set)) {
            String[] parts = set.substring(FeatureLinkSet.PREFIX.length()).split(":", -1);
            boolean withOptional = parts.length == 3 && parts[2].equals("optional");
            catalog.feature(parts[0]).ifPresent(app -> {
                app.required().forEach(s -> add(app.key(), Type.DELEGATED, s, event));
                if (withOptional) {
                    app.optional().forEach(s -> add(app.key(), Type.DELEGATED, s, event));
                }
                app.application().forEach(s -> add(app.key(), Type.APPLICATION, s, event));
            });
        }
    }

    private void jobGrant(AuditRecord r, String detail, Map<String, Event> jobEvents) {
        Matcher m = JOB_GRANT.matcher(detail);
        if (!m.find() || !lines.containsKey(m.group(1))) {
            return;
        }
        String app = m.group(1);
        long job = Long.parseLong(m.group(2));
        Set<String> before = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        before.addAll(words(m.group(3)));
        for (String scope : words(m.group(4))) {
            if (before.contains(scope) || baseScopes.contains(scope)) {
                continue;
            }
            String key = app + "|" + job + "|" + scope.toLowerCase(Locale.ROOT);
            Event seen = jobEvents.get(key);
            Line line = line(app, Type.DELEGATED, scope);
            if (seen == null) {
                Event event =
                        new Event(r.getSeq(), r.getOccurredAt(), Path.CHOSEN_USERS, name(r.getActor()), null, 1, job);
                jobEvents.put(key, event);
                line.history.add(event);
            } else {
                Event more =
                        new Event(seen.seq(), seen.at(), seen.path(), seen.who(), null, seen.users() + 1, seen.job());
                line.history.set(line.history.indexOf(seen), more);
                jobEvents.put(key, more);
            }
        }
    }

    /** "feature KEY: before → after; lost: A app:B; gained: C" → removals and grants found by the consent doctor. */
    private void drift(AuditRecord r, String detail) {
        Matcher m = DRIFT.matcher(detail);
        if (!m.find() || !lines.containsKey(m.group(1))) {
            return;
        }
        String app = m.group(1);
        for (String part : detail.split("; ")) {
            boolean lost = part.startsWith("lost: ");
            boolean gained = part.startsWith("gained: ");
            if (!lost && !gained) {
                continue;
            }
            for (String name : words(part.substring(part.indexOf(": ") + 2))) {
                Type type = name.startsWith(APP_PREFIX) ? Type.APPLICATION : Type.DELEGATED;
                String permission = type == Type.APPLICATION ? name.substring(APP_PREFIX.length()) : name;
                if (type == Type.DELEGATED && baseScopes.contains(permission)) {
                    continue;
                }
                Line line = line(app, type, permission);
                if (gained && line.lastGranted()) {
                    continue; // granted through TenantLink, and not gone since: the doctor sees that grant
                }
                line.history.add(new Event(
                        r.getSeq(),
                        r.getOccurredAt(),
                        lost ? Path.FOUND_REMOVED : Path.FOUND_OUTSIDE,
                        lost ? name(r.getActor()) : null,
                        null,
                        0,
                        null));
            }
        }
    }

    private void everyPermissionOf(Optional<FeatureApp> app, Event event) {
        app.ifPresent(a -> {
            a.required().forEach(s -> add(a.key(), Type.DELEGATED, s, event));
            a.optional().forEach(s -> add(a.key(), Type.DELEGATED, s, event));
            a.application().forEach(s -> add(a.key(), Type.APPLICATION, s, event));
        });
    }

    private void add(String app, Type type, String permission, Event event) {
        if (type == Type.DELEGATED && baseScopes.contains(permission)) {
            return;
        }
        line(app, type, permission).history.add(event);
    }

    private String name(String actor) {
        return actor == null ? null : actorName.apply(actor);
    }

    private LedgerView view(Map<String, Check> checks) {
        List<LedgerView.App> apps = new ArrayList<>();
        boolean anyHistory = false;
        for (Map.Entry<String, Map<String, Line>> app : lines.entrySet()) {
            Check check = checks.get(app.getKey());
            FeatureCheck found = check == null ? null : check.check();
            if (found != null) {
                found.delegated().extra().stream()
                        .filter(s -> !baseScopes.contains(s))
                        .forEach(s -> line(app.getKey(), Type.DELEGATED, s));
                found.application().extra().forEach(s -> line(app.getKey(), Type.APPLICATION, s));
            }
            List<LedgerView.Permission> permissions = new ArrayList<>();
            for (Line line : app.getValue().values()) {
                Status status = status(line, found);
                if (line.history.isEmpty() && (status == Status.HOLDS || status == Status.EXTRA)) {
                    line.history.add(new Event(null, check.at(), Path.FOUND_OUTSIDE, null, null, 0, null));
                }
                anyHistory |= !line.history.isEmpty();
                permissions.add(new LedgerView.Permission(
                        line.name, line.type, line.required || line.inCatalog, status, line.history));
            }
            permissions.sort(Comparator.comparing(LedgerView.Permission::type)
                    .thenComparing(p -> p.name().toLowerCase(Locale.ROOT)));
            apps.add(
                    new LedgerView.App(app.getKey(), installed(found), check == null ? null : check.at(), permissions));
        }
        return new LedgerView(apps, !checks.isEmpty(), anyHistory);
    }

    private static LedgerView.Installed installed(FeatureCheck check) {
        if (check == null) {
            return null;
        }
        return switch (check.status()) {
            case OK, MISSING -> LedgerView.Installed.INSTALLED;
            case NOT_INSTALLED -> LedgerView.Installed.NOT_INSTALLED;
            case NOT_CONFIGURED -> LedgerView.Installed.NOT_CONFIGURED;
        };
    }

    /**
     * Held (as asked, or extra); not held: missing when granted once, or required of an installed app; else not
     * granted (optional scopes, and apps never installed).
     */
    static Status status(Line line, FeatureCheck check) {
        if (check == null || check.status() == CheckStatus.NOT_CONFIGURED) {
            return Status.NOT_CHECKED;
        }
        var diff = line.type == Type.DELEGATED ? check.delegated() : check.application();
        if (contains(diff.matching(), line.name)) {
            return Status.HOLDS;
        }
        if (contains(diff.extra(), line.name)) {
            return Status.EXTRA;
        }
        boolean grantedOnce = line.history.stream().anyMatch(Event::granted);
        if (grantedOnce) {
            return Status.MISSING;
        }
        if (check.status() == CheckStatus.NOT_INSTALLED) {
            return Status.NOT_GRANTED; // never installed: nothing is lost, though the check lists the required ones
        }
        return contains(diff.missing(), line.name) || line.required ? Status.MISSING : Status.NOT_GRANTED;
    }

    private static boolean contains(Collection<String> names, String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    private Line line(String app, Type type, String permission) {
        Map<String, Line> perms = lines.computeIfAbsent(app, k -> new LinkedHashMap<>());
        return perms.computeIfAbsent(
                (type == Type.DELEGATED ? "D:" : "A:") + permission.toLowerCase(Locale.ROOT),
                k -> new Line(permission, type));
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    /** ChatOps first, then the feature apps in catalog order. */
    private static List<FeatureApp> ordered(FeatureCatalog catalog) {
        List<FeatureApp> apps = new ArrayList<>(catalog.features());
        apps.sort(Comparator.comparing(a -> !a.key().equals(io.tenantlink.audit.AuditApp.CHATOPS)));
        return apps;
    }

    /** One permission while the ledger is read. */
    static final class Line {
        final String name;
        final Type type;
        boolean required;
        boolean inCatalog;
        final List<Event> history = new ArrayList<>();

        Line(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        boolean lastGranted() {
            return !history.isEmpty() && history.get(history.size() - 1).granted();
        }
    }
}
