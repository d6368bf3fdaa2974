package io.tenantlink.it;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * A site admin's automation journey in headless Chromium: adds a rule to an Incidents project (a rule that does
 * nothing is refused with a message), sees it ready; the tenant then takes the ChatOps app's application permissions
 * away and a consent check finds it: the rule editor shows the rule blocked, names the missing permission and links
 * to the consent page that fixes it; signing in again shows the same. axe-core finds no serious or critical violation.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AutomationBrowserIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;
    private ChromeDriver driver;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        sandbox = IncidentChatIT.contosoWithChatOps(base);
        origin = "http://localhost:" + base.getPort();
        driver = Chromium.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        sandbox.adminConsent(IncidentChatIT.CONTOSO, GraphSandboxClient.CHATOPS, IncidentChatIT.MEGAN_UPN);
        sandbox.close();
        IncidentChatIT.retireInsertedConnections();
    }

    @Test
    void aRuleBlockedByAMissingApplicationPermissionSaysWhichAndHowToFixIt() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        String automation = origin + "/sites/" + s.siteId() + "/projects/" + s.projectId() + "/automation";

        Chromium.signIn(driver, origin, s.admin(), Portal.PASSWORD);
        driver.get(origin + "/sites/" + s.siteId() + "/projects/" + s.projectId());
        Chromium.submitWith(
                driver, () -> driver.findElement(By.id("automation-link")).click());
        assertTrue(driver.findElement(By.id("rules-empty")).isDisplayed());
        Chromium.assertAccessible(driver, "automation, no rules");

        // A rule that does nothing: refused, with the reason, and nothing added.
        fillRule("Nothing", "P1", "", false);
        assertTrue(main().contains("Choose what the rule does"), main());
        driver.get(automation);
        assertTrue(driver.findElement(By.id("rules-empty")).isDisplayed());

        fillRule("P1 war room", "P1", "megan.admin@contoso.example", true);
        assertTrue(main().contains("Rule “P1 war room” added."), main());
        assertFalse(driver.findElements(By.cssSelector(".rule-ready")).isEmpty(), main());
        Chromium.assertAccessible(driver, "automation, one rule ready");

        // The tenant takes the application permissions away; a consent check finds it.
        MappingIT.revokeChatOpsApplicationPermissions(sandbox);
        String consent = origin + "/sites/" + s.siteId() + "/chat-tools/teams/" + s.connectionId() + "/consent";
        driver.get(consent);
        Chromium.submitWith(
                driver,
                () -> driver.findElement(By.cssSelector("form[action$='/consent/check'] button"))
                        .click());
        driver.get(automation);
        WebElement blocked = driver.findElement(By.cssSelector(".rule-blocked"));
        assertTrue(blocked.getText().contains("Chat.Create"), blocked.getText());
        assertTrue(driver.findElements(By.cssSelector(".rule-ready")).isEmpty(), main());
        Chromium.assertAccessible(driver, "automation, rule blocked");

        // Signing in again: still blocked; its link leads to the consent page that fixes it.
        driver.manage().deleteAllCookies();
        Chromium.signIn(driver, origin, s.admin(), Portal.PASSWORD);
        driver.get(automation);
        WebElement fix = driver.findElement(By.cssSelector(".rule-blocked a"));
        Chromium.submitWith(driver, fix::click);
        assertTrue(driver.getCurrentUrl().contains("/chat-tools/teams/" + s.connectionId()), driver.getCurrentUrl());
        Chromium.assertAccessible(driver, "the consent page the blocked rule links to");
    }

    private void fillRule(String name, String priority, String participants, boolean createChat) {
        driver.findElement(By.id("name")).sendKeys(name);
        new Select(driver.findElement(By.id("maxPriority"))).selectByValue(priority);
        WebElement chat = driver.findElement(By.id("createChat"));
        if (chat.isSelected() != createChat) {
            chat.click();
        }
        driver.findElement(By.id("participants")).sendKeys(participants);
        Chromium.submitWith(
                driver,
                () -> driver.findElement(By.cssSelector("#rule-form button[type=submit]"))
                        .click());
    }

    private String main() {
        return driver.findElement(By.tagName("main")).getText();
    }
}
