package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The cluster of deploy/run-cluster.sh, started by that script as an operator starts it: MariaDB (the machine's, a
 * database of this test's own), two portal instances forming one data grid, HAProxy in front (round robin, no sticky
 * sessions). Every socket the instances listen on is on 127.0.0.1; the two instances are one data grid; a person
 * signed in through the balancer is served by both instances in turn within one session (sign-in, CSRF token and a
 * flash message cross over); a Microsoft sign-in (the stand-in, in a process of its own) started on one instance
 * completes on the other; one approval link answered on both instances at the same moment counts once, the other
 * answer is refused clearly and audited; Chromium walks Connect → Give permission through the balancer, the instance
 * that served its last page is killed (SIGKILL) and the same sessions (Chromium's and HtmlUnit's) go on: still signed
 * in, form posts with their CSRF tokens succeed, and no request fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String HEADER = "X-TenantLink-Instance";
    private static final String FIRST = "Cluster-First-" + UUID.randomUUID();
    private static final String OPERATOR = "Operator-" + UUID.randomUUID();

    private static ClusterProcess cluster;
    private static Browser browser;
    /** The site created in {@link #oneSessionIsServedByBothInstancesInTurn}. */
    private static long crossingSite;
    /** Fabrikam's connection of that site, waiting for a tenant admin's permission (a Teams administrator connected it). */
    private static long fabrikamConnection;
    /** The instance killed (SIGKILL) by the Chromium walk, or null while none is. */
    private static String victim;
    /** A form HtmlUnit's session got from the victim before it was killed. */
    private static HtmlPage servedByVictim;
    /** How long after the kill HAProxy took the victim out, in ms. */
    private static java.util.concurrent.CompletableFuture<Long> takenOut;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ClusterProcess.start(
                "cluster", System.getProperty("tenantlink.it.cluster.database", "tenantlink_it_cluster"), FIRST, true);
        browser = new Browser(new URL("http://localhost:" + cluster.port + "/"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyInstanceListensOnLoopbackOnlyAndBothAreOneDataGrid() throws Exception {
        for (int i = 1; i <= 2; i++) {
            long pid = cluster.pid(i).orElseThrow();
            List<String> tcp = listening("-ltnpH", pid);
            List<String> udp = listening("-lunpH", pid);
            // The HTTP listener and the data grid's member port at least.
            assertTrue(tcp.size() >= 2, "instance " + i + " TCP listeners: " + tcp);
            List<String> all = new ArrayList<>(tcp);
            all.addAll(udp);
            for (String line : all) {
                String local = line.trim().split("\\s+")[3];
                assertTrue(
                        local.startsWith("127.0.0.1:") || local.startsWith("[::ffff:127.0.0.1]:"),
                        "instance " + i + " listens beyond loopback: " + line);
            }
        }
        for (String line : listening("-ltnpH", cluster.pid("haproxy").orElseThrow())) {
            assertTrue(line.trim().split("\\s+")[3].startsWith("127.0.0.1:"), "HAProxy: " + line);
        }
        String log = Files.readString(cluster.dir.resolve("instance-1.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("DG Size: 2"), "instance 1 sees both members in one data grid; see its log");
    }

    @Test
    @Order(2)
    void oneSessionIsServedByBothInstancesInTurn() {
        HtmlPage landed = browser.signIn("admin", FIRST);
        HtmlPage changed = browser.fill(
                landed,
                "/account/password",
                Map.of("currentPassword", FIRST, "newPassword", OPERATOR, "confirmPassword", OPERATOR));
        assertEquals(200, changed.getWebResponse().getStatusCode(), changed.asNormalizedText());
        Set<String> servedBy = new TreeSet<>();
        for (int i = 0; i < 4; i++) {
            HtmlPage sites = browser.open("/sites");
            assertSignedIn(sites);
            servedBy.add(instance(sites.getWebResponse()));
        }
        assertEquals(Set.of("instance-1", "instance-2"), servedBy, "round robin without stickiness");

        // A form post on one instance (its CSRF token from a page the other may have served), the redirect's target on
        // the other: the flash message set by the first is shown by the second.
        HtmlPage form = browser.open("/sites/new");
        browser.followRedirects(false);
        WebResponse posted;
        try {
            posted = browser.fill(form, "/sites", Map.of("name", "Cluster crossing"))
                    .getWebResponse();
        } finally {
            browser.followRedirects(true);
        }
        assertEquals(303, posted.getStatusCode(), posted.getContentAsString());
        HtmlPage site = browser.open(
                java.net.URI.create(posted.getResponseHeaderValue("Location")).getPath());
        assertNotEquals(
                instance(posted), instance(site.getWebResponse()), "the redirect's target on the other instance");
        assertTrue(site.asNormalizedText().contains("Site “Cluster crossing” was created."), site.asNormalizedText());
        crossingSite = Long.parseLong(site.getUrl().getPath().substring("/sites/".length()));
    }

    /**
     * Connect a Microsoft tenant: the sign-in starts on one instance (the state, PKCE verifier and nonce go to the
     * database, the browser binding into the session) and Microsoft's redirect back lands on the other, which
     * completes it: the connection is recorded, nothing is refused.
     */
    @Test
    @Order(3)
    void aMicrosoftSignInStartedOnOneInstanceCompletesOnTheOther() throws Exception {
        HtmlPage roles = browser.open("/sites/" + crossingSite + "/roles");
        HtmlPage granted = browser.fill(
                roles, "/sites/" + crossingSite + "/roles", Map.of("username", "admin", "role", "SITE_ADMIN"));
        assertEquals(200, granted.getWebResponse().getStatusCode(), granted.asNormalizedText());
        HtmlPage tools = browser.open("/sites/" + crossingSite + "/chat-tools");
        assertSignedIn(tools);
        HtmlPage back = ConnectIT.connect(browser, tools, "teamsadmin@fabrikam.example");
        String started = instance(browser.lastAnswerHeader("/teams/connect", HEADER));
        String completed = instance(browser.lastAnswerHeader("/microsoft/callback", HEADER));
        assertNotEquals(started, completed, "Microsoft's redirect back on the other instance");
        assertSignedIn(back);
        assertTrue(
                back.getUrl().getPath().startsWith("/sites/" + crossingSite + "/chat-tools/teams/"),
                "on the new connection's page: " + back.getUrl() + " " + back.asNormalizedText());
        fabrikamConnection = Long.parseLong(back.getUrl().getPath().replaceAll(".*/teams/(\\d+).*", "$1"));
        System.out.printf("ClusterIT: Microsoft sign-in started on %s, completed on %s%n", started, completed);
    }

    /**
     * Two tenant admins approve the same approval link at the same moment, each answer reaching another instance (sent
     * to the instances' own ports, not through the balancer): exactly one approval counts; the other person is told
     * the link was already answered and that their answer changed nothing (409); the audit records one approval and
     * one refusal naming the link; the requester sees who gave the permission.
     */
    /**
     * The approval-link lookup limit (30 a minute per client address) holds across the cluster: the instances count
     * in the data grid's cache, so 31 lookups sent in turn to each instance's own port (16 and 15, each well under the
     * limit alone) end with the last refused and audited. Counted apart, neither instance would refuse any. After the
     * link race (whose link pages count too, and which must not meet the limit), before the kills.
     */
    @Test
    @Order(5)
    void theLinkLookupLimitHoldsAcrossBothInstances() throws Exception {
        String tooMany = "%too many lookups%";
        String refusals = "SELECT COUNT(*) FROM audit_record WHERE action = 'APPROVAL_LINK_REFUSED' AND detail LIKE ?";
        long before = number(refusals, tooMany);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        String unknown = "no-such-link-" + java.util.UUID.randomUUID() + "-";
        for (int i = 0; i < 31; i++) {
            int instance = 1 + i % 2;
            java.net.http.HttpResponse<Void> lookup = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://localhost:" + cluster.port(instance) + "/approve/" + unknown + i))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(404, lookup.statusCode(), "an unknown link, on instance " + instance);
        }
        long refused = number(refusals, tooMany) - before;
        assertTrue(refused >= 1, "the 31st lookup across both instances is refused: " + refused + " refusals");
        System.out.printf(
                "ClusterIT: 31 approval-link lookups, 16 on instance 1 and 15 on instance 2: %d refused%n", refused);
    }

    @Test
    @Order(4)
    void twoInstancesApprovingOneLinkAtOnceGiveOneApprovalAndOneClearRefusal() throws Exception {
        HtmlPage waiting = browser.open("/sites/" + crossingSite + "/chat-tools/teams/" + fabrikamConnection);
        assertSignedIn(waiting);
        String link = ((HtmlPage) ConnectIT.click(ConnectIT.form(waiting, "/links")))
                .getElementById("approval-link")
                .getAttribute("value");
        long linkId = number("SELECT MAX(id) FROM approval_link WHERE connection_id = ?", fabrikamConnection);
        URL balancer = new URL("http://localhost:" + cluster.port + "/");
        try (Browser tabA = new Browser(balancer);
                Browser tabB = new Browser(balancer)) {
            // Both sign in through the link at Microsoft as Fabrikam's Global Administrator, up to Accept.
            String callbackA = ConcurrencyIT.consentCallback(tabA, link, "admin@fabrikam.example");
            String callbackB = ConcurrencyIT.consentCallback(tabB, link, "admin@fabrikam.example");
            List<java.net.http.HttpResponse<String>> answers =
                    atOnce(List.of(onInstance(1, callbackA, tabA), onInstance(2, callbackB, tabB)));
            int given = 0;
            int refused = 0;
            String winner = null;
            for (int i = 0; i < answers.size(); i++) {
                java.net.http.HttpResponse<String> answer = answers.get(i);
                String body = answer.body();
                if (answer.statusCode() == 200 && body.contains("The permission was given")) {
                    given++;
                    winner = "instance-" + (i + 1);
                } else {
                    assertEquals(409, answer.statusCode(), body);
                    assertTrue(body.contains("This approval link was already answered"), body);
                    assertTrue(body.contains("This answer changed nothing."), body);
                    refused++;
                }
            }
            assertEquals(1, given, "exactly one approval");
            assertEquals(1, refused, "and one clear refusal");
            assertEquals(
                    "APPROVED",
                    text("SELECT status FROM approval_link WHERE id = ?", linkId),
                    "the link is spent once");
            assertEquals(
                    1,
                    number(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'APPROVAL_LINK_APPROVED' AND detail LIKE ?",
                            "link " + linkId + " %"));
            assertEquals(
                    1,
                    number(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'APPROVAL_LINK_REFUSED' AND outcome = 'REFUSED'"
                                    + " AND detail LIKE '%already APPROVED%' AND subject = ?",
                            "link " + linkId));
            HtmlPage granted = browser.open("/sites/" + crossingSite + "/chat-tools/teams/" + fabrikamConnection);
            assertTrue(
                    granted.asNormalizedText().contains("Permission granted by Fabrikam Admin"),
                    granted.asNormalizedText());
            System.out.printf(
                    "ClusterIT: one approval link answered on both instances at once: approved on %s, refused (409) on"
                            + " the other%n",
                    winner);
        }
    }

    /**
     * In Chromium through the balancer: sign in, Connect a Microsoft tenant (Contoso, at the stand-in) and Give
     * permission as its Global Administrator; open a form; the instance that served it is killed (SIGKILL) and the
     * same browser session goes on: the form is posted and answered by the other instance, still signed in, and the
     * tenant is shown connected.
     */
    @Test
    @Order(6)
    void chromiumWalksConnectAndGivePermissionThroughTheBalancerAndGoesOnAfterAKill() throws Exception {
        String origin = "http://localhost:" + cluster.port;
        org.openqa.selenium.chrome.ChromeDriver driver = Chromium.start();
        try {
            long started = System.nanoTime();
            Chromium.signIn(driver, origin, "admin", OPERATOR);
            driver.get(origin + "/sites/" + crossingSite + "/chat-tools");
            Chromium.submitWith(
                    driver,
                    () -> driver.findElement(By.cssSelector("form[action$='/teams/connect'] button[type=submit]"))
                            .click());
            assertTrue(
                    driver.getCurrentUrl().startsWith("http://127.0.0.1:" + cluster.sandboxPort + "/"),
                    "sign-in at Microsoft (the stand-in): " + driver.getCurrentUrl());
            driver.findElement(By.cssSelector("form[action$='/signin'] input[name=username]"))
                    .sendKeys("megan.admin@contoso.example");
            Chromium.submitWith(
                    driver,
                    () -> driver.findElement(By.cssSelector("form[action$='/signin'] button[type=submit]"))
                            .click());
            if (driver.getCurrentUrl().startsWith("http://127.0.0.1:")) { // the user consent, asked once
                Chromium.submitWith(
                        driver,
                        () -> driver.findElement(By.cssSelector("button[name=decision][value=accept]"))
                                .click());
            }
            assertTrue(
                    driver.getCurrentUrl().startsWith(origin + "/sites/" + crossingSite + "/chat-tools/teams/"),
                    driver.getCurrentUrl() + " " + bodyText(driver));
            Chromium.submitWith(
                    driver,
                    () -> driver.findElement(By.cssSelector("form[action$='/give-permission'] button[type=submit]"))
                            .click());
            assertTrue(
                    driver.getCurrentUrl().contains("/adminconsent"),
                    "admin consent at Microsoft: " + driver.getCurrentUrl());
            Chromium.submitWith(
                    driver,
                    () -> driver.findElement(By.cssSelector("button[name=decision][value=accept]"))
                            .click());
            assertTrue(
                    bodyText(driver).contains("its consent was confirmed with Microsoft"),
                    driver.getCurrentUrl() + " " + bodyText(driver));

            // The last request: a form, from one instance; that instance is killed.
            int before = served("GET /sites/new ").size();
            driver.get(origin + "/sites/new");
            victim = awaitServed("GET /sites/new ", before);
            // HtmlUnit's session holds a form from the same instance (the next test posts it).
            for (int i = 0; i < 6 && servedByVictim == null; i++) {
                HtmlPage form = browser.open("/sites/new");
                if (victim.equals(instance(form.getWebResponse()))) {
                    servedByVictim = form;
                }
            }
            kill(victim);

            driver.findElement(By.cssSelector("input[name=name]")).sendKeys("Chromium after the kill");
            int posts = served("POST /sites ").size();
            Chromium.submitWith(
                    driver,
                    () -> driver.findElement(By.cssSelector("form[action$='/sites'] button[type=submit]"))
                            .click());
            assertTrue(
                    bodyText(driver).contains("Site “Chromium after the kill” was created."),
                    driver.getCurrentUrl() + " " + bodyText(driver));
            assertNotEquals(victim, awaitServed("POST /sites ", posts), "answered by the other instance");
            driver.get(origin + "/sites/" + crossingSite + "/chat-tools");
            String tools = bodyText(driver);
            assertTrue(tools.contains("Contoso") && tools.contains("Active"), tools);
            assertFalse(driver.getCurrentUrl().contains("/login"), "still signed in: " + driver.getCurrentUrl());
            System.out.printf(
                    "ClusterIT: Chromium walk (sign-in, Connect, Give permission, kill of %s, form post) in %d ms%n",
                    victim, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } finally {
            driver.quit();
        }
    }

    /**
     * HtmlUnit's session holds a form served by the instance killed in the Chromium walk (or, when that walk did not
     * get as far, the instance that served its last page is killed here).
     */
    @Test
    @Order(7)
    void theSessionGoesOnWhenTheInstanceThatServedItIsKilled() throws Exception {
        HtmlPage before = servedByVictim;
        if (victim == null || before == null) {
            assertTrue(victim == null, "HtmlUnit got no form from " + victim + " in six round-robin requests");
            before = browser.open("/sites/new");
            assertSignedIn(before);
            victim = instance(before.getWebResponse());
            kill(victim);
        }
        assertSignedIn(before);
        String victim = ClusterIT.victim;

        // The form the killed instance served is posted (its CSRF token) and answered by the other one.
        Map<Integer, Integer> statuses = new HashMap<>();
        browser.followRedirects(true);
        HtmlPage created = browser.fill(before, "/sites", Map.of("name", "After the kill"));
        statuses.merge(created.getWebResponse().getStatusCode(), 1, Integer::sum);
        assertEquals(200, created.getWebResponse().getStatusCode(), created.asNormalizedText());
        assertTrue(
                created.asNormalizedText().contains("Site “After the kill” was created."), created.asNormalizedText());
        for (int i = 0; i < 6; i++) {
            HtmlPage sites = browser.open("/sites");
            statuses.merge(sites.getWebResponse().getStatusCode(), 1, Integer::sum);
            assertSignedIn(sites);
            assertNotEquals(victim, instance(sites.getWebResponse()));
            assertTrue(sites.asNormalizedText().contains("After the kill"));
        }
        assertEquals(Map.of(200, 7), statuses, "no request failed after the kill");
        long millis = takenOut.get(40, TimeUnit.SECONDS);
        assertEquals(1, cluster.upInstances(), "HAProxy took the killed instance out");
        System.out.printf(
                "ClusterIT: %s killed (SIGKILL); requests failed after the kill: 0 of 7; HAProxy took it out after %d ms%n",
                victim, millis);
    }

    /** SIGKILLs the instance, waits until it is gone, and starts timing how long HAProxy counts it in. */
    private static void kill(String name) throws Exception {
        int number = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        ProcessHandle process = cluster.pid(number).flatMap(ProcessHandle::of).orElseThrow();
        long killedAt = System.nanoTime();
        assertTrue(process.destroyForcibly(), "SIGKILL " + name); // SIGKILL on Linux
        // How long HAProxy goes on counting the dead instance in (its health checks: every second, out after two).
        takenOut = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                while (cluster.upInstances() != 1 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        });
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The instances that served the requests whose request line starts so, in HAProxy's log, oldest first. */
    private static List<String> served(String requestLine) throws IOException {
        List<String> servers = new ArrayList<>();
        for (String line : Files.readAllLines(cluster.dir.resolve("haproxy.log"), StandardCharsets.UTF_8)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" instances/(instance-\\d+) ")
                    .matcher(line);
            if (line.contains("\"" + requestLine) && m.find()) {
                servers.add(m.group(1));
            }
        }
        return servers;
    }

    /** Waits until HAProxy logged more than {@code before} such requests; the instance that served the last one. */
    private static String awaitServed(String requestLine, int before) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<String> servers = served(requestLine);
            if (servers.size() > before) {
                return servers.get(servers.size() - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("HAProxy logged no further " + requestLine);
    }

    private static String bodyText(org.openqa.selenium.WebDriver driver) {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The portal callback Microsoft redirected a tab to, sent straight to one instance's own port with its cookies. */
    private static java.net.http.HttpRequest onInstance(int instance, String callback, Browser tab) {
        java.net.URI uri = java.net.URI.create(callback);
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + cluster.port(instance) + uri.getRawPath() + "?" + uri.getRawQuery()))
                .header("Cookie", ConcurrencyIT.cookie(tab))
                .GET()
                .build();
    }

    /** Sends the requests at the same instant (threads released by one latch); their answers in order. */
    private static List<java.net.http.HttpResponse<String>> atOnce(List<java.net.http.HttpRequest> requests)
            throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests.size());
        try {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(requests.size());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<java.net.http.HttpResponse<String>>> futures = new ArrayList<>();
            for (java.net.http.HttpRequest request : requests) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<java.net.http.HttpResponse<String>> answers = new ArrayList<>();
            for (java.util.concurrent.Future<java.net.http.HttpResponse<String>> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long number(String sql, Object parameter) throws java.sql.SQLException {
        return ConnectIT.first(cluster.connect(), sql, parameter, rs -> rs.getLong(1), -1L);
    }

    private static String text(String sql, Object parameter) throws java.sql.SQLException {
        return ConnectIT.first(cluster.connect(), sql, parameter, rs -> rs.getString(1), null);
    }

    private static void assertSignedIn(HtmlPage page) {
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertFalse(page.getUrl().getPath().startsWith("/login"), "sent to sign in again: " + page.getUrl());
        assertTrue(
                page.getForms().stream().anyMatch(f -> f.getActionAttribute().endsWith("/logout")),
                "signed in: " + page.asNormalizedText());
    }

    private static String instance(WebResponse response) {
        return instance(response.getResponseHeaderValue(HEADER));
    }

    private static String instance(String name) {
        assertTrue(name != null && name.startsWith("instance-"), "which instance answered: " + name);
        return name;
    }

    /** The listening sockets of one process, as ss prints them (no header). */
    private static List<String> listening(String options, long pid) throws Exception {
        Process ss = new ProcessBuilder("ss", options).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ss.waitFor(), out);
        return out.lines().filter(l -> l.contains("pid=" + pid + ",")).toList();
    }
}
