package io.tenantlink.auditing;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.account.AccountService;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditApp;
import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.connection.ConnectionName;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVPrinter;

/**
 * The grant history: filter, page through (keyset, newest first), open one record, export as verifiable CSV, verify a
 * site's records or the whole chain. Read-only by design; what a caller may read is the access policy's decision
 * (READ_SITE_AUDIT per site, READ_GLOBAL_AUDIT for records of no site).
 */
@Path("audit")
@RequestScoped
public class AuditController {

    static final int PAGE_SIZE = 50;
    static final int RELATED = 5;
    /** Up to this many tenants are offered without a site chosen; beyond, those of the chosen site only. */
    static final int TENANT_CHOICES = 200;
    /** Up to this many sites are offered as a list; beyond, the site is typed (by name or number). */
    static final int SITE_CHOICES = 100;

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    CurrentUser currentUser;

    @Inject
    SiteService siteService;

    @Inject
    ConnectionService connectionService;

    @Inject
    AccountService accountService;

    @Inject
    FeatureApps featureApps;

    @Inject
    AuditLog auditLog;

    @GET
    @Controller
    public Response list(
            @QueryParam("site") String site,
            @QueryParam("tenant") String tenant,
            @QueryParam("app") String app,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("outcome") String outcome,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("text") String text,
            @QueryParam("before") String before,
            @QueryParam("after") String after) {
        Readable readable = readable();
        AuditQuery query =
                new AuditQuery(siteByName(site, readable), tenant, app, actor, action, outcome, from, to, text);
        List<String> appKeys = appKeys();
        filterForm(query, readable, appKeys);
        AuditFilter filter;
        AuditCursor cursor;
        try {
            filter = filter(query, readable, appKeys);
            cursor = AuditCursor.parse(before, after);
        } catch (InvalidInputException problem) {
            models.put("records", List.of());
            return Views.invalid(models, problem, "audit/list.html");
        }
        List<AuditRecord> page = auditLog.page(filter, cursor.before(), cursor.after(), PAGE_SIZE + 1);
        boolean newer;
        boolean older;
        if (cursor.after() != null && page.size() <= PAGE_SIZE) {
            // Reached the newest records: the first page, full, rather than a short one.
            cursor = AuditCursor.NEWEST;
            page = auditLog.page(filter, null, null, PAGE_SIZE + 1);
        }
        if (cursor.after() != null) {
            page = page.subList(page.size() - PAGE_SIZE, page.size());
            newer = true;
            older = auditLog.any(filter, null, page.get(page.size() - 1).getSeq());
        } else {
            older = page.size() > PAGE_SIZE;
            page = page.subList(0, Math.min(PAGE_SIZE, page.size()));
            newer = !cursor.newest()
                    && !page.isEmpty()
                    && auditLog.any(filter, page.get(0).getSeq(), null);
        }
        AuditNames names = names(page, readable, appKeys);
        List<AuditRecordView> records =
                page.stream().map(r -> AuditRecordView.of(r, names)).toList();
        models.put("records", records);
        String filterQuery = query.queryString();
        String prefix = "/audit?" + (filterQuery.isEmpty() ? "" : filterQuery + "&");
        if (!records.isEmpty()) {
            models.put("newerUrl", newer ? prefix + "after=" + records.get(0).seq() : null);
            models.put(
                    "olderUrl",
                    older ? prefix + "before=" + records.get(records.size() - 1).seq() : null);
        }
        return Response.ok("audit/list.html").build();
    }

