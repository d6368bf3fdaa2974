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
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.TenantConnection;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
        AuditQuery query = new AuditQuery(site, tenant, app, actor, action, outcome, from, to, text);
        Map<Long, String> sites = readableSites();
        AuditNames names = names(sites);
        filterForm(query, names);
        AuditFilter filter;
        AuditCursor cursor;
        try {
            filter = filter(query, sites, names);
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
        List<AuditRecordView> records = views(page, names);
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
        Map<Long, String> sites = readableSites();
        AuditFilter visible = everySite(AuditFilter.visible(sites.keySet(), readsGlobal()));
        AuditRecord record = auditLog.find(visible, seq).orElseThrow(NotFoundException::new);
        AuditNames names = names(sites);
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
                record.getSubject() == null
                        ? List.of()
                        : related(visible.withSubject(record.getSubject()), seq, names));
        models.put(
                "sameTenant",
                record.getTenantId() == null
                        ? List.of()
                        : related(visible.withTenant(record.getTenantId()), seq, names));
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
        AuditQuery query = new AuditQuery(site, tenant, app, actor, action, outcome, from, to, text);
        Map<Long, String> sites = readableSites();
        AuditNames names = names(sites);
        AuditFilter filter;
        try {
            filter = filter(query, sites, names);
        } catch (InvalidInputException problem) {
            filterForm(query, names);
            models.put("records", List.of());
            return Views.page(Views.invalid(models, problem, "audit/list.html"));
        }
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
        Map<Long, String> sites = readableSites();
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

    private List<AuditRecordView> related(AuditFilter filter, long seq, AuditNames names) {
        List<AuditRecord> found = auditLog.page(filter, null, null, RELATED + 1).stream()
                .filter(r -> r.getSeq() != seq)
                .limit(RELATED)
                .toList();
        return views(found, names);
    }

    private List<AuditRecordView> views(List<AuditRecord> records, AuditNames names) {
        Set<String> accounts = new LinkedHashSet<>();
        records.forEach(r -> {
            String account = AuditNames.account(r.getActor());
            if (account != null) {
                accounts.add(account);
            }
        });
        AuditNames withPeople = new AuditNames(
                names.sites(),
                names.tenants(),
                names.connections(),
                accountService.displayNames(accounts),
                names.appKeys());
        return records.stream().map(r -> AuditRecordView.of(r, withPeople)).toList();
    }

    private AuditFilter filter(AuditQuery query, Map<Long, String> sites, AuditNames names) {
        return everySite(query.filter(sites.keySet(), readsGlobal(), names.appKeys()));
    }

    /** For those who may read every site's records, a filter that lists no sites (see {@link AuditFilter}). */
    private AuditFilter everySite(AuditFilter filter) {
        return access.policy().allowsOnEverySite(Permission.READ_SITE_AUDIT) ? filter.readingEverySite() : filter;
    }

    /** The filter form as it was sent, and its choices, value to text (also after a refusal). */
    private void filterForm(AuditQuery query, AuditNames names) {
        models.put("breadcrumbs", Breadcrumbs.sites().hereKey("audit.title"));
        models.put("q", query);
        Map<String, String> sites = new LinkedHashMap<>();
        names.sites().forEach((id, name) -> sites.put(id.toString(), name));
        models.put("sites", sites);
        Map<String, String> tenants = tenantChoices(names, query.site(), query.tenant(), TENANT_CHOICES);
        models.put("tenants", byText(tenants));
        models.put("tenantsOfSiteOnly", tenants.size() < names.tenants().size() && query.site() == null);
        models.put("apps", texts(names.appKeys(), k -> "feature." + k + ".name"));
        models.put("actions", texts(List.of(AuditAction.values()), a -> "audit.action." + a));
        models.put("outcomes", texts(List.of(AuditOutcome.values()), o -> "audit.outcome." + o));
        models.put("exportQuery", query.queryString());
    }

    /**
     * The tenants the filter offers: with a site chosen, its tenants; without, every tenant the caller may read about
     * while there are at most {@code max} (an operator of 1,000 sites has thousands: the page rendered 6,000 options,
     * half a megabyte, for every request, and nobody picks from such a list), else none but the one asked for. A
     * tenant id that is asked for is always offered, so the form shows what filters the page.
     */
    static Map<String, String> tenantChoices(AuditNames names, String site, String selected, int max) {
        Map<String, String> choices = new HashMap<>();
        if (site != null) {
            String prefix = site + "/";
            names.connections().keySet().stream()
                    .filter(key -> key.startsWith(prefix))
                    .map(key -> key.substring(prefix.length()))
                    .forEach(tenant -> choices.put(tenant, names.tenants().getOrDefault(tenant, tenant)));
        } else if (names.tenants().size() <= max) {
            choices.putAll(names.tenants());
        }
        if (selected != null) {
            choices.putIfAbsent(selected, names.tenants().getOrDefault(selected, selected));
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

    /** Sites, tenants and apps the caller may read about (people are named per page). */
    private AuditNames names(Map<Long, String> sites) {
        Map<String, String> tenants = new HashMap<>();
        Map<String, Long> connections = new HashMap<>();
        for (TenantConnection c : connectionService.ofSites(sites.keySet())) {
            tenants.putIfAbsent(c.getTenantId(), c.getDisplayName());
            connections.put(c.getSiteId() + "/" + c.getTenantId(), c.getId());
        }
        List<String> apps = new ArrayList<>();
        apps.add(AuditApp.CHATOPS);
        featureApps.catalog().features().stream()
                .map(FeatureApp::key)
                .filter(k -> !Objects.equals(k, AuditApp.CHATOPS))
                .forEach(apps::add);
        return new AuditNames(sites, tenants, connections, Map.of(), List.copyOf(apps));
    }

    private boolean readsGlobal() {
        return access.policy().allows(Permission.READ_GLOBAL_AUDIT);
    }

    /** Sites whose records the caller may read; 404 for an account that may read none. */
    private Map<Long, String> readableSites() {
        Map<Long, String> readable = new LinkedHashMap<>();
        for (Site site : siteService.visibleTo(access.policy())) {
            if (access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, site.getId())) {
                readable.put(site.getId(), site.getName());
            }
        }
        if (readable.isEmpty() && !readsGlobal()) {
            throw new NotFoundException();
        }
        return readable;
    }
}
