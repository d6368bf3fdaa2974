package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * A site admin's webhook journey in headless Chromium: adds the service desk's address, copies the secret shown once,
 * sends a test event to a receiver that answers 500 the first time, watches the delivery log show the failure and
 * then the retry delivered with the same event, signs out and in again and finds the log as it was, and removes the
 * webhook after a confirmation. axe-core finds no serious or critical violation on any of these pages.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhookBrowserIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private ChromeDriver driver;
    private String origin;
    private HttpServer receiver;
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(1);

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/desk/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean fail = failuresLeft.getAndDecrement() > 0;
            byte[] answer = (fail ? "desk is down" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        origin = "http://localhost:" + base.getPort();
        driver = Chromium.start();
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        receiver.stop(0);
    }

    @Test
    void aSiteAdminAddsAWebhookSeesAFailedDeliveryRetriedAndRemovesIt() throws Exception {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Browser webhooks "));
        String admin = portal.account("brhook");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/desk/hooks";

        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        driver.get(origin + "/sites/" + siteId);
        Chromium.submitWith(
                driver, () -> driver.findElement(By.linkText("Webhooks")).click());
        assertTrue(driver.findElement(By.id("webhooks-empty")).isDisplayed());
        Chromium.assertAccessible(driver, "webhooks, none yet");

        // A bad address: a clear message, nothing added.
        add("ftp://desk.example.com/hooks");
        assertTrue(main().contains("Use https://"), main());
        driver.get(origin + "/sites/" + siteId + "/webhooks");
        assertTrue(driver.findElement(By.id("webhooks-empty")).isDisplayed());

        add(url);
        String secret = driver.findElement(By.id("webhook-secret")).getAttribute("value");
        assertTrue(secret.startsWith("whsec_"), "the secret is shown once, whole: " + secret);
        Chromium.assertAccessible(driver, "webhook added, secret shown once");
        driver.get(origin + "/sites/" + siteId + "/webhooks");
        assertFalse(driver.getPageSource().contains(secret), "the secret is not shown again");
        assertTrue(main().contains(url), main());
        Chromium.assertAccessible(driver, "webhooks with one");

        // A test event: the receiver answers 500 first; the log says so, then shows the retry delivered.
        Chromium.submitWith(
                driver, () -> driver.findElement(By.linkText("Delivery log")).click());
        Chromium.assertAccessible(driver, "delivery log, empty");
        Chromium.submitWith(
                driver,
                () -> driver.findElement(By.cssSelector("#send-test button")).click());
        String log = pollLog(siteId, "Delivered");
        WebElement row = driver.findElement(By.cssSelector("#deliveries tr[data-event-key]"));
        assertEquals("2", row.findElement(By.className("attempts")).getText(), log);
        assertTrue(row.getText().contains("HTTP 200"), row.getText());
        assertEquals(2, idempotencyKeys.size(), idempotencyKeys.toString());
        assertEquals(idempotencyKeys.get(0), idempotencyKeys.get(1), "the retry carries the same idempotency key");
        assertEquals(idempotencyKeys.get(0), row.getAttribute("data-event-key"));
        Chromium.assertAccessible(driver, "delivery log, delivered after a retry");
        String logUrl = driver.getCurrentUrl();

        // Signing out and in again: the log is as it was.
        driver.manage().deleteAllCookies();
        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        driver.get(logUrl);
        assertTrue(main().contains("Delivered"), main());

        // Removal asks first; then nothing more is sent.
        driver.get(origin + "/sites/" + siteId + "/webhooks");
        Chromium.submitWith(
                driver, () -> driver.findElement(By.linkText("Remove")).click());
        Chromium.assertAccessible(driver, "remove the webhook?");
        Chromium.submitWith(
                driver,
                () -> driver.findElement(By.cssSelector("#confirm-remove button[type=submit]"))
                        .click());
        assertTrue(main().contains("was removed"), main());
        assertTrue(driver.findElements(By.linkText("Remove")).isEmpty(), main());
    }

    private void add(String url) {
        WebElement field = driver.findElement(By.id("url"));
        field.clear();
        Chromium.submitWith(driver, () -> field.sendKeys(url, org.openqa.selenium.Keys.ENTER));
    }

    /** Reloads the delivery log until the first delivery's status reads as expected (retries are 1 s apart here). */
    private String pollLog(long siteId, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String text = "";
        while (System.currentTimeMillis() < deadline) {
            driver.get(driver.getCurrentUrl());
            List<WebElement> statuses = driver.findElements(By.cssSelector("#deliveries .delivery-status"));
            text = main();
            if (!statuses.isEmpty() && statuses.get(0).getText().equals(status)) {
                return text;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the delivery log of site " + siteId + " never said " + status + ": " + text);
    }

    private String main() {
        return driver.findElement(By.tagName("main")).getText();
    }
}
