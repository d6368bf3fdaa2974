package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
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
 * An incident's Teams chat and meeting through the incident page, against the Graph stand-in over HTTP: a site admin
 * signs in to Teams as a Contoso user, creates the chat (members from the mapping, the unmapped named), adds
 * responders, starts a meeting; Graph's 429 and 500 while creating the chat leave exactly one chat.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IncidentChatIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String MEGAN_UPN = "megan.admin@contoso.example";
    static final String MEGAN = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String ALEX = "b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = contosoWithChatOps(base);
    }

    /** The stand-in without faults, and Contoso's admin consent to the ChatOps app (delegated and application). */
    static GraphSandboxClient contosoWithChatOps(URL base) throws Exception {
        GraphSandboxClient sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
        sandbox.adminConsent(CONTOSO, GraphSandboxClient.CHATOPS, MEGAN_UPN);
        return sandbox;
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.faults("DELETE", null, true);
        sandbox.close();
        retireInsertedConnections();
    }

    record Setup(Portal portal, long siteId, long projectId, long connectionId, String admin) {
        String incidents() {
            return "/sites/" + siteId + "/projects/" + projectId + "/incidents";
        }
    }

    private Setup setup() throws Exception {
        return setup(base);
    }

    /** A site and its admin, Contoso connected, an Incidents project, and five people (three of them Contoso users, one a Fabrikam user). */
    static Setup setup(URL base) throws Exception {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Teams site"));
        String admin = portal.account("teamsadm");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        long connectionId = insertContoso(siteId);
        String key = "TC" + (Portal.unique("").hashCode() & 0xFFFF);
        long projectId;
        try (Browser browser = portal.signedIn(admin)) {
            projectId = portal.project(browser, siteId, "Teams " + key, key.replaceAll("[^A-Z0-9]", ""));
            addPerson(browser, siteId, "Alex Wilber", "alex.teams@contoso.example");
            addPerson(browser, siteId, "Adele Vance", "ADELE@contoso.example");
            addPerson(browser, siteId, "Lee Gu", "lee@contoso.example");
            addPerson(browser, siteId, "Pat Nobody", "pat@nowhere.example");
            // A user of another tenant (Fabrikam's admin): the project's tenant is Contoso, so no chat member.
            addPerson(browser, siteId, "Fabrikam Admin", "admin@fabrikam.example");
        }
        return new Setup(portal, siteId, projectId, connectionId, admin);
    }

    @Test
    void aResponderCreatesTheChatAddsPeopleAndStartsAMeetingAsThemselves() throws Exception {
        Setup s = setup();
        try (Browser admin = s.portal().signedIn(s.admin())) {
            syncMapping(admin, s);
            long number = createIncident(
                    admin,
                    s,
                    "Mail <is> down",
                    List.of("Alex Wilber"),
                    List.of("Adele Vance", "Pat Nobody", "Fabrikam Admin"));
            String incident = s.incidents() + "/" + number;

            HtmlPage page = admin.open(incident);
            assertNotNull(page.getElementById("teams-panel"), page.asNormalizedText());
            assertNotNull(page.getElementById("teams-no-chat"));
            assertNull(page.getElementById("teams-create-chat"), "not signed in to Teams yet: no create button");

            HtmlPage back = signInToTeams(admin, page, MEGAN_UPN);
            assertTrue(
                    back.asNormalizedText().contains("You can now work in Microsoft Teams as " + MEGAN_UPN),
                    back.asNormalizedText());
            assertNotNull(back.getElementById("teams-create-chat"));

            HtmlPage created = press(back, "teams-create-chat");
            String text = created.asNormalizedText();
            assertTrue(text.contains("The Teams chat was created with 3 members"), text);
            assertTrue(text.contains("Not in the chat, because they have no Microsoft user: "), text);
            assertTrue(text.contains("Pat Nobody"), text);
            assertTrue(text.contains("Fabrikam Admin"), "a responder of another tenant is left out: " + text);
            assertNotNull(created.getElementById("teams-chat-link"));
            assertTrue(created.getElementById("timeline").asNormalizedText().contains("Chat created with 3 members"));

            String chatId = chatIdOf(number, s);
            String token = sandbox.delegatedToken(CONTOSO, SandboxChatsIT.CHAT_CLIENT, MEGAN_UPN, "Chat.ReadWrite");
            assertEquals(sorted(ADELE, ALEX, MEGAN), members(chatId, token));
            HttpResponse<String> messages = sandbox.graph("GET", "/chats/" + chatId + "/messages", token, null);
            assertEquals(200, messages.statusCode(), messages.body());
            assertTrue(messages.body().contains("Mail &lt;is&gt; down"), "the summary is escaped: " + messages.body());
            String appsToken = sandbox.delegatedToken(
                    CONTOSO, GraphSandboxClient.CHATOPS, MEGAN_UPN, "TeamsAppInstallation.ReadWriteSelfForChat");
            HttpResponse<String> apps =
                    sandbox.graph("GET", "/chats/" + chatId + "/installedApps?$expand=teamsApp", appsToken, null);
            assertTrue(
                    apps.body().contains("3f8c2a91-6d4e-4b7a-9c15-2e0f7d8b6a43"),
                    "the ChatOps app is in the chat: " + apps.body());

            assertNull(created.getElementById("teams-create-chat"), "one chat per incident");
            // Lee becomes a responder: Add responders adds him alone.
            editResponders(admin, s, number, List.of("Adele Vance", "Pat Nobody", "Fabrikam Admin", "Lee Gu"));
            HtmlPage added = press(admin.open(incident), "teams-add-members");
            assertTrue(
                    added.asNormalizedText().contains("1 people were added to the Teams chat."),
                    added.asNormalizedText());
            assertEquals(sorted(ADELE, ALEX, LEE, MEGAN), members(chatId, token));

            HtmlPage meeting = press(added, "teams-start-meeting");
            assertTrue(
                    meeting.asNormalizedText().contains("The Teams meeting was started"), meeting.asNormalizedText());
            String join = meeting.getHtmlElementById("teams-meeting-link").getAttribute("href");
            assertTrue(join.startsWith("https://teams.microsoft.com/l/meetup-join/"), join);
            HttpResponse<String> after = sandbox.graph("GET", "/chats/" + chatId + "/messages", token, null);
            assertTrue(after.body().contains("meetup-join"), "the join link is posted in the chat");
            assertNull(meeting.getElementById("teams-start-meeting"), "one meeting per incident");

            // A change of the incident is posted in the chat (after the commit, in the background).
            editPriority(admin, s, number, "P1");
            long deadline = System.currentTimeMillis() + 15_000;
            String body = "";
            // Adding Lee was a change too (posted with P3); the priority's change is posted with P1.
            while (System.currentTimeMillis() < deadline && !body.contains("P1 &ndash; critical")) {
                body = sandbox.graph("GET", "/chats/" + chatId + "/messages", token, null)
                        .body();
                Thread.sleep(200);
            }
            assertTrue(body.contains("was changed") && body.contains("P1 &ndash; critical"), body);
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(
                    "1",
                    single(
                            c,
                            "select count(*) from incident_chat c join incident i on i.id = c.incident_id where i.project_id = "
                                    + s.projectId()));
        }
    }

    @Test
    void throttlingAndAServerErrorWhileCreatingTheChatLeaveExactlyOneChat() throws Exception {
        Setup s = setup();
        try (Browser admin = s.portal().signedIn(s.admin())) {
            syncMapping(admin, s);
            long number = createIncident(admin, s, "Printer fire", List.of("Alex Wilber"), List.of("Adele Vance"));
            String incident = s.incidents() + "/" + number;
            HtmlPage page = signInToTeams(admin, admin.open(incident), MEGAN_UPN);

            assertEquals(
                    200,
                    sandbox.faults("POST", "{\"errorRate\": 1, \"errorStatus\": 500}", true)
                            .statusCode());
            HtmlPage failed = press(page, "teams-create-chat");
            assertTrue(
                    failed.asNormalizedText().contains("Microsoft Teams refused the request (HTTP 500"),
                    failed.asNormalizedText());
            assertNotNull(failed.getElementById("teams-create-chat"), "nothing was created: try again");
            assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());

            assertEquals(
                    200,
                    sandbox.faults("POST", "{\"throttleNextRequests\": 1, \"retryAfterSeconds\": 1}", true)
                            .statusCode());
            HtmlPage created = press(failed, "teams-create-chat");
            assertTrue(
                    created.asNormalizedText().contains("The Teams chat was created with 3 members"),
                    created.asNormalizedText());

            String token = sandbox.delegatedToken(CONTOSO, SandboxChatsIT.CHAT_CLIENT, MEGAN_UPN, "Chat.ReadWrite");
            HttpResponse<String> chats = sandbox.graph("GET", "/chats", token, null);
            assertEquals(200, chats.statusCode(), chats.body());
            int count = 0;
            for (Object chat : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(chats.body()), "value")) {
                if (String.valueOf(((Map<?, ?>) chat).get("topic")).endsWith(": Printer fire")
                        && String.valueOf(((Map<?, ?>) chat).get("topic")).startsWith(keyOf(s, number))) {
                    count++;
                }
            }
            assertEquals(1, count, "one chat for the incident: " + chats.body());
            var csrf = admin.csrfToken();
            HtmlPage again = (HtmlPage) admin.post(incident + "/teams/chat", Map.of(csrf.getKey(), csrf.getValue()));
            assertTrue(
                    again.asNormalizedText().contains("This incident already has a Teams chat."),
                    again.asNormalizedText());
        }
    }

    @Test
    void teamsUnavailableSaysWhyAndAnAuditorSeesNoButtons() throws Exception {
        Setup s = setup();
        String auditor = s.portal().account("teamsaud");
        s.portal().grant(s.siteId(), auditor, "AUDITOR", null);
        long number;
        try (Browser admin = s.portal().signedIn(s.admin())) {
            number = createIncident(admin, s, "Badge readers", List.of(), List.of());
        }
        try (Browser reader = s.portal().signedIn(auditor)) {
            HtmlPage page = reader.open(s.incidents() + "/" + number);
            assertNotNull(page.getElementById("teams-panel"));
            assertNull(page.getElementById("teams-sign-in"), "auditors read only");
            var csrf = reader.csrfToken();
            HtmlPage refused = (HtmlPage)
                    reader.post(s.incidents() + "/" + number + "/teams/chat", Map.of(csrf.getKey(), csrf.getValue()));
            assertEquals(403, refused.getWebResponse().getStatusCode());
        }
        try (Connection c = TestDatabase.connect();
                PreparedStatement st = c.prepareStatement(
                        "update tenant_connection set status = 'DISCONNECTED', disconnected_at = ? where id = ?")) {
            st.setObject(1, LocalDateTime.now());
            st.setLong(2, s.connectionId());
            st.executeUpdate();
        }
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage page = admin.open(s.incidents() + "/" + number);
            assertTrue(
                    page.getHtmlElementById("teams-unavailable")
                            .asNormalizedText()
                            .contains("no Microsoft tenant is actively connected"),
                    page.asNormalizedText());
            assertNull(page.getElementById("teams-sign-in"));
        }
    }

    // --- steps ---------------------------------------------------------------------------------------------

    /** The site admin reads the tenant's users (the mapping page's Sync now). */
    static void syncMapping(Browser admin, Setup s) {
        HtmlPage mapping = admin.open("/sites/" + s.siteId() + "/people/mapping");
        HtmlForm sync = mapping.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/sync"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Sync now: " + mapping.asNormalizedText()));
        HtmlPage synced = admin.submit(sync);
        assertEquals(200, synced.getWebResponse().getStatusCode(), synced.asNormalizedText());
    }

    static HtmlPage signInToTeams(Browser browser, HtmlPage incidentPage, String upn) throws Exception {
        HtmlPage login = press(incidentPage, "teams-sign-in");
        HtmlForm form = login.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/signin"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the stand-in's sign-in: " + login.asNormalizedText()));
        form.getInputByName("username").setValue(upn);
        HtmlPage next = ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
        if (next.getElementById("delegated-permissions") != null) {
            next = ((HtmlButton) next.getFirstByXPath("//button[@name='decision' and @value='accept']")).click();
        }
        assertEquals(200, next.getWebResponse().getStatusCode(), next.asNormalizedText());
        return next;
    }

    static HtmlPage press(HtmlPage page, String buttonId) throws Exception {
        return page.<HtmlButton>getHtmlElementById(buttonId).click();
    }

    static void addPerson(Browser browser, long siteId, String name, String email) {
        HtmlPage added = browser.fill(
                browser.open("/sites/" + siteId + "/people/new"),
                "/sites/" + siteId + "/people",
                Map.of("name", name, "email", email, "alternativeEmails", ""));
        assertEquals(200, added.getWebResponse().getStatusCode(), added.asNormalizedText());
    }

    static long createIncident(
            Browser browser, Setup s, String summary, List<String> assignee, List<String> responders) {
        return createIncident(browser, s, summary, null, assignee, responders);
    }

    /** The incident form, filled and sent; {@code priority} null keeps the form's default. */
    static long createIncident(
            Browser browser, Setup s, String summary, String priority, List<String> assignee, List<String> responders) {
        HtmlPage form = browser.open(s.incidents() + "/new");
        HtmlForm f = form.getForms().stream()
                .filter(x -> x.getActionAttribute().endsWith("/incidents"))
                .findFirst()
                .orElseThrow();
        f.getInputByName("summary").setValue(summary);
        if (priority != null) {
            f.getSelectByName("priority").setSelectedAttribute(priority, true);
        }
        choosePeople(f, assignee, responders);
        HtmlPage created = browser.submit(f);
        assertEquals(200, created.getWebResponse().getStatusCode(), created.asNormalizedText());
        String path = created.getUrl().getPath();
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    private static void editResponders(Browser browser, Setup s, long number, List<String> responders) {
        HtmlPage form = browser.open(s.incidents() + "/" + number + "/edit");
        HtmlForm f = form.getForms().stream()
                .filter(x -> x.getActionAttribute().endsWith("/incidents/" + number))
                .findFirst()
                .orElseThrow();
        choosePeople(f, null, responders);
        HtmlPage saved = browser.submit(f);
        assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
    }

    private static void editPriority(Browser browser, Setup s, long number, String priority) {
        HtmlPage form = browser.open(s.incidents() + "/" + number + "/edit");
        HtmlForm f = form.getForms().stream()
                .filter(x -> x.getActionAttribute().endsWith("/incidents/" + number))
                .findFirst()
                .orElseThrow();
        f.getSelectByName("priority").setSelectedAttribute(priority, true);
        HtmlPage saved = browser.submit(f);
        assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
    }

    /** Picks people by name in the incident form: the assignee select and the responder checkboxes. */
    private static void choosePeople(HtmlForm f, List<String> assignee, List<String> responders) {
        if (assignee != null && !assignee.isEmpty()) {
            var select = f.getSelectByName("assignee");
            select.getOptions().stream()
                    .filter(o -> o.getText().startsWith(assignee.get(0)))
                    .findFirst()
                    .orElseThrow()
                    .setSelected(true);
        }
        for (var box : f.getInputsByName("responder")) {
            // The checkbox's own label (its text: HtmlUnit renders a checkbox in the parent's text as "checked" or
            // not).
            var named = (org.htmlunit.html.HtmlLabel)
                    ((HtmlPage) f.getPage()).getFirstByXPath("//label[@for='" + box.getId() + "']");
            ((org.htmlunit.html.HtmlCheckBoxInput) box)
                    .setChecked(
                            responders.stream().anyMatch(named.getTextContent().strip()::equals));
        }
    }

    private static List<String> sorted(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    private List<String> members(String chatId, String token) throws Exception {
        HttpResponse<String> members = sandbox.graph("GET", "/chats/" + chatId + "/members", token, null);
        assertEquals(200, members.statusCode(), members.body());
        List<String> ids = new ArrayList<>();
        for (Object m : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(members.body()), "value")) {
            ids.add(String.valueOf(((Map<?, ?>) m).get("userId")));
        }
        ids.sort(String::compareTo);
        return ids;
    }

    static String chatIdOf(long number, Setup s) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            return single(
                    c,
                    "select c.chat_id from incident_chat c join incident i on i.id = c.incident_id where i.project_id = "
                            + s.projectId() + " and i.incident_number = " + number);
        }
    }

    private static String keyOf(Setup s, long number) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            return single(
                    c,
                    "select incident_key from incident where project_id = " + s.projectId() + " and incident_number = "
                            + number);
        }
    }

    /** The Contoso connections tests inserted and have not retired yet. */
    private static final List<Long> INSERTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Marks the connections tests inserted as disconnected (as a site admin's disconnect leaves them): another test
     * that connects and disconnects Contoso itself then finds the tenant used by no other site, whatever ran before.
     */
    static void retireInsertedConnections() throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement st = c.prepareStatement(
                        "UPDATE tenant_connection SET status = 'DISCONNECTED', disconnected_at = ? WHERE id = ?")) {
            for (Long id : INSERTED) {
                st.setObject(1, LocalDateTime.now());
                st.setLong(2, id);
                st.executeUpdate();
                INSERTED.remove(id);
            }
        }
    }

    static long insertContoso(long siteId) throws Exception {
        String sql =
                "INSERT INTO tenant_connection (site_id, tenant_id, tenant_name, verified_domain, status, connected_by,"
                        + " signer_object_id, signer_can_consent, created_at, signed_in_at, activated_at, disconnected_at, version)"
                        + " VALUES (?, ?, 'Contoso', 'contoso.example', 'ACTIVE', 'portal:someone', ?, TRUE, ?, ?, ?, NULL, 0)";
        LocalDateTime now = LocalDateTime.now();
        try (Connection c = TestDatabase.connect();
                PreparedStatement st = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            st.setLong(1, siteId);
            st.setString(2, CONTOSO);
            st.setString(3, MEGAN);
            st.setObject(4, now);
            st.setObject(5, now);
            st.setObject(6, now);
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                INSERTED.add(keys.getLong(1));
                return keys.getLong(1);
            }
        }
    }

    private static String single(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
