package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * flash message cross over); the instance that served the last request is killed (SIGKILL) and the same session goes
 * on: still signed in, a form post with its CSRF token succeeds, and no request fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String HEADER = "X-TenantLink-Instance";
    private static final String FIRST = "Cluster-First-" + UUID.randomUUID();
    private static final String OPERATOR = "Operator-" + UUID.randomUUID();

    private static Path dir;
    private static Process cluster;
    private static int port;
    private static Browser browser;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "cluster")
                .toAbsolutePath();
        Files.createDirectories(dir);
        String database = System.getProperty("tenantlink.it.cluster.database", "tenantlink_it_cluster");
        try (Connection c = DriverManager.getConnection(
                        System.getProperty("tenantlink.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/"),
                        System.getProperty("tenantlink.test.mariadb.user", "root"),
                        System.getProperty("tenantlink.test.mariadb.password", ""));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
        port = freePorts(1);
        ProcessBuilder script = new ProcessBuilder("bash", "deploy/run-cluster.sh")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run-cluster.out").toFile());
        Map<String, String> env = script.environment();
        env.put("TENANTLINK_PORT", String.valueOf(port));
        env.put("TENANTLINK_INSTANCES", "2");
        env.put("TENANTLINK_INSTANCE_PORT", String.valueOf(freePorts(2)));
        env.put("TENANTLINK_GRID_PORT", String.valueOf(freePorts(2)));
        env.put("TENANTLINK_CLUSTER_DIR", dir.toString());
        env.put("TENANTLINK_CLUSTER_DATABASE", database);
        env.put("TENANTLINK_CLUSTER_SANDBOX", "0");
        // C1 only: the two instances start in half the time on a busy two-core machine.
        env.put("TENANTLINK_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
        env.put("TENANTLINK_MICROSOFT", "sandbox");
        // Microsoft is not asked anything here: its hosts lead nowhere.
        env.put(
                "TENANTLINK_MICROSOFT_ROUTES",
                "login.microsoftonline.com=http://127.0.0.1:9/login,graph.microsoft.com=http://127.0.0.1:9/graph");
        env.put("TENANTLINK_MICROSOFT_CLIENT_ID", "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f");
        env.put("TENANTLINK_MICROSOFT_CLIENT_SECRET", "not-a-secret");
        env.put("TENANTLINK_PASSWORD_PBKDF2_ITERATIONS", "1024");
        env.put("TENANTLINK_BOOTSTRAP_PASSWORD", FIRST);
        env.remove("TENANTLINK_DB_URL");
        cluster = script.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!output().contains("TenantLink cluster ready") && System.nanoTime() < deadline) {
            assertTrue(cluster.isAlive(), "deploy/run-cluster.sh ended: " + output());
            Thread.sleep(500);
        }
        assertTrue(output().contains("TenantLink cluster ready"), "not ready in 5 minutes: " + output());
        // HAProxy counts an instance in after two passed health checks.
        for (int i = 0; i < 40 && upInstances() < 2; i++) {
            Thread.sleep(250);
        }
        browser = new Browser(new URL("http://localhost:" + port + "/"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.destroy(); // SIGTERM: the script stops HAProxy and the instances
            if (!cluster.waitFor(90, TimeUnit.SECONDS)) {
                cluster.destroyForcibly();
            }
            for (int i = 1; i <= 2; i++) {
                pid(i).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    @Order(1)
    void everyInstanceListensOnLoopbackOnlyAndBothAreOneDataGrid() throws Exception {
        for (int i = 1; i <= 2; i++) {
            long pid = pid(i).orElseThrow();
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
        for (String line : listening(
                "-ltnpH",
                Long.parseLong(Files.readString(dir.resolve("haproxy.pid")).strip()))) {
            assertTrue(line.trim().split("\\s+")[3].startsWith("127.0.0.1:"), "HAProxy: " + line);
        }
        String log = Files.readString(dir.resolve("instance-1.log"), StandardCharsets.UTF_8);
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
    }

    @Test
    @Order(3)
    void theSessionGoesOnWhenTheInstanceThatServedItIsKilled() throws Exception {
        HtmlPage before = browser.open("/sites/new");
        assertSignedIn(before);
        String victim = instance(before.getWebResponse());
        int number = Integer.parseInt(victim.substring(victim.lastIndexOf('-') + 1));
        ProcessHandle process = pid(number).flatMap(ProcessHandle::of).orElseThrow();
        long killedAt = System.nanoTime();
        assertTrue(process.destroyForcibly(), "SIGKILL " + victim); // SIGKILL on Linux
        // How long HAProxy goes on counting the dead instance in (its health checks: every second, out after two).
        java.util.concurrent.CompletableFuture<Long> takenOut =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        while (upInstances() != 1 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
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
        assertEquals(1, upInstances(), "HAProxy took the killed instance out");
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
        String name = response.getResponseHeaderValue(HEADER);
        assertTrue(name != null && name.startsWith("instance-"), "which instance answered: " + name);
        return name;
    }

    private static String output() throws IOException {
        Path out = dir.resolve("run-cluster.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    private static java.util.Optional<Long> pid(int instance) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(dir.resolve("instance-" + instance + ".pid"))
                    .strip()));
        } catch (IOException | NumberFormatException none) {
            return java.util.Optional.empty();
        }
    }

    /** The listening sockets of one process, as ss prints them (no header). */
    private static List<String> listening(String options, long pid) throws Exception {
        Process ss = new ProcessBuilder("ss", options).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ss.waitFor(), out);
        return out.lines().filter(l -> l.contains("pid=" + pid + ",")).toList();
    }

    /** How many instances HAProxy counts as up (its stats socket's "show stat", CSV: field 18 is the status). */
    private static int upInstances() throws IOException {
        try (java.nio.channels.SocketChannel socket = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(dir.resolve("haproxy.sock")))) {
            socket.write(java.nio.ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            String out = new String(
                    java.nio.channels.Channels.newInputStream(socket).readAllBytes(), StandardCharsets.US_ASCII);
            return (int) out.lines()
                    .filter(l -> l.startsWith("instances,instance-"))
                    .filter(l -> l.split(",")[17].startsWith("UP"))
                    .count();
        }
    }

    /** The first of {@code count} consecutive free loopback ports. */
    private static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 40000);
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no free ports");
    }
}
