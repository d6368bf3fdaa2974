package io.tenantlink.grants.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.web.FlowSession;
import io.tenantlink.grants.GrantJob;
import io.tenantlink.grants.GrantJobNames;
import io.tenantlink.grants.GrantJobService;
import io.tenantlink.grants.GrantJobStatus;
import io.tenantlink.grants.GrantJobStore;
import io.tenantlink.grants.GrantJobUser;
import io.tenantlink.grants.GrantRequest;
import io.tenantlink.grants.UserDirectory;
import io.tenantlink.grants.UserDirectory.DirectoryUser;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Approve for a limited set of users: the start page (feature, optional scopes, users found by name or e-mail
 * address in the tenant's directory or pasted object ids, or a group), the admin's sign-in for the job's token (incremental consent to the consent-management app), the progress page with its
 * JSON poll, cancel, and the per-user CSV.
 */
@Path("sites/{siteId}/chat-tools/teams/{connectionId}/grants")
@RequestScoped
public class GrantJobController {

    static final int TABLE_ROWS = 500;

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    ConnectionService connections;

    @Inject
    FeatureApps featureApps;

    @Inject
    GrantJobService jobs;

    @Inject
    GrantJobStore store;

    @Inject
    GrantJobSession session;

    @Inject
    FlowSession flowSession;

    @Inject
    SignInFlow signIn;

    @Inject
    MicrosoftApps apps;

    @Inject
    Flash flash;

    @Inject
    io.tenantlink.account.ActorNames actorNames;

    @Inject
    UserDirectory directory;

    @Inject
    GrantJobNames names;

    @PathParam("siteId")
    long siteId;

    @PathParam("connectionId")
    long connectionId;

    /**
     * The start page. With {@code q}: the tenant's users whose name, e-mail address or user name starts with it
     * (through Graph, with the consent-management app's app-only token), each with a checkbox to add them; with
     * {@code selected}: the users picked so far, named. Both work without JavaScript (GET forms); only an admin
     * who may start jobs may search the directory.
     */
    @GET
    @Controller
    public Response start(
            @QueryParam("q") String q,
            @QueryParam("selected") List<String> selected,
            @QueryParam("feature") String feature)
            throws InterruptedException {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        boolean searching = q != null && !q.isBlank() || selected != null && !selected.isEmpty();
        if (searching) {
            siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        }
        page(site);
        // Reached from a feature page: that feature is chosen (only a preselection; anything else is ignored).
        featureApps
                .catalog()
                .feature(feature == null ? "" : feature)
                .filter(f -> !"chatops".equals(f.key()))
                .ifPresent(f -> models.put("preselected", f.key()));
        try {
            String text = UserDirectory.searchText(q);
            List<String> picked = UserDirectory.objectIds(selected);
            search(text, picked);
        } catch (InvalidInputException e) {
            return Views.invalid(models, e, "grants/start.html");
        }
        return Response.ok("grants/start.html").build();
    }

    /** A user picked for the job: their directory entry, or only the id when the directory could not name them. */
    public record Picked(String id, DirectoryUser user) {}

    private void search(String text, List<String> picked) throws InterruptedException {
        TenantConnection connection = connection();
        UserDirectory.Refusal refusal = null;
        if (!text.isEmpty()) {
            UserDirectory.Result<DirectoryUser> found = directory.findUsers(connection.getTenantId(), text);
            refusal = found.refusal();
            models.put("q", text);
            if (!found.refused()) {
                models.put("results", found.items());
                models.put("resultsMore", found.more());
                Set<String> shown = new LinkedHashSet<>(found.items().stream()
                        .map(u -> u.id().toLowerCase(Locale.ROOT))
                        .toList());
                models.put("shownIds", shown);
                models.put(
                        "carriedIds",
                        picked.stream().filter(id -> !shown.contains(id)).toList());
            }
        }
        selection(connection, picked, refusal);
    }

    /** The picked users, named through the directory when it can be read; a refusal is explained once. */
    private void selection(TenantConnection connection, List<String> picked, UserDirectory.Refusal earlier)
            throws InterruptedException {
        UserDirectory.Refusal refusal = earlier;
        List<Picked> users = new ArrayList<>();
        if (!picked.isEmpty()) {
            UserDirectory.Result<DirectoryUser> named =
                    refusal == null ? directory.usersByIds(connection.getTenantId(), picked) : null;
            if (named != null && named.refused()) {
                refusal = named.refusal();
            }
            Map<String, DirectoryUser> byId = new java.util.HashMap<>();
            if (named != null) {
                named.items().forEach(u -> byId.put(u.id().toLowerCase(Locale.ROOT), u));
            }
            picked.forEach(id -> users.add(new Picked(id, byId.get(id))));
        }
        models.put("picked", users);
        models.put("pickedIds", picked);
        models.put("pickedNamed", refusal == null);
        if (refusal != null) {
            models.put("searchRefusal", refusal.name());
            if (refusal == UserDirectory.Refusal.NOT_CONSENTED || refusal == UserDirectory.Refusal.FORBIDDEN) {
                apps.managementClientId()
                        .ifPresent(management -> models.put(
                                "managementConsentLink",
                                signIn.adminConsentUrl(
                                                management,
                                                connection.getTenantId(),
                                                FeatureCatalog.LINK_STATE_PREFIX + "management",
                                                SignInFlow.GRAPH_DEFAULT)
                                        .toString()));
            }
        }
    }

    private void page(Site site) {
        TenantConnection connection = connection();
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connection.getId(), connection.getDisplayName())
                        .hereKey("grants.title"));
        models.put(
                "features",
                featureApps.catalog().features().stream()
                        .filter(f -> !"chatops".equals(f.key()))
                        .toList());
        List<JobRowView> latest = store.ofTenant(siteId, connection.getTenantId(), 20).stream()
                .map(JobRowView::of)
                .toList();
        models.put("jobs", latest);
        models.put(
                "names",
                actorNames.named(latest.stream().map(JobRowView::requestedBy).toList()));
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
    }

    /** Records the job (QUEUED) and sends the admin to Microsoft for the job's token. */
    @POST
    @Controller
    public Response create(
            @FormParam("feature") String feature,
            @FormParam("optional") String optional,
            @FormParam("users") String users,
            @FormParam("group") String group,
            @FormParam("user") List<String> picked)
            throws InterruptedException {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connection();
        GrantJob job;
        List<String> pickedIds = List.of();
        try {
            pickedIds = UserDirectory.objectIds(picked);
            List<String> ids = new ArrayList<>(pickedIds);
            if (users != null) {
                ids.addAll(Arrays.stream(users.split("[\\s,;]+"))
                        .filter(s -> !s.isBlank())
                        .toList());
            }
            GrantRequest request =
                    GrantRequest.of(featureApps.catalog(), feature, optional != null, List.of(), ids, group);
            job = jobs.prepare(siteId, connection.getTenantId(), request, currentUser.actor());
        } catch (InvalidInputException e) {
            // Nothing is recorded but the refusal itself (a forged form is worth knowing about).
            String detail = "feature " + clip(feature) + ": "
                    + Messages.get(java.util.Locale.ENGLISH, e.messageKey(), e.arguments());
            connections.refused(
                    currentUser.actor(),
                    AuditAction.GRANT_JOB_REFUSED,
                    siteId,
                    connection.getTenantId(),
                    "approval job",
                    detail);
            page(site);
            selection(connection, pickedIds, null);
            return Views.invalid(models, e, "grants/start.html");
        }
        return toMicrosoft(job.id, connection);
    }

    /** A job that waits (a restart without app-only consent, a token Graph refused, a failed first sign-in): sign in again. */
    @POST
    @Controller
    @Path("jobs/{jobId}/sign-in")
    public Response signInAgain(@PathParam("jobId") long jobId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        GrantJob job = jobOfConnection(jobId);
        if (job.status != GrantJobStatus.QUEUED || jobs.active(jobId)) {
            flash.error(job.status.finished() ? "grants.error.notRunning" : "grants.error.alreadyRunning");
            return Views.redirect(jobPath(jobId));
        }
        return toMicrosoft(jobId, connection());
    }

    private static String clip(String value) {
        return value == null ? "" : value.length() > 60 ? value.substring(0, 60) : value;
    }

    /** Sends the admin to Microsoft for the job's token; the callback hands it to the job (GrantJobSignIn). */
    private Response toMicrosoft(long jobId, TenantConnection connection) {
        String clientId = apps.managementClientId().orElse(null);
        if (clientId == null) {
            flash.error("grants.error.noManagementApp");
            return Views.redirect(jobPath(jobId));
        }
        session.awaitSignIn(connectionId, jobId);
        ConnectionService.Started started = connections.startSignIn(
                SignInPurpose.GRANT_JOB_SIGN_IN,
                flowSession.binding(),
                currentUser.accountId(),
                siteId,
                connectionId,
                null,
                connection.getTenantId());
        URI url = signIn.authorizeUrl(
                clientId,
                connection.getTenantId(),
                GrantJobService.TOKEN_SCOPES,
                started.state(),
                started.nonce(),
                started.verifier(),
                null);
        return Response.seeOther(url).build();
    }

    /** The job as its page shows it: names and plain statuses (messages-bundle keys), no entity. */
    public record JobView(
            long id,
            String featureNameKey,
            String clientAppId,
            String requestedBy,
            String scopes,
            String status,
            String statusKey,
            String statusStyle,
            String statusDetail,
            boolean finished,
            boolean started,
            int total,
            int done,
            int created,
            int updated,
            int skipped,
            int failed,
            int remaining) {
        static JobView of(GrantJob job, FeatureApps featureApps) {
            return new JobView(
                    job.id,
                    featureApps
                            .catalog()
                            .feature(job.featureKey)
                            .map(f -> f.nameKey())
                            .orElse(job.featureKey),
                    job.clientAppId,
                    job.requestedBy,
                    job.scopes,
                    job.status.name(),
                    GrantJobController.statusKey(job.status),
                    GrantJobController.statusStyle(job.status),
                    job.statusDetail,
                    job.status.finished(),
                    job.startedAt != null,
                    job.total,
                    job.done(),
                    job.created,
                    job.updated,
                    job.skipped,
                    job.failed,
                    job.remaining());
        }
    }

    /** A job as the start page lists it (the tenant's latest jobs). */
    public record JobRowView(
            long id, String featureKey, GrantJobStatus status, String requestedBy, int done, int total) {
        static JobRowView of(GrantJob job) {
            return new JobRowView(job.id, job.featureKey, job.status, job.requestedBy, job.done(), job.total);
        }

        /** The status's badge style (fragments/badges). */
        public String statusStyle() {
            return GrantJobController.statusStyle(status);
        }
    }

    /** One user's row: the directory's name and user name when known, the object id, and the result in plain words. */
    public record UserRow(
            String userId,
            String displayName,
            String userPrincipalName,
            String result,
            String resultKey,
            String detail) {
        /** The result in plain words (English, as the portal's pages). */
        public String resultText() {
            return Messages.get(Locale.ENGLISH, resultKey);
        }
    }

    static String statusKey(GrantJobStatus status) {
        return "grants.jobStatus." + status.name();
    }

    /** A job status's badge (fragments/badges): waiting for a sign-in warns, running informs, the ends say how. */
    static String statusStyle(GrantJobStatus status) {
        return switch (status) {
            case QUEUED -> "warning";
            case RUNNING -> "info";
            case DONE -> "success";
            case FAILED -> "failure";
            case CANCELLED -> "neutral";
        };
    }

    static String resultKey(io.tenantlink.grants.GrantOutcome outcome) {
        return "grants.outcome." + outcome.name();
    }

    private List<UserRow> rows(GrantJob job, List<GrantJobUser> users) throws InterruptedException {
        Map<String, GrantJobNames.Name> named =
                names.of(job, users.stream().map(u -> u.userId).toList());
        List<UserRow> rows = new ArrayList<>(users.size());
        for (GrantJobUser u : users) {
            GrantJobNames.Name name = named.getOrDefault(u.userId, GrantJobNames.Name.UNKNOWN);
            rows.add(new UserRow(
                    u.userId,
                    name.displayName(),
                    name.userPrincipalName(),
                    u.status.name(),
                    resultKey(u.status),
                    u.detail));
        }
        return rows;
    }

    @GET
    @Controller
    @Path("jobs/{jobId}")
    public String job(@PathParam("jobId") long jobId) throws InterruptedException {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        GrantJob job = jobOfConnection(jobId);
        TenantConnection connection = connection();
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("job", JobView.of(job, featureApps));
        models.put("names", actorNames.named(java.util.List.of(job.requestedBy)));
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connection.getId(), connection.getDisplayName())
                        .key("grants.title", "/sites/" + siteId + "/chat-tools/teams/" + connection.getId() + "/grants")
                        .hereKey("grants.jobTitle", jobId));
        models.put("users", rows(job, store.users(jobId, 0, TABLE_ROWS)));
        models.put("tableRows", TABLE_ROWS);
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
        return "grants/job.html";
    }

    /**
     * What the job page polls (portal.js) until the job has ended: the counts, the status in plain words, and the first
     * rows with names and plain results, so that the page shows the final state without a reload. Not a view: JSON.
     */
    @GET
    @Path("jobs/{jobId}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public Response progress(@PathParam("jobId") long jobId) throws InterruptedException {
        siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        GrantJob job = jobOfConnection(jobId);
        Map<String, Object> progress = new java.util.LinkedHashMap<>(jobs.progress(jobId));
        GrantJobStatus status = GrantJobStatus.valueOf((String) progress.get("status"));
        progress.put("statusText", Messages.get(Locale.ENGLISH, statusKey(status)));
        progress.put("statusStyle", statusStyle(status));
        progress.put("finished", status.finished());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UserRow row : rows(store.job(jobId).orElse(job), store.users(jobId, 0, TABLE_ROWS))) {
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("id", row.userId());
            r.put("name", row.displayName() == null ? "" : row.displayName());
            r.put("upn", row.userPrincipalName() == null ? "" : row.userPrincipalName());
            r.put("result", row.result());
            r.put("resultText", row.resultText());
            r.put("detail", row.detail() == null ? "" : row.detail());
            rows.add(r);
        }
        progress.put("rows", rows);
        return Response.ok(JSONObjectUtils.toJSONString(progress), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Controller
    @Path("jobs/{jobId}/cancel")
    public Response cancel(@PathParam("jobId") long jobId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        jobOfConnection(jobId);
        if (jobs.cancel(jobId, currentUser.actor())) {
            flash.success("grants.cancelRequested");
        } else {
            flash.error("grants.error.notRunning");
        }
        return Views.redirect(jobPath(jobId));
    }

    /** Columns of the results CSV: the object id stays (a user's key), with the directory's names and the result in plain words. */
    static final String[] CSV_HEADER = {
        "job",
        "tenant_id",
        "app",
        "user_id",
        "display_name",
        "user_principal_name",
        "result",
        "result_code",
        "detail",
        "scopes_before",
        "scopes_after",
        "updated_at_utc"
    };

    @GET
    @Path("jobs/{jobId}/results.csv")
    public Response export(@PathParam("jobId") long jobId) throws InterruptedException {
        siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        GrantJob job = jobOfConnection(jobId);
        // Named before streaming (in pages of 1000, each looked up once), so the stream itself only reads the database.
        Map<String, GrantJobNames.Name> named = new java.util.HashMap<>();
        for (int offset = 0; ; offset += 1000) {
            List<GrantJobUser> page = store.users(jobId, offset, 1000);
            named.putAll(names.of(job, page.stream().map(u -> u.userId).toList()));
            if (page.size() < 1000) {
                break;
            }
        }
        StreamingOutput csv = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(
                    writer, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
                store.forEachUser(
                        jobId, u -> print(printer, job, u, named.getOrDefault(u.userId, GrantJobNames.Name.UNKNOWN)));
            }
        };
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"tenantlink-approval-" + jobId + ".csv\"")
                .build();
    }

    private static void print(CSVPrinter printer, GrantJob job, GrantJobUser u, GrantJobNames.Name name) {
        try {
            printer.printRecord(
                    job.id,
                    job.tenantId,
                    job.clientAppId,
                    cell(u.userId),
                    cell(name.displayName()),
                    cell(name.userPrincipalName()),
                    Messages.get(Locale.ENGLISH, resultKey(u.status)),
                    u.status.name(),
                    cell(u.detail),
                    cell(u.scopesBefore),
                    cell(u.scopesAfter),
                    u.updatedAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text a spreadsheet would run as a formula is kept as text (OWASP CSV injection), as the audit export does. */
    static String cell(String value) {
        return (String) io.tenantlink.platform.text.Text.csvCell(value);
    }

    private TenantConnection connection() {
        return connections.ofSite(siteId, connectionId).orElseThrow(NotFoundException::new);
    }

    private GrantJob jobOfConnection(long jobId) {
        TenantConnection connection = connection();
        return store.job(jobId)
                .filter(j -> j.siteId == siteId && j.tenantId.equalsIgnoreCase(connection.getTenantId()))
                .orElseThrow(NotFoundException::new);
    }

    private String jobPath(long jobId) {
        return "/sites/" + siteId + "/chat-tools/teams/" + connectionId + "/grants/jobs/" + jobId;
    }
}
