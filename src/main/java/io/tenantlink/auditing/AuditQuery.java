package io.tenantlink.auditing;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditApp;
import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * The grant history's filter as sent (the query parameters, each stripped; blank is absent): shown again in the form,
 * carried by the paging and export links, and checked into an {@link AuditFilter}. A value that cannot be meant
 * gives an {@link InvalidInputException} naming the field, never a guess.
 */
public record AuditQuery(
        String site,
        String tenant,
        String app,
        String actor,
        String action,
        String outcome,
        String from,
        String to,
        String text) {

    static final List<String> NAMES =
            List.of("site", "tenant", "app", "actor", "action", "outcome", "from", "to", "text");
    static final int MAX_TEXT = 200;
    private static final Pattern TENANT_ID = Pattern.compile("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$");

    public AuditQuery {
        site = clean(site);
        tenant = clean(tenant);
        app = clean(app);
        actor = clean(actor);
        action = clean(action);
        outcome = clean(outcome);
        from = clean(from);
        to = clean(to);
        text = clean(text);
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    List<String> values() {
        return java.util.Arrays.asList(site, tenant, app, actor, action, outcome, from, to, text);
    }

    /** The filter as URL query parameters (without '?'); empty when nothing is asked. */
    String queryString() {
        List<String> parts = new ArrayList<>();
        List<String> values = values();
        for (int i = 0; i < NAMES.size(); i++) {
            if (values.get(i) != null) {
                parts.add(NAMES.get(i) + "=" + URLEncoder.encode(values.get(i), StandardCharsets.UTF_8));
            }
        }
        return String.join("&", parts);
    }

    /**
     * The checked filter within what the caller may read: {@code readableSites} and, with {@code includeGlobal},
     * records of no site. The site must be one of the readable ones, the app one of {@code appKeys}.
     */
    AuditFilter filter(Set<Long> readableSites, boolean includeGlobal, Collection<String> appKeys) {
        return filter(readableSites, readableSites::contains, includeGlobal, appKeys);
    }

    /**
     * The same where the sites listed are not all the caller may read (one who reads every site's records has none
     * listed): {@code mayReadSite} decides whether the site asked for is one.
     */
    AuditFilter filter(
            Set<Long> readableSites, LongPredicate mayReadSite, boolean includeGlobal, Collection<String> appKeys) {
        Long siteId = null;
        if (site != null) {
            try {
                siteId = Long.parseLong(site);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("audit.error.site");
            }
            if (!mayReadSite.test(siteId)) {
                throw new InvalidInputException("audit.error.site");
            }
        }
        if (tenant != null && !TENANT_ID.matcher(tenant).matches()) {
            throw new InvalidInputException("audit.error.tenant");
        }
        if (app != null && !appKeys.contains(app)) {
            throw new InvalidInputException("audit.error.app");
        }
        if (actor != null && actor.length() > MAX_TEXT || text != null && text.length() > MAX_TEXT) {
            throw new InvalidInputException("audit.error.tooLong", MAX_TEXT);
        }
        AuditAction event = choice(AuditAction.class, action, "audit.error.action");
        AuditOutcome result = choice(AuditOutcome.class, outcome, "audit.error.outcome");
        Instant start = day(from, 0);
        Instant end = day(to, 1);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidInputException("audit.error.dateOrder");
        }
        return new AuditFilter(
                readableSites,
                includeGlobal,
                siteId,
                tenant == null ? null : tenant.toLowerCase(Locale.ROOT),
                app == null ? null : AuditApp.of(app),
                actor,
                event,
                result,
                start,
                end,
                text,
                null);
    }

    /** One of the enum's values by name, or null; another name is refused with the field's message. */
    private static <E extends Enum<E>> E choice(Class<E> type, String value, String refusal) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(refusal);
        }
    }

    /** A UTC day: its start, or with plusDays 1 the start of the next day (so "to" includes its whole day). */
    private static Instant day(String value, int plusDays) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value)
                    .plusDays(plusDays)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("audit.error.date");
        }
    }
}