    /** Everything about one record, with links to its tenant and app and to related records. */
    @GET
    @Controller
    @Path("{seq: [0-9]+}")
    public String record(@PathParam("seq") String number) {
        long seq;
        try {
            seq = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new NotFoundException();
        }
        Readable readable = readable();
        AuditFilter visible =
                readable.scope(AuditFilter.visible(readable.listed().keySet(), readable.global()));
        AuditRecord record = auditLog.find(visible, seq).orElseThrow(NotFoundException::new);
        List<AuditRecord> sameSubject =
                record.getSubject() == null ? List.of() : related(visible.withSubject(record.getSubject()), seq);
        List<AuditRecord> sameTenant =
                record.getTenantId() == null ? List.of() : related(visible.withTenant(record.getTenantId()), seq);
        List<AuditRecord> shown = new ArrayList<>();
        shown.add(record);
        shown.addAll(sameSubject);
        shown.addAll(sameTenant);
        AuditNames names = names(shown, readable, appKeys());
        AuditRecordView view = AuditRecordView.of(record, names);
        models.put("r", view);
        models.put(
                "breadcrumbs", Breadcrumbs.sites().key("audit.title", "/audit").hereKey("audit.record.title", seq));
        names.connection(record.getSiteId(), record.getTenantId())
                .filter(c -> access.policy().allowsOnSite(Permission.VIEW_CONNECTIONS, record.getSiteId()))
                .ifPresent(connection -> {
                    String tenantPage = "/sites/" + record.getSiteId() + "/chat-tools/teams/" + connection;
                    models.put("tenantUrl", tenantPage);
                    if (view.appKey() != null && !view.appKey().equals(AuditApp.CHATOPS)) {
                        models.put("appUrl", tenantPage + "/features/" + view.appKey());
                    } else if (view.appKey() != null) {
                        models.put("appUrl", tenantPage);
                    }
                });
        models.put(
                "sameSubject",
                sameSubject.stream().map(r -> AuditRecordView.of(r, names)).toList());
        models.put(
                "sameTenant",
                sameTenant.stream().map(r -> AuditRecordView.of(r, names)).toList());
        return "audit/record.html";
    }

