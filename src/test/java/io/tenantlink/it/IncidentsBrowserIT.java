package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A site admin's whole incident path in a real browser (Debian's headless Chromium), as a person does it: people,
 * the mapping to Microsoft users, an incident, signing in to Teams through the stand-in's pages, the chat, the
 * meeting and a stakeholder update; then signing out and in again finds everything as it was. axe-core finds no
 * serious or critical violation on any of these pages.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IncidentsBrowserIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private ChromeDriver driver;
    private String origin;

    @BeforeEach
    void startChromium() throws Exception {
        origin = "http://localhost:" + base.getPort();
        driver = Chromium.start();
    }

    @AfterEach
    void stopChromium() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        IncidentChatIT.retireInsertedConnections();
    }

    @Test
    void aSiteAdminWorksAnIncidentInTeamsAndFindsItAgainAfterSigningInAgain() throws Exception {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Browser incidents "));
        String admin = portal.account("brinc");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        IncidentChatIT.insertContoso(siteId);
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
            sandbox.faults("DELETE", null, true);
            sandbox.adminConsent(SandboxBrowser.CONTOSO, GraphSandboxClient.CHATOPS, IncidentChatIT.MEGAN_UPN);
        }
        String key = "BR" + (Portal.unique("").hashCode() & 0xFFF);
        long projectId;
        try (Browser html = portal.signedIn(admin)) {
            projectId = portal.project(html, siteId, "Browser " + key, key.replaceAll("[^A-Z0-9]", ""));
        }
        try (Browser operator = portal.operator()) {
            // Premium: post-incident reviews.
            operator.fill(
                    operator.open("/sites/" + siteId),
                    "/sites/" + siteId + "/plan",
                    java.util.Map.of("plan", "PREMIUM"));
        }

        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        // People, with the keyboard.
        driver.get(origin + "/sites/" + siteId + "/people");
        accessible("people, none yet");
        addPerson("Alex Wilber", "alex.teams@contoso.example");
        addPerson("Adele Vance", "adele@contoso.example");
        addPerson("Pat Nobody", "pat@nowhere.example");
        accessible("people");

        // Their Microsoft users.
        driver.get(origin + "/sites/" + siteId + "/people/mapping");
        accessible("mapping before the first sync");
        submitWith(() -> driver.findElement(By.cssSelector("form[action$='/sync'] button[type='submit']"))
                .click());
        String mapping = main();
        assertTrue(mapping.contains("Pat Nobody"), "the unmatched person is listed with the reason: " + mapping);
        accessible("mapping after a sync");

        // An incident.
        String incidents = "/sites/" + siteId + "/projects/" + projectId + "/incidents";
        driver.get(origin + incidents + "/new");
        accessible("new incident");
        driver.findElement(By.id("summary")).sendKeys("VPN drops every hour");
        pickAssignee("Alex Wilber");
        check("Adele Vance", "responder-");
        check("Pat Nobody", "responder-");
        check("Pat Nobody", "stakeholder-");
        submitWith(() -> driver.findElement(By.cssSelector("form[action$='/incidents'] button[type='submit']"))
                .click());
        String incident = driver.getCurrentUrl();
        assertTrue(main().contains("VPN drops every hour"), main());
        accessible("incident without a chat");

        // Teams: the stand-in's sign-in pages, then back on the incident.
        submitWith(() -> driver.findElement(By.id("teams-sign-in")).click());
        assertTrue(driver.getCurrentUrl().contains("/sandbox/login/"), driver.getCurrentUrl());
        driver.findElement(By.name("username")).sendKeys(IncidentChatIT.MEGAN_UPN);
        submitWith(() -> driver.findElement(By.cssSelector("form[action$='/signin'] button[type='submit']"))
                .click());
        if (!driver.findElements(By.id("delegated-permissions")).isEmpty()) {
            submitWith(() -> driver.findElement(By.cssSelector("button[name='decision'][value='accept']"))
                    .click());
        }
        assertTrue(driver.getCurrentUrl().startsWith(incident), driver.getCurrentUrl());
        assertTrue(main().contains("You can now work in Microsoft Teams as " + IncidentChatIT.MEGAN_UPN), main());

        submitWith(() -> driver.findElement(By.id("teams-create-chat")).click());
        assertTrue(main().contains("The Teams chat was created with 3 members"), main());
        assertTrue(main().contains("Pat Nobody"), "the person left out is named: " + main());
        accessible("incident with its chat");
        submitWith(() -> driver.findElement(By.id("teams-start-meeting")).click());
        assertTrue(main().contains("The Teams meeting was started"), main());
        String join = driver.findElement(By.id("teams-meeting-link")).getAttribute("href");

        // A stakeholder update.
        submitWith(() -> driver.findElement(By.id("stakeholder-update")).click());
        accessible("stakeholder update");
        driver.findElement(By.id("update-text")).sendKeys("We are on it; next update at noon.");
        submitWith(() -> driver.findElement(By.id("send-update")).click());
        assertTrue(driver.getCurrentUrl().startsWith(incident), driver.getCurrentUrl());
        assertTrue(main().contains("We are on it; next update at noon."), main());

        // The post-incident review: a summary, an action item, the chat's messages.
        submitWith(() -> driver.findElement(By.id("open-review")).click());
        accessible("post-incident review, empty");
        driver.findElement(By.id("review-summary-text")).sendKeys("The VPN concentrator rebooted every hour.");
        submitWith(() -> driver.findElement(By.id("save-summary")).click());
        driver.findElement(By.id("item-description")).sendKeys("Replace the concentrator");
        driver.findElement(By.id("item-owner-text")).sendKeys("Network team");
        submitWith(() -> driver.findElement(By.id("add-item")).click());
        submitWith(() -> driver.findElement(By.id("export-chat")).click());
        assertTrue(main().contains("chat messages were exported into the review."), main());
        assertTrue(driver.findElement(By.id("review-chat")).getText().contains("We are on it"), main());
        accessible("post-incident review with an action item and the chat");

        // Signing out and in again: the incident, its chat, meeting and Teams identity are all still there.
        driver.manage().deleteAllCookies();
        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        driver.get(incident);
        assertTrue(main().contains("You work in Teams as " + IncidentChatIT.MEGAN_UPN), main());
        assertEquals(join, driver.findElement(By.id("teams-meeting-link")).getAttribute("href"));
        assertFalse(driver.findElements(By.id("teams-chat-link")).isEmpty());
        assertTrue(driver.findElement(By.id("timeline")).getText().contains("Teams chat created"));
    }

    private void addPerson(String name, String email) {
        driver.get(origin + driver.getCurrentUrl().replace(origin, "").replaceAll("/people.*", "/people/new"));
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("email")).sendKeys(email);
        submitWith(() -> driver.findElement(By.id("email")).sendKeys(Keys.ENTER));
        assertTrue(main().contains(name + " was added."), main());
    }

    private void pickAssignee(String name) {
        for (WebElement option : driver.findElements(By.cssSelector("#assignee option"))) {
            if (option.getText().startsWith(name)) {
                option.click();
                return;
            }
        }
        throw new AssertionError("no " + name + " to assign");
    }

    private void check(String name, String idPrefix) {
        for (WebElement label : driver.findElements(By.cssSelector("label[for^='" + idPrefix + "']"))) {
            if (label.getText().equals(name)) {
                label.click();
                return;
            }
        }
        throw new AssertionError("no " + idPrefix + name);
    }

    private String main() {
        return driver.findElement(By.tagName("main")).getText();
    }

    private void submitWith(Runnable action) {
        Chromium.submitWith(driver, action);
    }

    private void accessible(String page) {
        Chromium.assertAccessible(driver, page);
    }
}
