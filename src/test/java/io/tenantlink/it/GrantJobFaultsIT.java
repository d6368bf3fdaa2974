package io.tenantlink.it;

import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static io.tenantlink.it.GraphSandboxClient.FABRIKAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.grants.GrantPlanner;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Approve for a limited set of users" when things go wrong, end to end through the portal: a site admin connects
 * Contoso (and Fabrikam), starts jobs on the grants page and signs in at the Microsoft sandbox for each job's token;
 * the job runs in the portal's background against the sandbox's Graph, which is made slow, failing, hanging, or
 * refusing the token, and the portal itself is restarted mid-job. Each test checks what the admin sees (progress
 * JSON, job page, CSV, audit) and what the tenant really holds, read back through Graph: exactly one delegated grant
 * and one default app-role assignment per approved user, nothing for the others.
 *
 * <p>One deployment for the class (not managed: the restart test stops and starts it, a real process restart). Its
 * sandbox directory adds generated users and groups to the built-in one (as GrantsBenchmark does), Graph requests
 * time out after 3 s so that hung requests are met quickly, and a job's lease lasts 6 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@OwnPortal
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrantJobFaultsIT {

    static final String PORTAL = "portal";
    static final String ADMIN = GrantJobIT.ADMIN;
    static final String MEGAN = GrantJobIT.MEGAN;
    static final String FABRIKAM_ADMIN = "admin@fabrikam.example";
    static final GraphSandboxClient.App MANAGEMENT = GrantJobIT.MANAGEMENT;
    static final String TOKEN_SCOPES =
            "Application.ReadWrite.All DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All"
                    + " Directory.Read.All";
    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();

    static final int CONTOSO_USERS = 1200;
    static final int FABRIKAM_USERS = 400;
    static final String EMPTY_GROUP = "e0e0e0e0-0000-4000-8000-000000000000";
    static final String RESTART_GROUP = "e0e0e0e0-0001-4000-8000-000000000001";
    /** Members of RESTART_GROUP: Contoso's generated users 800..1199. */
    static final int RESTART_FROM = 800;

    static String contosoUser(int i) {
        return String.format(Locale.ROOT, "fa170000-0000-4000-8000-%012d", i);
    }

    static String fabrikamUser(int i) {
        return String.format(Locale.ROOT, "fab10000-0000-4000-8000-%012d", i);
    }

    static List<String> contosoUsers(int from, int to) {
        return IntStream.range(from, to).mapToObj(GrantJobFaultsIT::contosoUser).toList();
    }

    @Deployment(name = PORTAL, managed = false, testable = false)
    static WebArchive deployment() throws Exception {
        WebArchive war = PortalDeployment.freshPortal(Map.of(
                "sandbox.directory",
                writeDirectory().toString(),
                "tenantlink.microsoft.graph-timeout-seconds",
                "3",
                // A job's lease runs out 6 s after its last renewal (production: 60 s), as in WorkOnceIT: work left
                // behind is taken over within seconds. (The restart gives its leases up: restart() checks it.)
                "tenantlink.job.lease-seconds",
                "6"));
        return war;
    }

    /** The built-in sandbox directory plus generated Contoso and Fabrikam users, an empty group and a big one. */
    static Path writeDirectory() throws Exception {
        return writeDirectory(
                CONTOSO_USERS,
                Path.of("target", "grant-faults", "directory.json").toAbsolutePath());
    }

    /**
     * As {@link #writeDirectory()}, with {@code contosoUsers} generated Contoso users (at least CONTOSO_USERS), into
     * {@code file} (each class its own).
     */
    @SuppressWarnings("unchecked")
    static Path writeDirectory(int contosoUsers, Path file) throws Exception {
        Map<String, Object> json;
        try (InputStream in = GrantJobFaultsIT.class.getResourceAsStream("/sandbox/directory.json")) {
            json = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (Object t : (List<Object>) json.get("tenants")) {
            Map<String, Object> tenant = (Map<String, Object>) t;
            List<Object> users = new ArrayList<>((List<Object>) tenant.get("users"));
            List<Object> groups = new ArrayList<>((List<Object>) tenant.get("groups"));
            if (CONTOSO.equals(tenant.get("id"))) {
                for (int i = 0; i < Math.max(contosoUsers, CONTOSO_USERS); i++) {
                    users.add(user(contosoUser(i), "fault.user" + i + "@contoso.example"));
                }
                groups.add(group(EMPTY_GROUP, "Nobody yet", List.of()));
                groups.add(group(RESTART_GROUP, "Restart wave", contosoUsers(RESTART_FROM, CONTOSO_USERS)));
            } else if (FABRIKAM.equals(tenant.get("id"))) {
                for (int i = 0; i < FABRIKAM_USERS; i++) {
                    users.add(user(fabrikamUser(i), "fault.user" + i + "@fabrikam.example"));
                }
            }
            tenant.put("users", users);
            tenant.put("groups", groups);
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSONObjectUtils.toJSONString(json), StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> user(String id, String upn) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("userPrincipalName", upn);
        user.put("displayName", "Fault user " + upn);
        user.put("mail", upn);
        user.put("otherMails", List.of());
        user.put("userType", "Member");
        user.put("roles", List.of());
        return user;
    }

    private static Map<String, Object> group(String id, String name, List<String> members) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("id", id);
        group.put("displayName", name);
        group.put("securityEnabled", true);
        group.put("members", members);
        return group;
    }

    // --- the portal, shared by the tests ------------------------------------------------------------------------

    /** A site, its admin and its connection to Contoso (made once: every test starts its own jobs). */
    record Scene(long site, String admin, long contoso) {}

    static boolean deployed;
    static Scene scene;

    @ArquillianResource
    Deployer deployer;

    URL base;
    GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        if (!deployed) {
            deployer.deploy(PORTAL);
            deployed = true;
        }
        base = new URL("http://127.0.0.1:" + PortalDeployment.port() + "/");
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.faults("DELETE", null, true);
        sandbox.close();
    }

    Scene scene() throws Exception {
        if (scene == null) {
            Portal portal = new Portal(base);
            long site = portal.site(Portal.unique("Grant faults "));
            String admin = ConnectIT.siteAdmin(portal, site);
            try (Browser browser = portal.signedIn(admin)) {
                ConnectIT.connect(browser, browser.open("/sites/" + site + "/chat-tools"), ADMIN);
            }
            scene = new Scene(site, admin, ConnectIT.connectionId(site, CONTOSO));
        }
        return scene;
    }

    Browser admin() throws Exception {
        return new Portal(base).signedIn(scene().admin());
    }

    static String grants(long site, long connection) {
        return "/sites/" + site + "/chat-tools/teams/" + connection + "/grants";
    }

    // --- 1. bad input -------------------------------------------------------------------------------------------

    /**
     * Forged or mistaken start requests are refused with a 400 page that says what is wrong and that nothing was
     * started; no job row, no user row, nothing at Microsoft, and the refusal is audited. A well-formed group id is
     * only known to Microsoft: an unknown or empty group ends its job FAILED with the reason and no user touched.
     */
    @Test
    @Order(1)
    void badInputOnTheStartPageIsRefusedClearlyAndStartsNothing() throws Exception {
        Scene s = scene();
        String path = grants(s.site(), s.contoso());
        long jobs = count("SELECT COUNT(*) FROM grant_job WHERE 1 = ?", 1);
        long users = count("SELECT COUNT(*) FROM grant_job_user WHERE 1 = ?", 1);
        try (Browser browser = admin()) {
            assertRefused(
                    forge(browser, path, Map.of("feature", "unknown", "users", contosoUser(0))),
                    "Choose one of the catalog’s feature apps. Nothing was started.");
            assertRefused(
                    forge(browser, path, Map.of("feature", "chatops", "users", contosoUser(0))),
                    "Choose one of the catalog’s feature apps. Nothing was started.");
            assertRefused(
                    forge(browser, path, Map.of("feature", "todo", "optional", "1", "users", contosoUser(0))),
                    "The feature app todo has no optional scopes to include. Nothing was started.");
            assertRefused(
                    forge(
                            browser,
                            path,
                            Map.of(
                                    "feature",
                                    "todo",
                                    "users",
                                    "megan.admin@contoso.example\n" + contosoUser(0) + "\nMegan Bowen\n"
                                            + contosoUser(1) + "x")),
                    "4 entries are not a Microsoft Entra user object id: megan.admin@contoso.example, megan, bowen, "
                            + contosoUser(1) + "x.");
            assertRefused(
                    forge(browser, path, Map.of("feature", "todo", "group", "Incident responders")),
                    "The group must be given by its Microsoft Entra object id. Nothing was started.");
            assertRefused(
                    forge(browser, path, Map.of("feature", "todo", "users", contosoUser(0), "group", EMPTY_GROUP)),
                    "Choose users or a group, not both. Nothing was started.");
            assertRefused(
                    forge(browser, path, Map.of("feature", "todo", "users", " \n ,; ")),
                    "Choose at least one user (or a group that has members). Nothing was started.");
            StringBuilder tooMany = new StringBuilder();
            for (int i = 0; i <= 100_000; i++) {
                tooMany.append(String.format(Locale.ROOT, "0a0a0a0a-0000-4000-8000-%012d", i))
                        .append('\n');
            }
            assertRefused(
                    forge(browser, path, Map.of("feature", "todo", "users", tooMany.toString())),
                    "At most 100,000 users per approval job (100,001 chosen).");

            // Through the page itself: the form comes back with the message, and the page is still usable.
            HtmlForm form = ConnectIT.form(browser.open(path), "/grants");
            form.getSelectByName("feature").setSelectedAttribute("email", true);
            form.getTextAreaByName("users").setText("lee@contoso.example");
            HtmlPage again = (HtmlPage) ConnectIT.click(form);
            assertEquals(400, again.getWebResponse().getStatusCode());
            assertTrue(
                    again.asNormalizedText()
                            .contains("One entry is not a Microsoft Entra user object id: lee@contoso.example."),
                    again.asNormalizedText());
            assertNotNull(ConnectIT.form(again, "/grants"), "the form is shown again");
        }
        assertEquals(jobs, count("SELECT COUNT(*) FROM grant_job WHERE 1 = ?", 1), "no job recorded");
        assertEquals(users, count("SELECT COUNT(*) FROM grant_job_user WHERE 1 = ?", 1), "no user recorded");
        ConnectIT.assertAudited(s.site(), "GRANT_JOB_REFUSED", "feature unknown: Choose one of the catalog");
        ConnectIT.assertAudited(
                s.site(), "GRANT_JOB_REFUSED", "feature todo: The feature app todo has no optional scopes");
        ConnectIT.assertAudited(s.site(), "GRANT_JOB_REFUSED", "not a Microsoft Entra user object id");

        // Well-formed group ids Microsoft does not know, or whose group is empty: the job asks Graph with the admin's
        // token and ends FAILED with the reason; it never had users and wrote nothing.
        try (Browser browser = admin()) {
            String unknown = UUID.randomUUID().toString();
            for (String[] group : new String[][] {
                {EMPTY_GROUP, "The group has no user members: nobody to approve."},
                {unknown, "Microsoft Graph does not know the group " + unknown + " in this tenant."}
            }) {
                String job = startJob(browser, s.contoso(), "todo", null, group[0], ADMIN);
                Map<String, Object> end = awaitEnd(browser, job);
                assertEquals("FAILED", end.get("status"), String.valueOf(end));
                assertEquals(0L, number(end, "total"));
                assertEquals(group[1], end.get("detail"));
                assertTrue(browser.open(job).asNormalizedText().contains(group[1]));
                assertEquals(0, count("SELECT COUNT(*) FROM grant_job_user WHERE job_id = ?", jobId(job)));
                ConnectIT.assertAudited(s.site(), "GRANT_JOB_FINISHED", group[1]);
            }
        }
    }

    // --- 2. Graph failing: 500s, 503s, hung requests ----------------------------------------------------------------

    /**
     * A 429 storm with a quarter of Graph's operations failing with 500, then with 503 (Retry-After); then requests hang past the
     * portal's timeout while Graph still carries them out. Every user ends CREATED exactly once, and the tenant holds
     * exactly one grant and one assignment per user.
     */
    @Test
    @Order(2)
    void serverErrorsAndHungRequestsEndWithEveryUserApprovedExactlyOnce() throws Exception {
        Scene s = scene();
        try (Browser browser = admin()) {
            // A storm of 429s (Retry-After 1 s) on the first 12 operations (more than the six retries one request
            // is allowed), and 500 generalException on a quarter of them all, reads included.
            Map<String, Object> stormFaults = approveEveryoneUnder(
                    browser,
                    s,
                    "teams-portal",
                    contosoUsers(0, 12),
                    "{\"errorRate\":0.25,\"errorStatus\":500,\"throttleNextRequests\":12,\"retryAfterSeconds\":1}");
            assertEquals(0L, number(stormFaults, "throttleNextRequests"), "the storm was met");

            // 503 serviceNotAvailable with Retry-After.
            approveEveryoneUnder(
                    browser,
                    s,
                    "todo",
                    contosoUsers(12, 24),
                    "{\"errorRate\":0.25,\"errorStatus\":503,\"retryAfterSeconds\":1}");

            // Hung requests: once the writes flow, the next $batch requests hang 5 s (the portal gives up after 3 s
            // and retries) and Graph carries them out anyway: the retries meet 409 and "already exists".
            List<String> third = contosoUsers(100, 260);
            fault("{\"latencyMillis\":300}");
            String jobHang = startJob(browser, s.contoso(), "email", third, null, ADMIN);
            awaitProgress(browser, jobHang, p -> number(p, "created") > 0, "the first batches written");
            fault("{\"hangNextRequests\":3,\"hangMillis\":5000}");
            Map<String, Object> endHang = awaitEnd(browser, jobHang);
            Map<String, Object> faults =
                    JSONObjectUtils.parse(sandbox.faults("GET", null, true).body());
            clearFaults();
            assertEquals(0L, number(faults, "hangNextRequests"), "the job met the hung requests");
            assertDone(endHang, 160, 160);
            assertExactlyOnce(state(CONTOSO, ADMIN, "email"), third, scopes("email"));
            assertResults(browser, jobHang, third, "CREATED");
            assertNoDuplicateAudit(jobId(jobHang));
        }
    }

    // --- 3. cancel ------------------------------------------------------------------------------------------------

    /** Cancel mid-job: CANCELLED, the users done so far kept (and approved exactly once), the others untouched. */
    @Test
    @Order(3)
    void aJobCancelledMidwayKeepsItsResultsAndTouchesNobodyElse() throws Exception {
        Scene s = scene();
        List<String> users = contosoUsers(300, 500);
        try (Browser browser = admin()) {
            fault("{\"latencyMillis\":400}");
            String job = startJob(browser, s.contoso(), "teams", users, null, ADMIN);
            awaitProgress(browser, job, p -> number(p, "created") > 0, "the first batches written");
            HtmlPage cancelled = (HtmlPage) ConnectIT.click(ConnectIT.form(browser.open(job), "/cancel"));
            assertTrue(
                    cancelled.asNormalizedText().contains("Cancel requested: the job stops before its next batch."),
                    cancelled.asNormalizedText());
            Map<String, Object> end = awaitEnd(browser, job);
            clearFaults();
            assertEquals("CANCELLED", end.get("status"), String.valueOf(end));
            long created = number(end, "created");
            long remaining = number(end, "remaining");
            assertTrue(created > 0 && remaining > 0, "stopped midway: " + end);
            assertEquals(200, created + remaining, String.valueOf(end));
            assertEquals(
                    "Cancelled: " + remaining + " users were not touched; the results so far are kept.",
                    end.get("detail"));

            Map<String, String> results = csv(browser, job);
            List<String> done =
                    users.stream().filter(u -> "CREATED".equals(results.get(u))).toList();
            List<String> untouched =
                    users.stream().filter(u -> "PENDING".equals(results.get(u))).toList();
            assertEquals(created, done.size());
            assertEquals(remaining, untouched.size());
            TenantState state = state(CONTOSO, ADMIN, "teams");
            assertExactlyOnce(state, done, scopes("teams"));
            assertUntouched(state, untouched);

            String page = browser.open(job).asNormalizedText();
            assertTrue(page.contains("Cancelled") && page.contains("users were not touched"), page);
            assertNull(ConnectIT.form(browser.open(job), "/cancel"), "an ended job has no Cancel button");
            assertNull(ConnectIT.form(browser.open(job), "/sign-in"), "nor a sign-in");
            ConnectIT.assertAudited(s.site(), "GRANT_JOB_CANCELLED", " of 200 users done");
            ConnectIT.assertAudited(s.site(), "GRANT_JOB_FINISHED", "CANCELLED: " + created + " created");
        }
    }

    // --- 4. consent revoked mid-job -----------------------------------------------------------------------------

    /**
     * Mid-job, the tenant revokes the consent-management app (its grants and app-role assignments deleted through
     * Graph) and the admin's sessions, and Graph stops accepting the job's token (as at its expiry: the sandbox's
     * signing key that signed it is rotated out). The job stops, QUEUED, saying what happened and what to do; the
     * users done are kept, the others untouched. The admin signs in again (consenting again) and the job finishes.
     */
    @Test
    @Order(4)
    void consentRevokedMidJobStopsTheJobClearlyAndASignInAgainFinishesIt() throws Exception {
        Scene s = scene();
        List<String> users = contosoUsers(500, 700);
        try (Browser browser = admin()) {
            fault("{\"latencyMillis\":400}");
            String job = startJob(browser, s.contoso(), "meetings", users, null, ADMIN);
            awaitProgress(browser, job, p -> number(p, "created") > 0, "the first batches written");
            revokeManagementConsent(CONTOSO, ADMIN, MEGAN);
            Map<String, Object> stopped =
                    awaitProgress(browser, job, p -> "QUEUED".equals(p.get("status")), "the job stopped");
            clearFaults();
            String detail = String.valueOf(stopped.get("detail"));
            assertTrue(
                    detail.startsWith("Stopped: Microsoft Graph no longer accepts the job’s token.")
                            && detail.contains("revoked the consent-management app’s consent")
                            && detail.contains(
                                    "A tenant administrator signs in again (and consents again if the consent was revoked) to resume."),
                    detail);
            long remaining = number(stopped, "remaining");
            assertTrue(remaining > 0 && number(stopped, "created") > 0, String.valueOf(stopped));
            assertEquals(0L, number(stopped, "failed"), "nobody failed for the token");
            assertTrue(detail.contains(remaining + " users still to do wait"), detail);

            Map<String, String> before = csvRows(browser, job);
            List<String> done = users.stream()
                    .filter(u -> before.get(u).startsWith("CREATED,"))
                    .toList();
            List<String> pending = users.stream()
                    .filter(u -> before.get(u).startsWith("PENDING,"))
                    .toList();
            assertEquals(remaining, pending.size());
            TenantState state = state(CONTOSO, ADMIN, "meetings");
            assertExactlyOnce(state, done, scopes("meetings"));
            // A batch cut by the refusal may have written a pending user's grant but not the assignment (Graph takes a
            // batch's requests one by one): such a user stays pending, and nothing is ever there twice.
            assertAtMostOnce(state, pending);

            HtmlPage page = browser.open(job);
            assertTrue(page.asNormalizedText().contains(detail), page.asNormalizedText());
            HtmlForm signInAgain = ConnectIT.form(page, "/sign-in");
            assertNotNull(signInAgain, "a way to sign in again: " + page.asNormalizedText());
            assertTrue(
                    signInAgain.asNormalizedText().contains("Sign in again to resume"), signInAgain.asNormalizedText());
            HtmlPage back = signInForTheJob((HtmlPage) ConnectIT.click(signInAgain), ADMIN);
            assertEquals(job, back.getUrl().getPath());
            Map<String, Object> end = awaitEnd(browser, job);
            assertDone(end, 200, 200);
            assertExactlyOnce(state(CONTOSO, ADMIN, "meetings"), users, scopes("meetings"));
            Map<String, String> after = csvRows(browser, job);
            done.forEach(
                    u -> assertEquals(before.get(u), after.get(u), "the result from before the stop is kept for " + u));
            assertNoDuplicateAudit(jobId(job));
        }
    }

    // --- 5. restart mid-job -----------------------------------------------------------------------------------------

    /**
     * Two jobs are mid-way when the portal restarts (its process stopped and started again: Arquillian undeploys and
     * deploys the WAR). Contoso consented to the consent-management app's application permissions: its job (a group
     * of 400, resolved before the restart) resumes by itself with an app-only token. Fabrikam did not: its job (400
     * users) waits, saying so, until the admin signs in again. Both end DONE with every user exactly once, and the
     * results recorded before the restart are kept as they were.
     */
    @Test
    @Order(5)
    void aRestartMidJobResumesWhereItStoppedWithoutDuplicatingAnything() throws Exception {
        Scene s = scene();
        sandbox.adminConsent(CONTOSO, MANAGEMENT, ADMIN);
        List<String> contosoUsers = contosoUsers(RESTART_FROM, CONTOSO_USERS);
        List<String> fabrikamUsers = IntStream.range(0, FABRIKAM_USERS)
                .mapToObj(GrantJobFaultsIT::fabrikamUser)
                .toList();
        String contosoJob;
        String fabrikamJob;
        Map<String, String> contosoBefore;
        Map<String, String> fabrikamBefore;
        long fabrikam;
        try (Browser megan = admin();
                Browser fabrikamAdmin = admin()) {
            ConnectIT.connect(fabrikamAdmin, fabrikamAdmin.open("/sites/" + s.site() + "/chat-tools"), FABRIKAM_ADMIN);
            fabrikam = ConnectIT.connectionId(s.site(), FABRIKAM);
            fault("{\"latencyMillis\":900}");
            fabrikamJob = startJob(fabrikamAdmin, fabrikam, "todo", fabrikamUsers, null, FABRIKAM_ADMIN);
            contosoJob = startJob(megan, s.contoso(), "teams-portal", null, RESTART_GROUP, ADMIN);
            Map<String, Object> contosoMid =
                    awaitProgress(megan, contosoJob, p -> number(p, "created") > 0, "Contoso's first batches");
            Map<String, Object> fabrikamMid = progress(fabrikamAdmin, fabrikamJob);
            assertTrue(
                    number(contosoMid, "remaining") > 0
                            && number(fabrikamMid, "created") > 0
                            && number(fabrikamMid, "remaining") > 0,
                    "both jobs midway: " + contosoMid + " " + fabrikamMid);
            assertEquals(400L, number(contosoMid, "total"), "the group's members were resolved before the restart");
            contosoBefore = csvRows(megan, contosoJob);
            fabrikamBefore = csvRows(fabrikamAdmin, fabrikamJob);
        }

        restart();

        try (Browser megan = admin();
                Browser fabrikamAdmin = admin()) {
            // Contoso: resumed by the portal itself.
            Map<String, Object> contosoEnd = awaitEnd(megan, contosoJob);
            assertDoneAcrossARestart(contosoEnd, 400);

            // Fabrikam: waits for a sign-in, and says so.
            Map<String, Object> waiting = awaitProgress(
                    fabrikamAdmin,
                    fabrikamJob,
                    p -> String.valueOf(p.get("detail")).startsWith("Interrupted by a restart."),
                    "Fabrikam's job waiting for a sign-in");
            assertEquals("QUEUED", waiting.get("status"));
            String detail = String.valueOf(waiting.get("detail"));
            assertTrue(
                    detail.contains("a tenant administrator signs in again to resume it")
                            && detail.contains(number(waiting, "remaining")
                                    + " users still to do wait; the results so far are kept."),
                    detail);
            HtmlPage page = fabrikamAdmin.open(fabrikamJob);
            assertTrue(page.asNormalizedText().contains(detail), page.asNormalizedText());
            signInForTheJob((HtmlPage) ConnectIT.click(ConnectIT.form(page, "/sign-in")), FABRIKAM_ADMIN);
            Map<String, Object> fabrikamEnd = awaitEnd(fabrikamAdmin, fabrikamJob);
            assertDoneAcrossARestart(fabrikamEnd, 400);

            assertExactlyOnce(state(CONTOSO, ADMIN, "teams-portal"), contosoUsers, scopes("teams-portal"));
            assertExactlyOnce(state(FABRIKAM, FABRIKAM_ADMIN, "todo"), fabrikamUsers, scopes("todo"));
            assertKept(contosoBefore, csvRows(megan, contosoJob));
            assertKept(fabrikamBefore, csvRows(fabrikamAdmin, fabrikamJob));
            assertNoDuplicateAudit(jobId(contosoJob));
            assertNoDuplicateAudit(jobId(fabrikamJob));
            ConnectIT.assertAudited(s.site(), "GRANT_JOB_FINISHED", "DONE");
        }
    }

    /** A real restart: the Payara Micro process is stopped (SIGTERM) and a new one deploys the WAR on the same database. */
    void restart() throws Exception {
        deployer.undeploy(PORTAL);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String port = "-Dtenantlink.port=" + PortalDeployment.port();
        while (ProcessHandle.allProcesses()
                .anyMatch(p -> p.isAlive()
                        && p.info().commandLine().map(c -> c.contains(port)).orElse(false))) {
            if (System.nanoTime() > deadline) {
                fail("the stopped portal's process did not exit");
            }
            Thread.sleep(200);
        }
        PortalDeployment.awaitPortFree();
        // A stopped instance gives its jobs' leases up (WorkLeases), so the next start resumes them at once instead of
        // waiting for the leases to run out.
        try (Connection db = TestDatabase.connect();
                Statement q = db.createStatement();
                ResultSet rs = q.executeQuery("SELECT name, owner FROM work_lease WHERE name LIKE 'grant-job:%'")) {
            List<String> kept = new ArrayList<>();
            while (rs.next()) {
                kept.add(rs.getString(1) + " held by " + rs.getString(2));
            }
            assertEquals(List.of(), kept, "leases the stopped portal kept");
        }
        deployer.deploy(PORTAL);
    }

    // --- helpers: the portal ----------------------------------------------------------------------------------------

    /** On the grants page: feature, users or a group, "Sign in and start", then the sign-in at Microsoft; the job's path. */
    static String startJob(
            Browser browser, long connection, String feature, List<String> users, String group, String upn)
            throws Exception {
        String site = String.valueOf(scene.site());
        String path = grants(Long.parseLong(site), connection);
        HtmlForm form = ConnectIT.form(browser.open(path), "/grants");
        form.getSelectByName("feature").setSelectedAttribute(feature, true);
        if (users != null) {
            form.getTextAreaByName("users").setText(String.join("\n", users));
        }
        if (group != null) {
            form.getInputByName("group").setValue(group);
        }
        HtmlPage jobPage = signInForTheJob((HtmlPage) ConnectIT.click(form), upn);
        String job = jobPage.getUrl().getPath();
        assertTrue(job.startsWith(path + "/jobs/"), job + ": " + jobPage.asNormalizedText());
        return job;
    }

    /** At the sandbox: sign in as {@code upn} (unless still signed in), accept the consent prompt if shown, back at the portal. */
    static HtmlPage signInForTheJob(HtmlPage atMicrosoft, String upn) throws Exception {
        assertEquals("127.0.0.1", atMicrosoft.getUrl().getHost(), atMicrosoft.asNormalizedText());
        Page next = ConnectIT.form(atMicrosoft, "/signin") != null
                ? ConnectIT.microsoftSignIn(atMicrosoft, upn)
                : atMicrosoft;
        if (next instanceof HtmlPage page
                && page.getUrl().getHost().equals("127.0.0.1")
                && ConnectIT.hasDecision(page)) {
            next = ConnectIT.press(page, "accept");
        }
        HtmlPage back = (HtmlPage) next;
        assertEquals("localhost", back.getUrl().getHost(), back.asNormalizedText());
        return back;
    }

    /** A forged POST to the start page (with the session's CSRF token, as a script in the page could send it). */
    static Page forge(Browser browser, String path, Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(fields);
        Map.Entry<String, String> csrf = browser.csrfToken();
        all.put(csrf.getKey(), csrf.getValue());
        return browser.post(path, all);
    }

    static void assertRefused(Page page, String message) {
        String text = page instanceof HtmlPage html
                ? html.asNormalizedText()
                : page.getWebResponse().getContentAsString();
        assertEquals(400, page.getWebResponse().getStatusCode(), text);
        assertTrue(text.contains(message), "expected '" + message + "' in: " + text);
    }

    static Map<String, Object> progress(Browser browser, String job) throws Exception {
        return JSONObjectUtils.parse(
                browser.openRaw(job + "/progress").getWebResponse().getContentAsString());
    }

    /**
     * Runs a job approving these users while the sandbox injects these faults, and checks that it ends DONE with every
     * user approved exactly once and listed as CREATED; returns the sandbox's fault state as the job left it.
     */
    private Map<String, Object> approveEveryoneUnder(
            Browser browser, Scene s, String feature, List<String> users, String faults) throws Exception {
        fault(faults);
        String job = startJob(browser, s.contoso(), feature, users, null, ADMIN);
        Map<String, Object> end = awaitEnd(browser, job);
        Map<String, Object> left =
                JSONObjectUtils.parse(sandbox.faults("GET", null, true).body());
        clearFaults();
        assertDone(end, users.size(), users.size());
        assertExactlyOnce(state(CONTOSO, ADMIN, feature), users, scopes(feature));
        assertResults(browser, job, users, "CREATED");
        return left;
    }

    static Map<String, Object> awaitProgress(
            Browser browser, String job, Predicate<Map<String, Object>> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Map<String, Object> progress = progress(browser, job);
        while (!condition.test(progress)) {
            if (System.nanoTime() > deadline) {
                fail("waited in vain for " + what + ": " + progress);
            }
            Thread.sleep(100);
            progress = progress(browser, job);
        }
        return progress;
    }

    /** Polls the progress JSON until the job has ended (a loaded machine may need a while after a restart). */
    static Map<String, Object> awaitEnd(Browser browser, String job) throws Exception {
        return awaitProgress(
                browser,
                job,
                p -> !"QUEUED".equals(p.get("status")) && !"RUNNING".equals(p.get("status")),
                "the end of " + job);
    }

    static long number(Map<String, Object> json, String field) {
        return ((Number) json.get(field)).longValue();
    }

    static void assertDone(Map<String, Object> end, long total, long created) {
        assertEquals("DONE", end.get("status"), String.valueOf(end));
        assertEquals(total, number(end, "total"), String.valueOf(end));
        assertEquals(created, number(end, "created"), String.valueOf(end));
        assertEquals(0L, number(end, "failed"), String.valueOf(end));
        assertEquals(0L, number(end, "remaining"), String.valueOf(end));
    }

    /**
     * DONE, every user approved. Users whose writes Graph carried out while the portal was stopping, before their
     * results were recorded, are found in place by the resumed run and reported SKIPPED ("Already approved with these
     * scopes"): never written twice (the tenant's state is checked separately).
     */
    static void assertDoneAcrossARestart(Map<String, Object> end, long total) {
        assertEquals("DONE", end.get("status"), String.valueOf(end));
        assertEquals(total, number(end, "total"), String.valueOf(end));
        assertEquals(total, number(end, "created") + number(end, "skipped"), String.valueOf(end));
        assertTrue(number(end, "created") > 0, String.valueOf(end));
        assertEquals(0L, number(end, "failed"), String.valueOf(end));
        assertEquals(0L, number(end, "remaining"), String.valueOf(end));
    }

    /** The CSV download: user -> "RESULT,detail,scopes_before,scopes_after,updated_at". */
    static Map<String, String> csvRows(Browser browser, String job) throws Exception {
        Page csv = browser.openRaw(job + "/results.csv");
        assertEquals(200, csv.getWebResponse().getStatusCode());
        Map<String, String> rows = new HashMap<>();
        for (CSVRecord r : CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv.getWebResponse().getContentAsString()))) {
            rows.put(
                    r.get("user_id"),
                    String.join(
                            ",",
                            r.get("result_code"),
                            r.get("detail"),
                            r.get("scopes_before"),
                            r.get("scopes_after"),
                            r.get("updated_at_utc")));
        }
        return rows;
    }

    /** The CSV download: user -> result. */
    static Map<String, String> csv(Browser browser, String job) throws Exception {
        Map<String, String> results = new HashMap<>();
        csvRows(browser, job).forEach((user, row) -> results.put(user, row.substring(0, row.indexOf(','))));
        return results;
    }

    /** The CSV and the job page (its first 500 rows) give every user this result. */
    static void assertResults(Browser browser, String job, List<String> users, String result) throws Exception {
        Map<String, String> results = csv(browser, job);
        assertEquals(users.size(), results.size());
        users.forEach(u -> assertEquals(result, results.get(u), u + " in the CSV"));
        String page = browser.open(job).asNormalizedText();
        // The page shows the result in plain words, next to the object id.
        String plain = io.tenantlink.platform.web.Messages.get(Locale.ENGLISH, "grants.outcome." + result);
        users.forEach(u -> assertTrue(page.contains(u + "\t" + plain), u + " on the job page: " + page));
    }

    /** Every user that had a result before keeps exactly that row (result, detail, scopes, time). */
    static void assertKept(Map<String, String> before, Map<String, String> after) {
        int kept = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!e.getValue().startsWith("PENDING,")) {
                assertEquals(
                        e.getValue(),
                        after.get(e.getKey()),
                        "the result recorded before the restart is kept for " + e.getKey());
                kept++;
            }
        }
        assertTrue(kept > 0, "some users were done before the restart");
        assertTrue(after.values().stream().noneMatch(v -> v.startsWith("PENDING,")), "nobody left pending");
        assertTrue(
                after.values().stream().allMatch(v -> v.startsWith("CREATED,") || v.startsWith("SKIPPED,")),
                "all approved");
    }

    static long jobId(String jobPath) {
        return Long.parseLong(jobPath.substring(jobPath.lastIndexOf('/') + 1));
    }

    /** One GRANT_CREATED audit record per user of the job at most. */
    static void assertNoDuplicateAudit(long job) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(
                        "SELECT subject, COUNT(*) FROM audit_record WHERE action = 'GRANT_CREATED' AND detail LIKE ? GROUP BY subject HAVING COUNT(*) > 1")) {
            q.setString(1, "%, job " + job + ":%");
            try (ResultSet rs = q.executeQuery()) {
                assertFalse(rs.next(), () -> "audited twice for job " + job);
            }
        }
    }

    static long count(String sql, Object parameter) throws Exception {
        return ConnectIT.count(sql, parameter);
    }

    // --- helpers: the sandbox and the tenant's state through Graph -------------------------------------------------

    void fault(String json) throws Exception {
        HttpResponse<String> r = sandbox.faults("POST", json, true);
        assertEquals(200, r.statusCode(), r.body());
    }

    void clearFaults() throws Exception {
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
    }

    static Set<String> scopes(String feature) {
        return CATALOG.feature(feature).orElseThrow().delegatedScopes(CATALOG.baseScopes(), false);
    }

    /** A feature app's Principal grants (user -> scopes) and default-role assignments (user -> count) in a tenant. */
    record TenantState(Map<String, List<String>> grants, Map<String, Integer> roles) {}

    @SuppressWarnings("unchecked")
    TenantState state(String tenant, String adminUpn, String feature) throws Exception {
        String token = sandbox.delegatedToken(tenant, MANAGEMENT, adminUpn, TOKEN_SCOPES);
        String app = CATALOG.feature(feature).orElseThrow().exampleClientId();
        HttpResponse<String> sp =
                sandbox.graph("GET", "/servicePrincipals?$filter=" + enc("appId eq '" + app + "'"), token, null);
        assertEquals(200, sp.statusCode(), sp.body());
        String spId = (String) ((Map<String, Object>)
                        ((List<Object>) JSONObjectUtils.parse(sp.body()).get("value")).get(0))
                .get("id");
        Map<String, List<String>> grants = new HashMap<>();
        for (Map<String, Object> g : all(
                token,
                "/oauth2PermissionGrants?$filter=" + enc("clientId eq '" + spId + "' and consentType eq 'Principal'")
                        + "&$top=999")) {
            grants.computeIfAbsent(
                            String.valueOf(g.get("principalId")).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add((String) g.get("scope"));
        }
        Map<String, Integer> roles = new HashMap<>();
        for (Map<String, Object> a : all(token, "/servicePrincipals/" + spId + "/appRoleAssignedTo?$top=999")) {
            if (GrantPlanner.DEFAULT_APP_ROLE.equals(a.get("appRoleId"))) {
                roles.merge(String.valueOf(a.get("principalId")).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return new TenantState(grants, roles);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> all(String token, String url) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        String next = url;
        while (next != null) {
            HttpResponse<String> r = sandbox.graph("GET", next, token, null);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = JSONObjectUtils.parse(r.body());
            ((List<Object>) body.get("value")).forEach(v -> out.add((Map<String, Object>) v));
            next = (String) body.get("@odata.nextLink");
        }
        return out;
    }

    static void assertExactlyOnce(TenantState state, List<String> users, Set<String> scopes) {
        for (String u : users) {
            List<String> grants = state.grants().getOrDefault(u, List.of());
            assertEquals(1, grants.size(), "exactly one grant for " + u + ": " + grants);
            assertTrue(GrantPlanner.sameScopes(grants.get(0), scopes), u + ": " + grants.get(0));
            assertEquals(1, state.roles().getOrDefault(u, 0), "exactly one app role assignment for " + u);
        }
    }

    static void assertAtMostOnce(TenantState state, List<String> users) {
        for (String u : users) {
            assertTrue(state.grants().getOrDefault(u, List.of()).size() <= 1, "at most one grant for " + u);
            assertTrue(state.roles().getOrDefault(u, 0) <= 1, "at most one app role assignment for " + u);
        }
    }

    static void assertUntouched(TenantState state, List<String> users) {
        for (String u : users) {
            assertFalse(state.grants().containsKey(u), "no grant for " + u);
            assertFalse(state.roles().containsKey(u), "no app role assignment for " + u);
        }
    }

    /**
     * The tenant revokes the consent-management app: Graph refuses the job's token from now on (the sandbox rotates the
     * key that signed it out of its key set: Graph keeps accepting an issued token until it expires, this stands in for
     * that moment), the admin's sessions are revoked, and the app's delegated grants and application permissions are
     * deleted through Graph.
     */
    @SuppressWarnings("unchecked")
    void revokeManagementConsent(String tenant, String adminUpn, String adminObjectId) throws Exception {
        control("/sandbox/control/keys/rotate");
        control("/sandbox/control/keys/rotate");
        control("/sandbox/control/tenants/" + tenant + "/users/" + adminObjectId + "/revoke-sessions");
        String token = sandbox.delegatedToken(tenant, MANAGEMENT, adminUpn, TOKEN_SCOPES);
        String managementSp = spId(token, MANAGEMENT.appId());
        for (Map<String, Object> g :
                all(token, "/oauth2PermissionGrants?$filter=" + enc("clientId eq '" + managementSp + "'"))) {
            HttpResponse<String> deleted =
                    sandbox.graph("DELETE", "/oauth2PermissionGrants/" + g.get("id"), token, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
        }
        String graphSp = spId(token, GrantPlanner.GRAPH_APP_ID);
        List<Map<String, Object>> assignments = all(token, "/servicePrincipals/" + graphSp + "/appRoleAssignedTo");
        for (Map<String, Object> a : assignments) {
            if (managementSp.equals(a.get("principalId"))) {
                HttpResponse<String> deleted = sandbox.graph(
                        "DELETE", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + a.get("id"), token, null);
                assertEquals(204, deleted.statusCode(), deleted.body());
            }
        }
    }

    @SuppressWarnings("unchecked")
    String spId(String token, String appId) throws Exception {
        HttpResponse<String> sp =
                sandbox.graph("GET", "/servicePrincipals?$filter=" + enc("appId eq '" + appId + "'"), token, null);
        assertEquals(200, sp.statusCode(), sp.body());
        return (String) ((Map<String, Object>)
                        ((List<Object>) JSONObjectUtils.parse(sp.body()).get("value")).get(0))
                .get("id");
    }

    void control(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + PortalDeployment.port() + path))
                                .header("X-Sandbox-Control", "1")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
    }

    static String enc(String s) {
        return s.replace(" ", "%20").replace("'", "%27");
    }
}
