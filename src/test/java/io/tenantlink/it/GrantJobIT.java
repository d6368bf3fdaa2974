package io.tenantlink.it;

import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.grants.GrantEngine;
import io.tenantlink.grants.GrantGraph;
import io.tenantlink.grants.GrantOutcome;
import io.tenantlink.grants.GrantPlanner;
import io.tenantlink.grants.UserResult;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.TestRoutes;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limited-user approval engine against the Graph stand-in over HTTP, with the consent-management app's
 * delegated token for Contoso's Global Administrator (admin consent, then sign-in): grants created with the
 * default app role, a second run skips, changed scopes update, unknown and other-tenant users fail clearly,
 * and a 429 storm still ends with every grant exactly once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GrantJobIT {

    static final String ADMIN = "megan.admin@contoso.example";
    static final GraphSandboxClient.App MANAGEMENT =
            new GraphSandboxClient.App("0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10", "sandbox-graph-admin-secret");
    static final String MEGAN = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String ALEX = "b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String APPADMIN = "b1e2c3d4-0005-4a5b-8c6d-7e8f9a0b1c05";
    static final String GUEST = "b1e2c3d4-0006-4a5b-8c6d-7e8f9a0b1c06";
    static final String FABRIKAM_MEMBER = "f2a3b4c5-0003-4d6e-8f70-8192a3b4c503";
    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;
    private String token;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
        sandbox.adminConsent(CONTOSO, MANAGEMENT, ADMIN);
        token = sandbox.delegatedToken(
                CONTOSO,
                MANAGEMENT,
                ADMIN,
                "Application.ReadWrite.All DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All Directory.Read.All");
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.faults("DELETE", null, true);
        sandbox.close();
        pool.shutdownNow();
    }

    GraphGateway graph() {
        return GraphGateway.create(
                TestRoutes.standIn(URI.create("http://127.0.0.1:" + base.getPort())),
                () -> token,
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                GraphGateway.Budget.standard());
    }

    record Run(GrantEngine.Summary summary, Map<String, UserResult> results) {
        GrantOutcome outcome(String user) {
            return results.get(user).outcome();
        }
    }

    Run run(String feature, Set<String> scopes, List<String> users) throws Exception {
        Map<String, UserResult> results = new ConcurrentHashMap<>();
        String app = CATALOG.feature(feature).orElseThrow().exampleClientId();
        GrantEngine.Summary summary = new GrantEngine(GrantGraph.of(graph()), pool, 4)
                .run(new GrantEngine.Target(app, scopes), users, new GrantEngine.Progress() {
                    @Override
                    public boolean cancelled() {
                        return false;
                    }

                    @Override
                    public void record(List<UserResult> batch) {
                        batch.forEach(r -> results.put(r.userId(), r));
                    }
                });
        return new Run(summary, results);
    }

    static Set<String> scopes(String feature) {
        return CATALOG.feature(feature).orElseThrow().delegatedScopes(CATALOG.baseScopes(), false);
    }

    /** The client's Principal grants per user, and its default-role assignees, as Graph lists them. */
    Map<String, List<String>> grantsByUser(String feature) throws Exception {
        GraphGateway g = graph();
        String app = CATALOG.feature(feature).orElseThrow().exampleClientId();
        String spId = g.servicePrincipalId(app).orElseThrow();
        Map<String, List<String>> out = new java.util.HashMap<>();
        for (GraphGateway.DelegatedGrant grant :
                g.all(new GraphRequest.DelegatedGrants(spId, GraphRequest.ConsentType.PRINCIPAL, null, null), 10_000)) {
            out.computeIfAbsent(grant.principalId().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(grant.scope());
        }
        for (GraphGateway.RoleAssignment a : g.appRoleAssignedTo(spId, 10_000)) {
            out.computeIfAbsent("role:" + a.principalId().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(a.appRoleId());
        }
        return out;
    }

    @Test
    void grantsAreCreatedThenSkippedThenUpdatedWhenTheScopesChange() throws Exception {
        List<String> users = List.of(ADELE, LEE, GUEST, ALEX);
        Run first = run("todo", scopes("todo"), users);
        for (String u : users) {
            assertEquals(GrantOutcome.CREATED, first.outcome(u), first.results().toString());
        }
        assertEquals(1, first.summary().batches(), "8 writes, one $batch");
        Map<String, List<String>> state = grantsByUser("todo");
        for (String u : users) {
            assertEquals(1, state.get(u).size(), "one grant for " + u);
            assertTrue(
                    GrantPlanner.sameScopes(state.get(u).get(0), scopes("todo")),
                    state.get(u).get(0));
            assertEquals(List.of(GrantPlanner.DEFAULT_APP_ROLE), state.get("role:" + u));
        }

        Run second = run("todo", scopes("todo"), users);
        for (String u : users) {
            assertEquals(GrantOutcome.SKIPPED, second.outcome(u));
        }
        assertEquals(0, second.summary().batches(), "nothing written the second time");

        Set<String> fewer = new LinkedHashSet<>(scopes("todo"));
        fewer.remove("Tasks.ReadWrite.Shared");
        Run third = run("todo", fewer, users);
        for (String u : users) {
            assertEquals(GrantOutcome.UPDATED, third.outcome(u));
            assertTrue(third.results().get(u).scopesBefore().contains("Tasks.ReadWrite.Shared"));
        }
        state = grantsByUser("todo");
        for (String u : users) {
            assertEquals(1, state.get(u).size());
            assertTrue(
                    GrantPlanner.sameScopes(state.get(u).get(0), fewer),
                    state.get(u).get(0));
            assertEquals(1, state.get("role:" + u).size(), "the app role is not assigned twice");
        }
    }

    @Test
    void unknownUsersAndUsersOfAnotherTenantFailClearly() throws Exception {
        String stranger = UUID.randomUUID().toString();
        Run run = run(
                "teams-portal",
                scopes("teams-portal"),
                List.of(MEGAN, FABRIKAM_MEMBER, stranger, "someone@contoso.example"));
        assertEquals(GrantOutcome.CREATED, run.outcome(MEGAN));
        for (String u : List.of(FABRIKAM_MEMBER, stranger)) {
            assertEquals(GrantOutcome.FAILED, run.outcome(u));
            assertTrue(
                    run.results().get(u).detail().contains("does not know this user"),
                    run.results().get(u).detail());
        }
        assertEquals(GrantOutcome.FAILED, run.outcome("someone@contoso.example"), "not an object id");
        Map<String, List<String>> state = grantsByUser("teams-portal");
        assertEquals(Set.of(MEGAN, "role:" + MEGAN), state.keySet());
    }

    @Test
    void aThrottlingStormStillEndsWithEveryGrantExactlyOnce() throws Exception {
        assertEquals(
                200,
                sandbox.faults("POST", "{\"throttleNextRequests\":25,\"retryAfterSeconds\":1}", true)
                        .statusCode());
        List<String> users = List.of(MEGAN, ALEX, ADELE, LEE, APPADMIN, GUEST);
        Run run = run("email", scopes("email"), users);
        for (String u : users) {
            assertEquals(GrantOutcome.CREATED, run.outcome(u), run.results().toString());
        }
        Map<String, Object> faults =
                JSONObjectUtils.parse(sandbox.faults("GET", null, true).body());
        assertEquals(0L, ((Number) faults.get("throttleNextRequests")).longValue(), "the storm was spent");
        Map<String, List<String>> state = grantsByUser("email");
        for (String u : users) {
            assertEquals(1, state.get(u).size(), "exactly one grant for " + u);
            assertEquals(1, state.get("role:" + u).size(), "exactly one assignment for " + u);
        }
        Run again = run("email", scopes("email"), users);
        users.forEach(u -> assertEquals(GrantOutcome.SKIPPED, again.outcome(u)));
    }

    /**
     * Through the portal: a site admin connects Contoso, opens "Approve for a limited set of users", picks Teams and
     * three users (one unknown), signs in at Microsoft for the job's token, and the job runs in the background: the
     * progress endpoint reaches DONE, per-user results, CSV, and one audit record per grant.
     */
    @Test
    void aSiteAdminApprovesUsersThroughThePortal() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Grants desk "));
        String admin = ConnectIT.siteAdmin(portal, site);
        String stranger = UUID.randomUUID().toString();
        try (Browser browser = portal.signedIn(admin)) {
            ConnectIT.connect(browser, browser.open("/sites/" + site + "/chat-tools"), ADMIN);
            long connection = ConnectIT.connectionId(site, CONTOSO);
            String base = "/sites/" + site + "/chat-tools/teams/" + connection + "/grants";
            org.htmlunit.html.HtmlPage start = browser.open(base);
            assertTrue(
                    start.asNormalizedText().contains("Approve for a limited set of users"), start.asNormalizedText());
            org.htmlunit.html.HtmlForm form = ConnectIT.form(start, "/grants");
            form.getSelectByName("feature").setSelectedAttribute("teams", true);
            form.getTextAreaByName("users").setText(ADELE + "\n" + LEE.toUpperCase(Locale.ROOT) + "\n" + stranger);
            org.htmlunit.html.HtmlPage signIn = (org.htmlunit.html.HtmlPage) ConnectIT.click(form);
            assertTrue(
                    signIn.getUrl().toString().contains("client_id=" + MANAGEMENT.appId()),
                    signIn.getUrl().toString());
            org.htmlunit.html.HtmlPage jobPage = signInForTheJob(signIn);
            String jobPath = jobPage.getUrl().getPath();
            assertTrue(jobPath.startsWith(base + "/jobs/"), jobPath);
            assertTrue(jobPage.getElementById("grant-progress-bar") != null, "a progress bar");

            Map<String, Object> progress = awaitEnd(browser, jobPath);
            assertEquals("DONE", progress.get("status"), String.valueOf(progress));
            assertEquals(2L, ((Number) progress.get("created")).longValue(), String.valueOf(progress));
            assertEquals(1L, ((Number) progress.get("failed")).longValue());
            assertEquals(0L, ((Number) progress.get("remaining")).longValue());

            String text = browser.open(jobPath).asNormalizedText();
            assertTrue(text.contains(stranger) && text.contains("does not know this user"), text);
            String csv =
                    browser.openRaw(jobPath + "/results.csv").getWebResponse().getContentAsString();
            assertTrue(
                    csv.startsWith(
                            "job,tenant_id,app,user_id,display_name,user_principal_name,result,result_code,detail"),
                    csv);
            Map<String, org.apache.commons.csv.CSVRecord> rows = csvByUser(csv);
            assertEquals("CREATED", rows.get(ADELE).get("result_code"), csv);
            assertEquals("Approved (new grant)", rows.get(ADELE).get("result"), csv);
            assertEquals("Adele Vance", rows.get(ADELE).get("display_name"), csv);
            assertEquals("adele@contoso.example", rows.get(ADELE).get("user_principal_name"), csv);
            assertEquals("CREATED", rows.get(LEE).get("result_code"), csv);
            assertEquals("FAILED", rows.get(stranger).get("result_code"), csv);
            assertEquals("Not approved", rows.get(stranger).get("result"), csv);
            assertEquals("", rows.get(stranger).get("display_name"), "the directory does not know the stranger");

            Map<String, List<String>> state = grantsByUser("teams");
            assertEquals(1, state.get(ADELE).size());
            assertEquals(1, state.get(LEE).size());
            assertTrue(
                    GrantPlanner.sameScopes(state.get(ADELE).get(0), scopes("teams")),
                    state.get(ADELE).get(0));
            ConnectIT.assertAudited(site, "GRANT_CREATED", "(teams)");
            ConnectIT.assertAudited(site, "GRANT_FAILED", "does not know this user");
            ConnectIT.assertAudited(site, "GRANT_JOB_FINISHED", "DONE");

            // A security group (members resolved transitively: Adele, and Lee through the nested On-call group), for
            // the
            // same client app with other scopes: both grants are updated, not duplicated.
            org.htmlunit.html.HtmlForm byGroup = ConnectIT.form(browser.open(base), "/grants");
            byGroup.getSelectByName("feature").setSelectedAttribute("teams-portal-notifications", true);
            byGroup.getInputByName("group").setValue("c0ffee00-0001-4a5b-8c6d-7e8f9a0b1c01");
            String groupJob = signInForTheJob((org.htmlunit.html.HtmlPage) ConnectIT.click(byGroup))
                    .getUrl()
                    .getPath();
            Map<String, Object> groupProgress = awaitEnd(browser, groupJob);
            assertEquals("DONE", groupProgress.get("status"), String.valueOf(groupProgress));
            assertEquals(2L, ((Number) groupProgress.get("total")).longValue(), String.valueOf(groupProgress));
            assertEquals(2L, ((Number) groupProgress.get("updated")).longValue(), String.valueOf(groupProgress));
            state = grantsByUser("teams");
            assertEquals(1, state.get(ADELE).size());
            assertTrue(
                    GrantPlanner.sameScopes(state.get(LEE).get(0), scopes("teams-portal-notifications")),
                    state.get(LEE).get(0));
            ConnectIT.assertAudited(site, "GRANT_UPDATED", "(teams-portal-notifications)");
        }
    }

    /**
     * The in-portal approval is linked from the tenant page and each feature page for a site admin (who may start it),
     * not for an auditor (who may not). Started from a feature page (that feature chosen), the finished job's page has no
     * Cancel and no sign-in, and shows names, user names and plain results, never the raw codes.
     */
    @Test
    void linkedForThoseWhoMayStartItAndTheFinishedJobPageIsPlain() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Grants links "));
        String admin = ConnectIT.siteAdmin(portal, site);
        String auditor = portal.account("auditor");
        portal.grant(site, auditor, "AUDITOR", null);
        String stranger = UUID.randomUUID().toString();
        try (Browser browser = portal.signedIn(admin)) {
            ConnectIT.connect(browser, browser.open("/sites/" + site + "/chat-tools"), ADMIN);
            long connection = ConnectIT.connectionId(site, CONTOSO);
            String tenant = "/sites/" + site + "/chat-tools/teams/" + connection;

            org.htmlunit.html.HtmlAnchor fromTenant =
                    (org.htmlunit.html.HtmlAnchor) browser.open(tenant).getElementById("grants-link");
            assertTrue(fromTenant != null, "the tenant page links to the in-portal approval");
            assertEquals(tenant + "/grants", fromTenant.click().getUrl().getPath());
            for (String feature : List.of(
                    "email", "meetings", "calendar", "todo", "teams", "teams-portal", "teams-portal-notifications")) {
                org.htmlunit.html.HtmlPage page = browser.open(tenant + "/features/" + feature);
                assertTrue(
                        page.getElementById("grants-link") != null,
                        "the " + feature + " page links to the in-portal approval");
            }
            // Teams portal: an app no other test of this class approves Adele or Lee for, so both grants are new.
            org.htmlunit.html.HtmlAnchor fromFeature = (org.htmlunit.html.HtmlAnchor)
                    browser.open(tenant + "/features/teams-portal").getElementById("grants-link");
            org.htmlunit.html.HtmlPage start = fromFeature.click();
            assertEquals(tenant + "/grants", start.getUrl().getPath());
            org.htmlunit.html.HtmlForm form = ConnectIT.form(start, "/grants");
            assertEquals(
                    "teams-portal",
                    form.getSelectByName("feature").getSelectedOptions().get(0).getValueAttribute(),
                    "the feature of the page is chosen");
            assertEquals(
                    io.tenantlink.platform.web.Messages.get(Locale.ENGLISH, "feature.teams-portal.name"),
                    form.getSelectByName("feature").getSelectedOptions().get(0).asNormalizedText(),
                    "by its name");

            form.getTextAreaByName("users").setText(ADELE + "\n" + LEE + "\n" + stranger);
            String jobPath = signInForTheJob((org.htmlunit.html.HtmlPage) ConnectIT.click(form))
                    .getUrl()
                    .getPath();
            assertEquals("DONE", awaitEnd(browser, jobPath).get("status"));

            org.htmlunit.html.HtmlPage job = browser.open(jobPath);
            assertTrue(job.getElementById("cancel-job") == null, "no Cancel once the job is done");
            assertTrue(job.getElementById("sign-in-job") == null, "no sign-in once the job is done");
            assertEquals("Done", job.getElementById("job-status").asNormalizedText());
            assertEquals(
                    "badge badge-success job-status-badge",
                    ((org.htmlunit.html.DomElement) job.querySelector("#job-status .badge")).getAttribute("class"),
                    "a done job's status is a success badge");
            assertTrue(job.asNormalizedText().contains("Person " + admin), "who asked for the job, by name");
            assertTrue(!job.asNormalizedText().contains("portal:"), "no internal ids on the job page");
            org.htmlunit.html.HtmlPage jobs = browser.open(tenant + "/grants");
            assertEquals(
                    "badge badge-success job-status-badge",
                    ((org.htmlunit.html.DomElement) jobs.querySelector(".job-status-badge")).getAttribute("class"),
                    "the list of jobs shows statuses as badges");
            assertTrue(!jobs.asNormalizedText().contains("portal:"), "the list of jobs names who asked by name");
            assertTrue(
                    job.asNormalizedText()
                            .contains("Feature "
                                    + io.tenantlink.platform.web.Messages.get(
                                            Locale.ENGLISH, "feature.teams-portal.name")),
                    job.asNormalizedText());
            Map<String, String> rows = new java.util.HashMap<>();
            for (Object tr : job.getByXPath("//table[@id='job-users']/tbody/tr")) {
                org.htmlunit.html.HtmlElement row = (org.htmlunit.html.HtmlElement) tr;
                rows.put(row.getAttribute("data-user"), row.asNormalizedText());
            }
            assertEquals(Set.of(ADELE, LEE, stranger), rows.keySet());
            assertEquals(
                    "Adele Vance\tadele@contoso.example\t" + ADELE + "\tApproved (new grant)",
                    rows.get(ADELE).trim());
            assertTrue(
                    rows.get(LEE).startsWith("Lee Gu\tlee@contoso.example\t" + LEE + "\tApproved (new grant)"),
                    rows.get(LEE));
            assertTrue(rows.get(stranger).startsWith("—\t—\t" + stranger + "\tNot approved"), rows.get(stranger));
            String table = job.getElementById("job-users").asNormalizedText();
            for (String code : List.of("PENDING", "CREATED", "FAILED", "Waiting")) {
                assertTrue(!table.contains(code), "no raw code or pending row (" + code + "): " + table);
            }
            assertTrue(
                    job.getElementById("grant-progress")
                            .getAttribute("data-finished")
                            .equals("true"),
                    "the page does not poll");

            // The progress JSON the page polls carries the same plain rows and the end.
            Map<String, Object> progress = JSONObjectUtils.parse(
                    browser.openRaw(jobPath + "/progress").getWebResponse().getContentAsString());
            assertEquals(Boolean.TRUE, progress.get("finished"));
            assertEquals("Done", progress.get("statusText"));
            assertEquals("success", progress.get("statusStyle"), "the page turns the badge green as the job ends");
            assertTrue(String.valueOf(progress.get("rows")).contains("Adele Vance"), String.valueOf(progress));

            // The CSV: object id, names, plain result and code; cells that would be formulas are text.
            Map<String, org.apache.commons.csv.CSVRecord> csv = csvByUser(
                    browser.openRaw(jobPath + "/results.csv").getWebResponse().getContentAsString());
            assertEquals("Lee Gu", csv.get(LEE).get("display_name"));
            assertEquals("lee@contoso.example", csv.get(LEE).get("user_principal_name"));
            assertEquals("Approved (new grant)", csv.get(LEE).get("result"));
            assertEquals("CREATED", csv.get(LEE).get("result_code"));
        }
        try (Browser reader = portal.signedIn(auditor)) {
            long connection = ConnectIT.connectionId(site, CONTOSO);
            String tenant = "/sites/" + site + "/chat-tools/teams/" + connection;
            org.htmlunit.html.HtmlPage tenantPage = reader.open(tenant);
            assertEquals(200, tenantPage.getWebResponse().getStatusCode());
            assertTrue(tenantPage.getElementById("grants-link") == null, "an auditor may not start it: no link");
            org.htmlunit.html.HtmlPage featurePage = reader.open(tenant + "/features/todo");
            assertEquals(200, featurePage.getWebResponse().getStatusCode());
            assertTrue(featurePage.getElementById("grants-link") == null, "no link on the feature page either");
        }
    }

    /** At the sandbox: sign in as the tenant admin (unless still signed in) and accept the consent prompt if shown. */
    static org.htmlunit.html.HtmlPage signInForTheJob(org.htmlunit.html.HtmlPage atMicrosoft) throws Exception {
        assertEquals(
                "127.0.0.1", atMicrosoft.getUrl().getHost(), "the admin signs in at Microsoft for the job's token");
        assertTrue(
                atMicrosoft.getUrl().toString().contains("client_id=" + MANAGEMENT.appId())
                        || ConnectIT.form(atMicrosoft, "/signin") == null,
                atMicrosoft.getUrl().toString());
        org.htmlunit.Page next = ConnectIT.form(atMicrosoft, "/signin") != null
                ? ConnectIT.microsoftSignIn(atMicrosoft, ADMIN)
                : atMicrosoft;
        if (next instanceof org.htmlunit.html.HtmlPage page
                && page.getUrl().getHost().equals("127.0.0.1")
                && ConnectIT.hasDecision(page)) {
            next = ConnectIT.press(page, "accept");
        }
        org.htmlunit.html.HtmlPage back = (org.htmlunit.html.HtmlPage) next;
        assertEquals("localhost", back.getUrl().getHost(), back.asNormalizedText());
        return back;
    }

    /** The results CSV by user object id (the header names the columns). */
    static Map<String, org.apache.commons.csv.CSVRecord> csvByUser(String csv) throws Exception {
        Map<String, org.apache.commons.csv.CSVRecord> rows = new java.util.LinkedHashMap<>();
        for (org.apache.commons.csv.CSVRecord r : org.apache.commons.csv.CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new java.io.StringReader(csv))) {
            rows.put(r.get("user_id"), r);
        }
        return rows;
    }

    static Map<String, Object> awaitEnd(Browser browser, String jobPath) throws Exception {
        Map<String, Object> progress = null;
        for (int i = 0; i < 240; i++) {
            progress = JSONObjectUtils.parse(
                    browser.openRaw(jobPath + "/progress").getWebResponse().getContentAsString());
            if (!"QUEUED".equals(progress.get("status")) && !"RUNNING".equals(progress.get("status"))) {
                break;
            }
            Thread.sleep(500);
        }
        return progress;
    }
}
