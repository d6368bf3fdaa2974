package io.tenantlink.auditing;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.text.SafeCsv;
import io.tenantlink.platform.text.Text;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The grant history: filter, page through, export as CSV, verify the hash chain. Read-only by design. */
@Path("audit")
@RequestScoped
public class AuditController {

    static final int PAGE_SIZE = 50;

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    CurrentUser currentUser;

    @Inject
    SiteService siteService;

    @Inject
    AuditLog auditLog;

    @GET
    @Controller
    public Response list(
            @QueryParam("site") String site,
            @QueryParam("action") String action,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page) {
        Map<Long, String> sites = readableSites();
        AuditFilter filter;
        int requested;
        try {
            filter = filter(sites, site, action, from, to);
            requested = parsePage(page);
        } catch (InvalidInputException problem) {
            return refused(sites, site, action, from, to, problem);
        }
        filterForm(sites, site, action, from, to);
        long total = auditLog.count(filter);
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(requested, pages);
        models.put(
                "records",
                auditLog.search(filter, (current - 1) * PAGE_SIZE, PAGE_SIZE).stream()
                        .map(AuditRecordView::of)
                        .toList());
        models.put("total", total);
        models.put("pageNumber", current);
        models.put("pages", pages);
        return Response.ok("audit/list.html").build();
    }

    /** Not a view: a CSV download (the methods above are the page controllers). */
    @GET
    @Path("export.csv")
    public Response export(
            @QueryParam("site") String site,
            @QueryParam("action") String action,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Map<Long, String> sites = readableSites();
        AuditFilter filter;
        try {
            filter = filter(sites, site, action, from, to);
        } catch (InvalidInputException problem) {
            return Views.page(refused(sites, site, action, from, to, problem));
        }
        auditLog.recordAlone(AuditEntry.now(
                currentUser.actor(),
                AuditAction.AUDIT_EXPORTED,
                AuditOutcome.SUCCESS,
                filter.siteId(),
                "audit export",
                query(site, action, from, to)));
        StreamingOutput csv = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(
                    writer,
                    CSVFormat.RFC4180
                            .builder()
                            .setHeader(
                                    "seq",
                                    "occurred_at_utc",
                                    "actor",
                                    "action",
                                    "outcome",
                                    "site_id",
                                    "site",
                                    "tenant_id",
                                    "subject",
                                    "detail",
                                    "hash")
                            .get())) {
                auditLog.forEach(filter, r -> print(printer, r, sites));
            }
        };
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"tenantlink-audit.csv\"")
                .build();
    }

    /** The filter form as it was sent (shown again, also after a refusal). */
    private void filterForm(Map<Long, String> sites, String site, String action, String from, String to) {
        models.put("sites", sites);
        models.put("actions", AuditAction.values());
        models.put("site", site);
        models.put("action", action);
        models.put("from", from);
        models.put("to", to);
    }

    /** The list page with the filter form kept and the reason, answering 400: nothing listed, nothing exported. */
    private Response refused(
            Map<Long, String> sites,
            String site,
            String action,
            String from,
            String to,
            InvalidInputException problem) {
        filterForm(sites, site, action, from, to);
        models.put("records", java.util.List.of());
        models.put("total", 0L);
        models.put("pageNumber", 1);
        models.put("pages", 1);
        models.put("error", Messages.get(java.util.Locale.ENGLISH, problem.messageKey(), problem.arguments()));
        return Response.status(Response.Status.BAD_REQUEST)
                .entity("audit/list.html")
                .build();
    }

    @GET
    @Controller
    @Path("verify")
    public String verify() {
        readableSites();
        AuditChain.Verification result = auditLog.verify();
        String outcome = result.intact()
                ? result.recordsChecked() + " records intact"
                : "broken at record " + result.firstBrokenSeq();
        auditLog.recordAlone(AuditEntry.now(
                currentUser.actor(),
                AuditAction.AUDIT_VERIFIED,
                result.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                null,
                "audit chain",
                outcome));
        models.put("result", result);
        return "audit/verify.html";
    }

    /** Sites whose records the caller may read; 404 for an account that may read none. */
    private Map<Long, String> readableSites() {
        Map<Long, String> readable = new LinkedHashMap<>();
        for (Site site : siteService.visibleTo(access.policy())) {
            if (access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, site.getId())) {
                readable.put(site.getId(), site.getName());
            }
        }
        if (readable.isEmpty() && !access.policy().allows(Permission.READ_GLOBAL_AUDIT)) {
            throw new NotFoundException();
        }
        return readable;
    }

    private AuditFilter filter(Map<Long, String> sites, String site, String action, String from, String to) {
        Long siteId = null;
        if (site != null && !site.isBlank()) {
            try {
                siteId = Long.parseLong(site);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("audit.error.site");
            }
            if (!sites.containsKey(siteId)) {
                throw new InvalidInputException("audit.error.site");
            }
        }
        AuditAction kind = null;
        if (action != null && !action.isBlank()) {
            try {
                kind = AuditAction.valueOf(action);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("audit.error.action");
            }
        }
        Instant start = day(from, 0);
        Instant end = day(to, 1);
        Set<Long> visible = Set.copyOf(sites.keySet());
        return new AuditFilter(visible, access.policy().allows(Permission.READ_GLOBAL_AUDIT), siteId, kind, start, end);
    }

    private static Instant day(String value, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip())
                    .plusDays(plusDays)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("audit.error.date");
        }
    }

    /** A page number from 1 on; a number past the last page shows the last one. */
    private static int parsePage(String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            int number = Integer.parseInt(page.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("audit.error.page");
    }

    private static String query(String... values) {
        String[] names = {"site", "action", "from", "to"};
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                parts.add(names[i] + "=" + java.net.URLEncoder.encode(values[i].strip(), StandardCharsets.UTF_8));
            }
        }
        return parts.stream().collect(Collectors.joining("&"));
    }

    /** Text that a spreadsheet would run as a formula is kept as text (OWASP CSV injection). */
    static String cell(String value) {
        return (String) Text.csvCell(value);
    }

    private static void print(CSVPrinter printer, AuditRecord r, Map<Long, String> sites) {
        SafeCsv.printRecord(
                printer,
                r.getSeq(),
                r.getOccurredAt(),
                r.getActor(),
                r.getAction(),
                r.getOutcome(),
                r.getSiteId(),
                r.getSiteId() == null ? null : sites.get(r.getSiteId()),
                r.getTenantId(),
                r.getSubject(),
                r.getDetail(),
                r.getHash());
    }
}
