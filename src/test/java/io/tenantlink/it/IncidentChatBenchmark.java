package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13's chat benchmark (`mvn -B -o verify -Pbenchmark`, not part of the suite): creating an incident chat with 20
 * mapped responders against the Graph stand-in at 20 ms per request. Prints the Graph requests on the wire (counted by
 * the stand-in) and the wall time of the click, beside the bound Graph's rules allow: one POST /chats carrying every
 * member, one app installation, one message — 3 requests, 3 × 20 ms.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IncidentChatBenchmark {

    static final int RESPONDERS = 20;
    static final int LATENCY_MILLIS = 20;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void anIncidentChatWithTwentyResponders() throws Exception {
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
            sandbox.faults("DELETE", null, true);
            sandbox.adminConsent(IncidentChatIT.CONTOSO, GraphSandboxClient.CHATOPS, IncidentChatIT.MEGAN_UPN);
            Portal portal = new Portal(base);
            long siteId = portal.site(Portal.unique("Chat benchmark"));
            String admin = portal.account("chatbench");
            portal.grant(siteId, admin, "SITE_ADMIN", null);
            long connectionId = IncidentChatIT.insertContoso(siteId);
            String run = Integer.toHexString(UUID.randomUUID().hashCode());
            List<String> names = new ArrayList<>();
            try (Browser browser = portal.signedIn(admin)) {
                long projectId = portal.project(
                        browser,
                        siteId,
                        "Chat benchmark " + run,
                        "CB" + run.substring(0, 4).toUpperCase().replaceAll("[^A-Z0-9]", "X"));
                for (int i = 1; i <= RESPONDERS; i++) {
                    String mail = "responder" + i + "-" + run + "@contoso.example";
                    Map<String, Object> user = new LinkedHashMap<>();
                    user.put("id", UUID.randomUUID().toString());
                    user.put("userPrincipalName", mail);
                    user.put("displayName", "Responder " + i);
                    user.put("mail", mail);
                    HttpResponse<String> added = sandbox.control(
                            "POST", "tenants/" + IncidentChatIT.CONTOSO + "/users", JSONObjectUtils.toJSONString(user));
                    assertEquals(200, added.statusCode(), added.body());
                    IncidentChatIT.addPerson(browser, siteId, "Responder " + i + " " + run, mail);
                    names.add("Responder " + i + " " + run);
                }
                IncidentChatIT.Setup s = new IncidentChatIT.Setup(portal, siteId, projectId, connectionId, admin);
                IncidentChatIT.syncMapping(browser, s);
                long number = IncidentChatIT.createIncident(browser, s, "Benchmark outage", List.of(), names);
                HtmlPage page = IncidentChatIT.signInToTeams(
                        browser, browser.open(s.incidents() + "/" + number), IncidentChatIT.MEGAN_UPN);

                sandbox.faults("POST", "{\"latencyMillis\": " + LATENCY_MILLIS + "}", true);
                sandbox.graphControl("DELETE", "requests");
                long start = System.nanoTime();
                HtmlPage created = IncidentChatIT.press(page, "teams-create-chat");
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, Object> served = JSONObjectUtils.parse(
                        sandbox.graphControl("GET", "requests").body());
                sandbox.faults("DELETE", null, true);
                assertTrue(
                        created.asNormalizedText()
                                .contains("The Teams chat was created with " + (RESPONDERS + 1) + " members"),
                        created.asNormalizedText());
                long requests = ((Number) served.get("total")).longValue();
                double bound = 3 * LATENCY_MILLIS / 1000.0;
                System.out.printf(
                        "%nIncident chat with %d responders (stand-in latency %d ms per Graph request)%n"
                                + "    Graph requests on the wire: %d %s (bound: 3 — one POST /chats with every member, the app, the details)%n"
                                + "    wall time of Create Teams chat: %.3f s, of which Graph latency at least %.3f s (%.1f x the latency bound;"
                                + " the rest is the portal, the silent token and the page)%n"
                                + "    a chat created member by member would take %d requests%n",
                        RESPONDERS,
                        LATENCY_MILLIS,
                        requests,
                        served.get("byRequest"),
                        seconds,
                        bound,
                        seconds / bound,
                        1 + RESPONDERS + 2);
                assertEquals(3, requests, "requests on the wire: " + served);
            }
        }
    }
}
