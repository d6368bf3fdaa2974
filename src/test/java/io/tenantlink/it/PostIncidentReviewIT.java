package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.it.IncidentChatIT.Setup;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
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
 * Post-incident reviews through their pages, against the Graph stand-in over HTTP: on Premium a responder writes the
 * summary and action items and exports the incident chat's messages (more than one page of Graph's); on Standard the
 * pages explain the gate and a POST writes nothing (403); after a downgrade the review is kept, read-only; an auditor
 * reads and cannot write.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PostIncidentReviewIT {

    /** Messages posted into the chat besides the portal's details: more than Graph's largest page (50). */
    static final int POSTED = 55;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
        sandbox.adminConsent(IncidentChatIT.CONTOSO, GraphSandboxClient.CHATOPS, IncidentChatIT.MEGAN_UPN);
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.faults("DELETE", null, true);
        sandbox.close();
        IncidentChatIT.retireInsertedConnections();
    }

    private Setup setup(boolean teams) throws Exception {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Review site"));
        String admin = portal.account("revadm");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        long connectionId = teams ? IncidentChatIT.insertContoso(siteId) : 0;
        String key = "RV" + (Portal.unique("").hashCode() & 0xFFFF);
        long projectId;
        try (Browser browser = portal.signedIn(admin)) {
            projectId = portal.project(browser, siteId, "Reviews " + key, key.replaceAll("[^A-Z0-9]", ""));
            IncidentChatIT.addPerson(browser, siteId, "Alex Wilber", "alex.teams@contoso.example");
            IncidentChatIT.addPerson(browser, siteId, "Adele Vance", "ADELE@contoso.example");
        }
        return new Setup(portal, siteId, projectId, connectionId, admin);
    }

    @Test
    void aPremiumSiteWritesAReviewWithActionItemsAndExportsTheChat() throws Exception {
        Setup s = setup(true);
        setPlan(s, "PREMIUM");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            IncidentChatIT.syncMapping(admin, s);
            long number = IncidentChatIT.createIncident(
                    admin, s, "Checkout <fails>", List.of("Alex Wilber"), List.of("Adele Vance"));
            String incident = s.incidents() + "/" + number;
            String review = incident + "/review";

            HtmlPage page = admin.open(incident);
            assertNotNull(page.getElementById("review-none"), page.asNormalizedText());
            assertNull(page.getElementById("review-gate"));
            page = IncidentChatIT.signInToTeams(admin, page, IncidentChatIT.MEGAN_UPN);
            HtmlPage created = IncidentChatIT.press(page, "teams-create-chat");
            assertTrue(created.asNormalizedText().contains("The Teams chat was created"), created.asNormalizedText());
            postMessages(chatIdOf(s, number));

            HtmlPage empty = admin.open(review);
            assertNotNull(empty.getElementById("review-no-items"), "an empty state for the items");
            assertNotNull(empty.getElementById("review-no-chat"), "an empty state for the chat");
            HtmlPage saved = saveSummary(admin, empty, "The payment <gateway> timed out.\nRetries piled up.");
            assertTrue(saved.asNormalizedText().contains("The summary was saved."), saved.asNormalizedText());
            // Who last changed it, by name (not the internal actor id); where the page is.
            String updated = saved.getHtmlElementById("review-updated").asNormalizedText();
            assertTrue(updated.contains("Person " + s.admin()), updated);
            assertFalse(saved.asNormalizedText().contains("portal:"), "no internal ids on the review page");
            String siteName = count("select name from site where id = " + s.siteId());
            String projectName = count("select name from service_project where id = " + s.projectId());
            String incidentKey =
                    admin.open(incident).getElementById("incident-key").getTextContent();
            Trail.Step[] toIncident = {
                Trail.step("Sites", "/sites"),
                Trail.step(siteName, "/sites/" + s.siteId()),
                Trail.step(projectName, "/sites/" + s.siteId() + "/projects/" + s.projectId()),
                Trail.step("Incidents", s.incidents()),
                Trail.step(incidentKey + " Checkout <fails>", incident)
            };
            Trail.assertTrail(saved, "Post-incident review", toIncident);
            assertEquals(
                    "The payment <gateway> timed out.\nRetries piled up.",
                    saved.<org.htmlunit.html.HtmlTextArea>getHtmlElementById("review-summary-text")
                            .getText());

            HtmlPage withPerson = addItem(admin, saved, "Alert on queue depth", "Alex Wilber", "", "2027-01-31");
            assertTrue(withPerson.asNormalizedText().contains("The action item was added."));
            HtmlPage withText =
                    addItem(admin, withPerson, "Ask the vendor for a post-mortem", null, "Vendor support", "");
            String items = withText.getHtmlElementById("review-items").asNormalizedText();
            assertTrue(items.contains("Alert on queue depth") && items.contains("Alex Wilber"), items);
            assertTrue(items.contains("2027-01-31"), items);
            assertTrue(items.contains("Vendor support") && items.contains("no due date"), items);

            HtmlPage refused = addItem(admin, withText, "Nobody owns this", null, "", "");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Choose a person of this site as the owner"));
            assertEquals(
                    "Nobody owns this",
                    refused.<org.htmlunit.html.HtmlInput>getHtmlElementById("item-description")
                            .getValue(),
                    "what was typed stays");

            long first = itemId(s, number, "Alert on queue depth");
            long second = itemId(s, number, "Ask the vendor for a post-mortem");
            HtmlPage ticked = IncidentChatIT.press(withText, "item-toggle-" + first);
            assertTrue(ticked.asNormalizedText().contains("The action item was marked done."));
            HtmlPage confirm = ticked.<org.htmlunit.html.HtmlAnchor>getHtmlElementById("item-remove-" + second)
                    .click();
            assertTrue(
                    confirm.getHtmlElementById("remove-item-text")
                            .asNormalizedText()
                            .contains("Ask the vendor for a post-mortem"),
                    "the confirmation names the item");
            Trail.Step[] toReview = java.util.Arrays.copyOf(toIncident, 6);
            toReview[5] = Trail.step("Post-incident review", review);
            Trail.assertTrail(confirm, "Remove this action item?", toReview);
            assertEquals(
                    "2",
                    count("select count(*) from review_action_item where review_id = " + reviewId(s, number)),
                    "opening the confirmation removes nothing");
            HtmlPage removed = IncidentChatIT.press(confirm, "confirm-remove-item");
            assertTrue(removed.asNormalizedText().contains("The action item was removed."));
            assertEquals(
                    "1", count("select count(*) from review_action_item where review_id = " + reviewId(s, number)));
            assertTrue(done(first), "ticked");

            assertEquals(200, sandbox.graphControl("DELETE", "requests").statusCode());
            HtmlPage exported = IncidentChatIT.press(removed, "export-chat");
            String text = exported.asNormalizedText();
            int expected = POSTED + 1; // and the details the portal posted when it created the chat
            assertTrue(text.contains(expected + " chat messages were exported into the review."), text);
            Map<String, Object> served = JSONObjectUtils.parse(
                    sandbox.graphControl("GET", "requests").body());
            Object pages = ((Map<?, ?>) served.get("byRequest")).get("GET /chats/{id}/messages");
            assertEquals(
                    2,
                    ((Number) pages).intValue(),
                    "Graph gives at most 50 messages a page: the export followed the nextLink " + served);
            String chat = exported.getHtmlElementById("review-chat").asNormalizedText();
            assertTrue(
                    exported.getHtmlElementById("review-chat-exported")
                            .asNormalizedText()
                            .contains("Person " + s.admin()),
                    "who exported the chat, by name");
            assertTrue(
                    exported.getHtmlElementById("timeline").asNormalizedText().contains("Person " + s.admin()),
                    "the timeline names who did what");
            assertFalse(exported.asNormalizedText().contains("portal:"), "no internal ids on the review page");
            assertTrue(chat.contains("Checkout <fails>"), "the portal's details, HTML turned into text: " + chat);
            assertTrue(chat.contains("Step 1 & <more>"), "markup dropped, entities decoded once: " + chat);
            assertTrue(chat.indexOf("message 1 of") < chat.indexOf("message " + POSTED + " of"), "oldest first");
            assertFalse(exported.asXml().contains("<b>1</b>"), "no markup of the chat reaches the page");

            HtmlPage again = IncidentChatIT.press(exported, "export-chat");
            assertTrue(again.asNormalizedText().contains(expected + " chat messages were exported"));
            assertEquals(
                    Integer.toString(expected),
                    count("select count(*) from review_chat_message where review_id = " + reviewId(s, number)),
                    "a second export replaces the first");

            String timeline = again.getHtmlElementById("timeline").asNormalizedText();
            assertTrue(timeline.contains("Action item removed: Ask the vendor for a post-mortem"), timeline);
            assertTrue(timeline.contains(expected + " chat messages exported."), timeline);
            HtmlPage incidentPage = admin.open(incident);
            assertTrue(
                    incidentPage
                            .getHtmlElementById("review-items-count")
                            .asNormalizedText()
                            .contains("1 action items, 0 of them open"),
                    incidentPage.asNormalizedText());
        }
    }

    @Test
    void standardShowsTheGateAndWritesNothingADowngradeKeepsTheReviewReadOnlyAndAuditorsRead() throws Exception {
        Setup s = setup(false);
        setPlan(s, "STANDARD");
        String auditor = s.portal().account("revaud");
        s.portal().grant(s.siteId(), auditor, "AUDITOR", null);
        long number;
        try (Browser admin = s.portal().signedIn(s.admin())) {
            number = IncidentChatIT.createIncident(admin, s, "Badge readers down", List.of(), List.of());
            String review = s.incidents() + "/" + number + "/review";
            HtmlPage incident = admin.open(s.incidents() + "/" + number);
            assertTrue(
                    incident.getHtmlElementById("review-gate")
                            .asNormalizedText()
                            .contains(
                                    "Post-incident reviews need the Premium or Enterprise plan; this site is on Standard"),
                    incident.asNormalizedText());
            assertNull(incident.getElementById("open-review"), "nothing to open below Premium");
            HtmlPage gated = admin.open(review);
            assertNotNull(gated.getElementById("review-gate"));
            assertNull(gated.getElementById("summary-form"));
            assertNull(gated.getElementById("item-form"));
            var csrf = admin.csrfToken();
            HtmlPage refused = (HtmlPage)
                    admin.post(review + "/summary", Map.of(csrf.getKey(), csrf.getValue(), "body", "sneaky"));
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Nothing was changed."), refused.asNormalizedText());
            HtmlPage refusedItem = (HtmlPage) admin.post(
                    review + "/items",
                    Map.of(csrf.getKey(), csrf.getValue(), "description", "sneaky", "ownerText", "me"));
            assertEquals(403, refusedItem.getWebResponse().getStatusCode());
            assertEquals(
                    403,
                    admin.post(review + "/chat-export", Map.of(csrf.getKey(), csrf.getValue()))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    "0",
                    count("select count(*) from post_incident_review r join incident i on i.id = r.incident_id"
                            + " where i.project_id = " + s.projectId()));
            assertEquals(
                    "0",
                    count("select count(*) from incident_timeline t join incident i on i.id = t.incident_id"
                            + " where t.entry_type = 'REVIEW' and i.project_id = " + s.projectId()));
        }

        setPlan(s, "PREMIUM");
        String review = s.incidents() + "/" + number + "/review";
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage saved = saveSummary(admin, admin.open(review), "Badge server disk full.");
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            addItem(admin, saved, "Watch the badge server's disk", null, "Facilities", "");
        }
        try (Browser reader = s.portal().signedIn(auditor)) {
            HtmlPage read = reader.open(review);
            assertEquals(200, read.getWebResponse().getStatusCode());
            assertNotNull(read.getElementById("review-read-only"));
            assertEquals(
                    "Badge server disk full.",
                    read.getHtmlElementById("review-summary").asNormalizedText());
            assertNull(read.getElementById("summary-form"), "auditors read only");
            assertNull(read.getElementById("item-form"));
            assertNull(read.getElementById("export-chat"));
            var csrf = reader.csrfToken();
            assertEquals(
                    403,
                    reader.post(review + "/summary", Map.of(csrf.getKey(), csrf.getValue(), "body", "audited"))
                            .getWebResponse()
                            .getStatusCode());
            long item = itemId(s, number, "Watch the badge server's disk");
            assertEquals(
                    403,
                    reader.post(review + "/items/" + item + "/remove", Map.of(csrf.getKey(), csrf.getValue()))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    403,
                    reader.openRaw(review + "/items/" + item + "/remove")
                            .getWebResponse()
                            .getStatusCode());
        }

        setPlan(s, "STANDARD");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage kept = admin.open(review);
            assertTrue(
                    kept.getHtmlElementById("review-kept")
                            .asNormalizedText()
                            .contains("On Standard it is kept, read-only"),
                    kept.asNormalizedText());
            assertEquals(
                    "Badge server disk full.",
                    kept.getHtmlElementById("review-summary").asNormalizedText());
            assertTrue(
                    kept.getHtmlElementById("review-items").asNormalizedText().contains("Facilities"));
            assertNull(kept.getElementById("summary-form"), "a downgrade keeps the data, read-only");
            assertNull(kept.getElementById("item-form"));
            var csrf = admin.csrfToken();
            long item = itemId(s, number, "Watch the badge server's disk");
            HtmlPage refused = (HtmlPage) admin.post(
                    review + "/items/" + item + "/done", Map.of(csrf.getKey(), csrf.getValue(), "done", "true"));
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertNotNull(refused.getElementById("review-kept"), "the refusal explains the gate");
            assertEquals(
                    403,
                    admin.post(review + "/summary", Map.of(csrf.getKey(), csrf.getValue(), "body", "changed"))
                            .getWebResponse()
                            .getStatusCode());
            HtmlPage incident = admin.open(s.incidents() + "/" + number);
            assertNotNull(incident.getElementById("review-kept-hint"));
            assertNotNull(incident.getElementById("open-review"), "a kept review can still be read");
        }
        assertEquals(
                "Badge server disk full.",
                count("select r.summary from post_incident_review r join incident i on i.id = r.incident_id"
                        + " where i.project_id = " + s.projectId()));
        assertFalse(done(itemId(s, number, "Watch the badge server's disk")), "not ticked after the downgrade");
    }

    // --- steps ---------------------------------------------------------------------------------------------

    /** Posts {@link #POSTED} messages into the chat as Megan (some HTML), within the stand-in's 4 a second per app. */
    private void postMessages(String chatId) throws Exception {
        String[] tokens = {
            sandbox.delegatedToken(
                    IncidentChatIT.CONTOSO, SandboxChatsIT.CHAT_CLIENT, IncidentChatIT.MEGAN_UPN, "Chat.ReadWrite"),
            sandbox.delegatedToken(
                    IncidentChatIT.CONTOSO, GraphSandboxClient.CHATOPS, IncidentChatIT.MEGAN_UPN, "ChatMessage.Send")
        };
        for (int i = 1; i <= POSTED; i++) {
            String body = i == 2
                    ? JSONObjectUtils.toJSONString(Map.of(
                            "body",
                            Map.of("contentType", "html", "content", "<p>Step <b>1</b> &amp; &lt;more&gt;</p>")))
                    : SandboxChatsIT.message("message " + i + " of " + POSTED);
            HttpResponse<String> sent;
            do {
                sent = sandbox.graph("POST", "/chats/" + chatId + "/messages", tokens[i % 2], body);
                if (sent.statusCode() == 429) {
                    Thread.sleep(1000);
                }
            } while (sent.statusCode() == 429);
            assertEquals(201, sent.statusCode(), sent.body());
        }
    }

    private static HtmlPage saveSummary(Browser browser, HtmlPage page, String text) {
        HtmlForm form = page.getHtmlElementById("summary-form");
        form.getTextAreaByName("body").setText(text);
        return browser.submit(form);
    }

    private static HtmlPage addItem(
            Browser browser, HtmlPage page, String description, String person, String ownerText, String due) {
        HtmlForm form = page.getHtmlElementById("item-form");
        form.getInputByName("description").setValue(description);
        var owner = form.getSelectByName("owner");
        if (person == null) {
            owner.setSelectedAttribute("", true);
        } else {
            owner.getOptions().stream()
                    .filter(o -> o.getText().equals(person))
                    .findFirst()
                    .orElseThrow()
                    .setSelected(true);
        }
        form.getInputByName("ownerText").setValue(ownerText);
        form.getInputByName("due").setValue(due);
        return browser.submit(form);
    }

    private void setPlan(Setup s, String plan) {
        try (Browser operator = s.portal().operator()) {
            HtmlPage saved = operator.fill(
                    operator.open("/sites/" + s.siteId()), "/sites/" + s.siteId() + "/plan", Map.of("plan", plan));
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
        }
    }

    private static String chatIdOf(Setup s, long number) throws Exception {
        return count(
                "select c.chat_id from incident_chat c join incident i on i.id = c.incident_id where i.project_id = "
                        + s.projectId() + " and i.incident_number = " + number);
    }

    private static long reviewId(Setup s, long number) throws Exception {
        return Long.parseLong(count("select r.id from post_incident_review r join incident i on i.id = r.incident_id"
                + " where i.project_id = " + s.projectId() + " and i.incident_number = " + number));
    }

    private static long itemId(Setup s, long number, String description) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement st = c.prepareStatement(
                        "select id from review_action_item where review_id = ? and description = ?")) {
            st.setLong(1, reviewId(s, number));
            st.setString(2, description);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), description);
                return rs.getLong(1);
            }
        }
    }

    private static boolean done(long itemId) throws Exception {
        String value = count("select done from review_action_item where id = " + itemId);
        return value.equalsIgnoreCase("true") || value.equals("1");
    }

    private static String count(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
