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

/**
 * The cluster of deploy/run-cluster.sh, started by that script as an operator starts it: MariaDB (the machine's, a
 * database of this test's own), two portal instances forming one data grid, HAProxy in front (round robin, no sticky
 * sessions). Every socket the instances listen on is on 127.0.0.1; the two instances are one data grid; a person
 * signed in through the balancer is served by both instances in turn within one session (sign-in, CSRF token and a
 * flash message cross over); a Microsoft sign-in (the stand-in, in a process of its own) started on one instance
 * completes on the other; the instance that served the last request is killed (SIGKILL) and the same session goes
 * on: still signed in, a form post with its CSRF token succeeds, and no request fails.
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
        System.out.printf("ClusterIT: Microsoft sign-in started on %s, completed on %s%n", started, completed);
    }

    @Test
    @Order(4)
    void theSessionGoesOnWhenTheInstanceThatServedItIsKilled() throws Exception {
        HtmlPage before = browser.open("/sites/new");
        assertSignedIn(before);
        String victim = instance(before.getWebResponse());
        int number = Integer.parseInt(victim.substring(victim.lastIndexOf('-') + 1));
        ProcessHandle process = cluster.pid(number).flatMap(ProcessHandle::of).orElseThrow();
        long killedAt = System.nanoTime();
        assertTrue(process.destroyForcibly(), "SIGKILL " + victim); // SIGKILL on Linux
        // How long HAProxy goes on counting the dead instance in (its health checks: every second, out after two).
        java.util.concurrent.CompletableFuture<Long> takenOut =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        while (cluster.upInstances() != 1
                                && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                            Thread.sleep(20);
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                });
        process.onExit().get(30, TimeUnit.SECONDS);

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