    /** Not a view: a CSV download (the methods above are the page controllers). */
    @GET
    @Path("export.csv")
    public Response export(
            @QueryParam("site") String site,
            @QueryParam("tenant") String tenant,
            @QueryParam("app") String app,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("outcome") String outcome,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("text") String text) {
        Readable readable = readable();
        AuditQuery query =
                new AuditQuery(siteByName(site, readable), tenant, app, actor, action, outcome, from, to, text);
        List<String> appKeys = appKeys();
        AuditFilter filter;
        try {
            filter = filter(query, readable, appKeys);
        } catch (InvalidInputException problem) {
            filterForm(query, readable, appKeys);
            models.put("records", List.of());
            return Views.page(Views.invalid(models, problem, "audit/list.html"));
        }
        // Every record may be exported: every name the caller may read, once (projections, not entities).
        AuditNames names = new AuditNames(
                siteNames(readable), tenantNames(readable.restriction(), null, null), Map.of(), Map.of(), appKeys);
        auditLog.recordAlone(AuditEntry.now(
                currentUser.actor(),
                AuditAction.AUDIT_EXPORTED,
                AuditOutcome.SUCCESS,
                filter.siteId(),
                "audit export",
                query.queryString()));
        StreamingOutput csv = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = AuditCsv.printer(writer)) {
                auditLog.forEach(filter, r -> AuditCsv.print(printer, r, names));
            }
        };
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"tenantlink-audit.csv\"")
                .build();
    }

    /**
     * With a site: checks that site's records (each against its own hash and its link to the record before it). Without:
     * the whole chain for those who may read records of no site (operators), else a choice of the sites to check.
     */
    @GET
    @Controller
    @Path("verify")
    public Response verify(@QueryParam("site") String site) {
        Map<Long, String> sites = siteNames(readable());
        models.put("sites", sites);
        models.put(
                "breadcrumbs", Breadcrumbs.sites().key("audit.title", "/audit").hereKey("audit.verify.title"));
        if (site == null || site.isBlank()) {
            if (!readsGlobal()) {
                return Response.ok("audit/verify.html").build();
            }
            AuditChain.Verification result = auditLog.verify();
            auditLog.recordAlone(AuditEntry.now(
                    currentUser.actor(),
                    AuditAction.AUDIT_VERIFIED,
                    result.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                    null,
                    "audit chain",
                    result.intact()
                            ? result.recordsChecked() + " records intact"
                            : "broken at record " + result.firstBrokenSeq()));
            models.put("result", result);
            return Response.ok("audit/verify.html").build();
        }
        long siteId;
        try {
            siteId = Long.parseLong(site.strip());
            if (!sites.containsKey(siteId)) {
                throw new InvalidInputException("audit.error.site");
            }
        } catch (NumberFormatException | InvalidInputException e) {
            return Views.invalid(models, new InvalidInputException("audit.error.site"), "audit/verify.html");
        }
        AuditChain.SiteVerification result = auditLog.verifySite(siteId);
        auditLog.recordAlone(AuditEntry.now(
                currentUser.actor(),
                AuditAction.AUDIT_VERIFIED,
                result.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                siteId,
                "audit records of site " + siteId,
                result.intact()
                        ? result.recordsChecked() + " records intact, #" + result.firstSeq() + " to #"
                                + result.lastSeq()
                        : "broken at record " + result.firstBrokenSeq()));
        models.put("siteResult", result);
        models.put("siteId", siteId);
        models.put("siteName", sites.get(siteId));
        return Response.ok("audit/verify.html").build();
    }

    private List<AuditRecord> related(AuditFilter filter, long seq) {
        return auditLog.page(filter, null, null, RELATED + 1).stream()
                .filter(r -> r.getSeq() != seq)
                .limit(RELATED)
                .toList();
    }

    private AuditFilter filter(AuditQuery query, Readable readable, List<String> appKeys) {
        return readable.scope(
                query.filter(readable.listed().keySet(), readable::mayReadSite, readable.global(), appKeys));
    }

    /**
     * The sites whose records the caller may read: with {@code everySite} (the access policy lets the caller read
     * every site's records: operators) none are listed or loaded, and the filter names no sites (see
     * {@link AuditFilter}); else those listed, by id, with their names. {@code global}: also records of no site.
     */
    private final class Readable {
        private final boolean everySite;
        private final Map<Long, String> listed;
        private final boolean global;

        Readable(boolean everySite, Map<Long, String> listed, boolean global) {
            this.everySite = everySite;
            this.listed = listed;
            this.global = global;
        }

        boolean everySite() {
            return everySite;
        }

        Map<Long, String> listed() {
            return listed;
        }

        boolean global() {
            return global;
        }

        /** Whether the caller may read this site's records (for every-site readers: whether the site exists). */
        boolean mayReadSite(long siteId) {
            return everySite ? !namesOfSites(List.of(siteId)).isEmpty() : listed.containsKey(siteId);
        }

        /** The sites' ids to restrict a query to, or null: any site. */
        Collection<Long> restriction() {
            return everySite ? null : listed.keySet();
        }

        AuditFilter scope(AuditFilter filter) {
            return everySite ? filter.readingEverySite() : filter;
        }
    }

    /** The filter form as it was sent, and its choices, value to text (also after a refusal). */
    private void filterForm(AuditQuery query, Readable readable, List<String> appKeys) {
        models.put("breadcrumbs", Breadcrumbs.sites().hereKey("audit.title"));
        models.put("q", query);
        Map<Long, String> siteChoices = siteChoices(readable);
        if (siteChoices != null) {
            Map<String, String> sites = new LinkedHashMap<>();
            siteChoices.forEach((id, name) -> sites.put(id.toString(), name));
            models.put("sites", sites);
        } else {
            // Too many to list: the site is typed, by name or number; the field shows the chosen site's name.
            models.put("sites", null);
            models.put("siteCount", siteService.count());
            String shown = query.site();
            if (shown != null && shown.matches("[0-9]{1,18}")) {
                shown = namesOfSites(List.of(Long.parseLong(shown))).getOrDefault(Long.parseLong(shown), shown);
            }
            models.put("siteText", shown);
        }
        TenantSource tenants = tenantSource(readable);
        models.put("tenants", byText(tenantChoices(tenants, query.site(), query.tenant(), TENANT_CHOICES)));
        models.put("tenantsOfSiteOnly", query.site() == null && tenants.count() > TENANT_CHOICES);
        models.put("apps", texts(appKeys, k -> "feature." + k + ".name"));
        models.put("actions", texts(List.of(AuditAction.values()), a -> "audit.action." + a));
        models.put("outcomes", texts(List.of(AuditOutcome.values()), o -> "audit.outcome." + o));
        models.put("exportQuery", query.queryString());
    }

    /**
     * The sites the filter offers, by id, ordered by name; null when there are more than {@link #SITE_CHOICES} (an
     * operator of 1,000 sites: a list nobody picks from, rendered on every request), and the site is typed instead.
     */
    private Map<Long, String> siteChoices(Readable readable) {
        if (!readable.everySite()) {
            return readable.listed();
        }
        Map<Long, String> names = siteService.names(SITE_CHOICES + 1);
        return names.size() > SITE_CHOICES ? null : names;
    }

    /**
     * A site typed by name (the filter's text field when there are too many sites to list) as its id; a number, or a
     * name no readable site has, as sent (a name is then refused as no site the caller can read).
     */
    private String siteByName(String site, Readable readable) {
        if (site == null || site.isBlank() || site.strip().matches("[0-9]{1,18}")) {
            return site;
        }
        String name = site.strip();
        java.util.Optional<Long> id = readable.everySite()
                ? siteService.idByName(name)
                : readable.listed().entrySet().stream()
                        .filter(e -> e.getValue().equalsIgnoreCase(name))
                        .map(Map.Entry::getKey)
                        .findFirst();
        return id.map(String::valueOf).orElse(site);
    }

    /** What the filter's tenant choices are made of (read on demand: most pages need little of it). */
    interface TenantSource {
        /** The tenants of this site, id to name. */
        Map<String, String> ofSite(long siteId);

        /** How many different tenants the caller may read about, counted up to one more than the filter lists. */
        long count();

        /** All of them, id to name (asked only while there are few). */
        Map<String, String> all();

        /** This tenant's name, if the caller may read about it. */
        java.util.Optional<String> name(String tenantId);
    }

    private TenantSource tenantSource(Readable readable) {
        if (tenantSource == null) {
            tenantSource = new TenantSource() {
                private Long count;

                @Override
                public Map<String, String> ofSite(long siteId) {
                    if (!readable.everySite() && !readable.listed().containsKey(siteId)) {
                        return Map.of();
                    }
                    return tenantNames(List.of(siteId), null, null);
                }

                @Override
                public long count() {
                    if (count == null) {
                        count = connectionService.countTenants(readable.restriction(), TENANT_CHOICES + 1);
                    }
                    return count;
                }

                @Override
                public Map<String, String> all() {
                    return tenantNames(readable.restriction(), null, null);
                }

                @Override
                public java.util.Optional<String> name(String tenantId) {
                    return connectionService.names(List.of(tenantId), readable.restriction()).stream()
                            .findFirst()
                            .map(ConnectionName::displayName);
                }
            };
        }
        return tenantSource;
    }

    private TenantSource tenantSource;

    /**
     * The tenants the filter offers: with a site chosen, its tenants; without, every tenant the caller may read about
     * while there are at most {@code max} (an operator of 1,000 sites has thousands: the page rendered 6,000 options,
     * half a megabyte, for every request, and nobody picks from such a list), else none but the one asked for. A
     * tenant id that is asked for is always offered, so the form shows what filters the page.
     */
    static Map<String, String> tenantChoices(TenantSource source, String site, String selected, int max) {
        Map<String, String> choices = new HashMap<>();
        if (site != null) {
            if (site.matches("[0-9]{1,18}")) {
                choices.putAll(source.ofSite(Long.parseLong(site)));
            }
        } else if (source.count() <= max) {
            choices.putAll(source.all());
        }
        if (selected != null && !choices.containsKey(selected)) {
            choices.put(selected, source.name(selected).orElse(selected));
        }
        return choices;
    }

    private static <T> Map<String, String> texts(List<T> values, java.util.function.Function<T, String> key) {
        Map<String, String> choices = new LinkedHashMap<>();
        values.forEach(v -> choices.put(v.toString(), Messages.get(Locale.ENGLISH, key.apply(v))));
        return choices;
    }

    /** Choices sorted by their text (then value). */
    private static Map<String, String> byText(Map<String, String> choices) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(choices.entrySet());
        entries.sort(Map.Entry.<String, String>comparingByValue(String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, String> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * What these records mention, named: their sites, their tenants (by the name of a connection to them of a site the
     * caller may read) and the connections, their people. Looked up for the records shown only (projections, a few
     * queries), not for everything the caller may read.
     */
    private AuditNames names(Collection<AuditRecord> records, Readable readable, List<String> appKeys) {
        Set<Long> siteIds = new HashSet<>();
        Set<String> tenantIds = new HashSet<>();
        Set<String> accounts = new TreeSet<>();
        for (AuditRecord r : records) {
            if (r.getSiteId() != null) {
                siteIds.add(r.getSiteId());
            }
            if (r.getTenantId() != null) {
                tenantIds.add(r.getTenantId());
            }
            String account = AuditNames.account(r.getActor());
            if (account != null) {
                accounts.add(account);
            }
        }
        Map<Long, String> sites = readable.everySite() ? namesOfSites(siteIds) : readable.listed();
        Map<String, Long> connections = new HashMap<>();
        Map<String, String> tenants =
                tenantIds.isEmpty() ? Map.of() : tenantNames(readable.restriction(), tenantIds, connections);
        Map<String, String> people = accounts.isEmpty() ? Map.of() : accountService.displayNames(accounts);
        return new AuditNames(sites, tenants, connections, people, appKeys);
    }

    /**
     * Names of these tenants (null: all) by id, from the connections to them of these sites (null: any site); their
     * connection ids by "siteId/tenantId" into {@code connections} (if not null).
     */
    private Map<String, String> tenantNames(
            Collection<Long> siteIds, Collection<String> tenantIds, Map<String, Long> connections) {
        Map<String, String> tenants = new HashMap<>();
        for (ConnectionName c : connectionService.names(tenantIds, siteIds)) {
            tenants.putIfAbsent(c.tenantId(), c.displayName());
            if (connections != null) {
                connections.put(c.siteId() + "/" + c.tenantId(), c.id());
            }
        }
        return tenants;
    }

    /** The names of every site the caller may read, by id, ordered by name. */
    private Map<Long, String> siteNames(Readable readable) {
        return readable.everySite() ? siteService.names(Integer.MAX_VALUE) : readable.listed();
    }

    /** The apps a record may concern: ChatOps, then the catalog's features. */
    private List<String> appKeys() {
        List<String> apps = new ArrayList<>();
        apps.add(AuditApp.CHATOPS);
        featureApps.catalog().features().stream()
                .map(FeatureApp::key)
                .filter(k -> !Objects.equals(k, AuditApp.CHATOPS))
                .forEach(apps::add);
        return List.copyOf(apps);
    }

    private boolean readsGlobal() {
        return access.policy().allows(Permission.READ_GLOBAL_AUDIT);
    }

    /** Site names read in this request, and ids of no site (null): a filtered page asks for its site three times. */
    private final Map<Long, String> siteNamesRead = new HashMap<>();

    /** Names of these sites by id, each read once per request; ids of no site are left out. */
    private Map<Long, String> namesOfSites(Collection<Long> ids) {
        List<Long> unread =
                ids.stream().filter(id -> !siteNamesRead.containsKey(id)).toList();
        if (!unread.isEmpty()) {
            Map<Long, String> found = siteService.namesOf(unread);
            unread.forEach(id -> siteNamesRead.put(id, found.get(id)));
        }
        Map<Long, String> names = new HashMap<>();
        for (Long id : ids) {
            String name = siteNamesRead.get(id);
            if (name != null) {
                names.put(id, name);
            }
        }
        return names;
    }

    /** Sites whose records the caller may read; 404 for an account that may read none. */
    private Readable readable() {
        boolean global = readsGlobal();
        if (access.policy().allowsOnEverySite(Permission.READ_SITE_AUDIT)) {
            return new Readable(true, Map.of(), global);
        }
        Map<Long, String> readable = new LinkedHashMap<>();
        for (Site site : siteService.visibleTo(access.policy())) {
            if (access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, site.getId())) {
                readable.put(site.getId(), site.getName());
            }
        }
        if (readable.isEmpty() && !global) {
            throw new NotFoundException();
        }
        return new Readable(false, readable, global);
    }
}
