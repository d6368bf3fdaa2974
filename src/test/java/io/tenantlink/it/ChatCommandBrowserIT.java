package io.tenantlink.it;

import static io.tenantlink.it.IncidentChatIT.CONTOSO;
import static io.tenantlink.it.IncidentChatIT.MEGAN_UPN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
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
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A responder types {@code !note …} in the incident's Teams chat (the stand-in's Graph, as Megan, who created the
 * chat) and sees the note on the incident page in a real browser (headless Chromium) after Read the chat now (the
 * shared portal polls, rarely); the page says what the read found and axe-core finds no serious or critical violation.
 * The site, people, incident and chat are made through HTTP first (IncidentChatIT's steps).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatCommandBrowserIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private ChromeDriver driver;
    private GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = IncidentChatIT.contosoWithChatOps(base);
        driver = Chromium.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        sandbox.close();
        IncidentChatIT.retireInsertedConnections();
    }

    @Test
    void aNoteTypedInTheChatAppearsOnTheIncidentPage() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        String incident;
        String chatId;
        try (Browser admin = s.portal().signedIn(s.admin())) {
            IncidentChatIT.addPerson(admin, s.siteId(), "Megan Bowen", MEGAN_UPN);
            IncidentChatIT.syncMapping(admin, s);
            long number = IncidentChatIT.createIncident(
                    admin, s, "Printers offline", List.of("Alex Wilber"), List.of("Adele Vance"));
            incident = s.incidents() + "/" + number;
            IncidentChatIT.signInToTeams(admin, admin.open(incident), MEGAN_UPN);
            HtmlPage created = IncidentChatIT.press(admin.open(incident), "teams-create-chat");
            assertNotNull(created.getElementById("teams-read-chat"), created.asNormalizedText());
            chatId = IncidentChatIT.chatIdOf(number, s);
        }

        String origin = "http://localhost:" + base.getPort();
        Chromium.signIn(driver, origin, s.admin(), Portal.PASSWORD);
        driver.get(origin + incident);
        assertTrue(!timeline().contains("Restarted the print spooler"), timeline());
        Chromium.assertAccessible(driver, "incident with its chat, before the command");

        String megan = sandbox.delegatedToken(CONTOSO, SandboxChatsIT.CHAT_CLIENT, MEGAN_UPN, "Chat.ReadWrite");
        HttpResponse<String> sent;
        do {
            sent = sandbox.graph(
                    "POST",
                    "/chats/" + chatId + "/messages",
                    megan,
                    SandboxChatsIT.message("!note Restarted the print spooler"));
            if (sent.statusCode() == 429) {
                Thread.sleep(1000);
            }
        } while (sent.statusCode() == 429);
        assertEquals(201, sent.statusCode(), sent.body());

        Chromium.submitWith(
                driver, () -> driver.findElement(By.id("teams-read-chat")).click());
        String main = driver.findElement(By.tagName("main")).getText();
        assertTrue(main.contains(" new messages, 1 commands."), "one command read: " + main);
        assertTrue(timeline().contains("Restarted the print spooler"), timeline());
        assertTrue(timeline().contains("Megan Bowen"), "the note names who wrote it in Teams: " + timeline());
        Chromium.assertAccessible(driver, "incident with the note from the chat");
    }

    private String timeline() {
        return driver.findElement(By.id("timeline")).getText();
    }
}
