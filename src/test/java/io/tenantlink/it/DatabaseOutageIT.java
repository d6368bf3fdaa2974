package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database going away and coming back, on a MariaDB server of the test's own (another port, a data directory
 * under target/, so the machine's MariaDB is never touched; with skip-name-resolve, as the MariaDB Docker image runs):
 * a database user created as the old instructions said ('tenantlink'@'localhost') is refused over 127.0.0.1, and the portal then ends with one line and exit status 3
 * instead of idling as "ready" with nothing deployed; with the user the runbook now gives, the portal serves; MariaDB
 * stopped under load: every page, the sign-in and the API answer 503 "temporarily unavailable" while readiness says
 * 503; MariaDB back: the very next requests succeed (pooled connections are validated), and every site the load
 * created has its audit record (nothing half-written).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {

    /** Made up per run, for a throw-away database that lives under target/ for this test only. */
    private static final String PASSWORD = "Db-" + java.util.UUID.randomUUID();

    private static final String FIRST = "Outage-First-" + java.util.UUID.randomUUID();
    private static final String OPERATOR = "Operator-" + java.util.UUID.randomUUID();

    private static PrivateMariaDb mariadb;

    @BeforeAll
    static void mariadb() throws Exception {
        mariadb = PrivateMariaDb.install(
                Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "outage-mariadb"));
        mariadb.sql("CREATE DATABASE tenantlink CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                + " CREATE USER 'tenantlink'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';"
                + " GRANT ALL PRIVILEGES ON tenantlink.* TO 'tenantlink'@'127.0.0.1';"
                + " CREATE USER 'localonly'@'localhost' IDENTIFIED BY '" + PASSWORD + "';"
                + " GRANT ALL PRIVILEGES ON tenantlink.* TO 'localonly'@'localhost';");
    }

    @AfterAll
    static void stopMariadb() throws Exception {
        if (mariadb != null) {
            mariadb.stop();
        }
    }

    private static List<String> settings(String user, int port) {
        return List.of(
                "-Dtenantlink.port=" + port,
                "-Dtenantlink.microsoft=sandbox",
                // Microsoft is not asked anything here: its hosts lead nowhere.
                "-Dtenantlink.microsoft.routes=login.microsoftonline.com=http://127.0.0.1:9/login,"
                        + "graph.microsoft.com=http://127.0.0.1:9/graph",
                "-Dtenantlink.microsoft.client-id=7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f",
                "-Dtenantlink.microsoft.client-secret=not-a-secret",
                "-Dtenantlink.password.pbkdf2-iterations=1024",
                "-Dtenantlink.bootstrap.password=" + FIRST,
                "-Dtenantlink.db.url=jdbc:mariadb://127.0.0.1:" + mariadb.port + "/tenantlink",
                "-Dtenantlink.db.user=" + user,
                "-Dtenantlink.db.password=" + PASSWORD);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aUserOnlyForLocalhostIsRefusedAndTheStartEndsWithOneLineAndStatus3() throws Exception {
        int port = PortalProcess.freePort();
        try (PortalProcess portal = PortalProcess.start("outage-refused", port, settings("localonly", port))) {
            assertTrue(portal.process().waitFor(4, TimeUnit.MINUTES), "the process ends; see " + portal.logFile());
            assertEquals(3, portal.process().exitValue(), "a failed start's status; see " + portal.logFile());
            String line = portal.log()
                    .lines()
                    .filter(l -> l.contains("TenantLink will not start"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no line says why; see " + portal.logFile()));
            assertTrue(line.contains("cannot connect to its database"), line);
            assertTrue(line.contains("localonly"), "MariaDB's refusal names the user: " + line);
            for (String setting : List.of("TENANTLINK_DB_URL", "TENANTLINK_DB_USER", "127.0.0.1")) {
                assertTrue(line.contains(setting), setting + " in: " + line);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void whileTheDatabaseIsAwayPagesSay503AndOnceBackNothingFailsAndNothingIsHalfWritten() throws Exception {
        int port = PortalProcess.freePort();
        try (PortalProcess portal = PortalProcess.start("outage", port, settings("tenantlink", port))) {
            assertEquals(200, portal.awaitReady(5), () -> "ready; " + portal.diagnosis());
            URL base = new URL("http://localhost:" + port + "/");
            List<Browser> operators = new ArrayList<>();
            try {
                Browser first = new Browser(base);
                operators.add(first);
                HtmlPage landed = first.signIn("admin", FIRST);
                first.fill(
                        landed,
                        "/account/password",
                        Map.of("currentPassword", FIRST, "newPassword", OPERATOR, "confirmPassword", OPERATOR));
                for (int i = 0; i < 3; i++) {
                    Browser b = new Browser(base);
                    assertTrue(b.signIn("admin", OPERATOR).getUrl().getPath().endsWith("/sites"));
                    operators.add(b);
                }

                // Load: four operators creating sites, each creation one transaction (the site and its audit record).
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger sequence = new AtomicInteger();
                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                // What answered neither 200 nor 503, to say in the failure which page did and what it showed.
                List<String> odd = new CopyOnWriteArrayList<>();
                List<Thread> load = new ArrayList<>();
                for (Browser b : operators) {
                    Thread t = new Thread(() -> {
                        while (running.get()) {
                            int status;
                            try {
                                HtmlPage form = b.open("/sites/new");
                                HtmlPage answer = form.getWebResponse().getStatusCode() != 200
                                        ? form
                                        : b.fill(
                                                form, "/sites", Map.of("name", "Outage " + sequence.incrementAndGet()));
                                status = answer.getWebResponse().getStatusCode();
                                if (status != 200 && status != 503) {
                                    odd.add(status + " " + answer.getUrl().getPath() + ": "
                                            + answer.asNormalizedText().replaceAll("\\s+", " "));
                                }
                            } catch (RuntimeException e) {
                                status = -1;
                                odd.add("no answer: " + e);
                            }
                            statuses.computeIfAbsent(status, s -> new AtomicInteger())
                                    .incrementAndGet();
                            if (status != 200) {
                                pause(50);
                            }
                        }
                    });
                    t.start();
                    load.add(t);
                }
                Thread.sleep(3000);
                mariadb.stop();

                Browser reader = operators.get(0);
                org.htmlunit.WebResponse sites = reader.openRaw("/sites").getWebResponse();
                String text = sites.getStatusCode() + " " + sites.getContentType() + ": " + sites.getContentAsString();
                assertEquals(503, sites.getStatusCode(), text);
                assertEquals("text/html", sites.getContentType(), text);
                assertTrue(sites.getContentAsString().contains("Temporarily unavailable"), text);
                assertEquals("10", sites.getResponseHeaderValue("Retry-After"), text);
                assertEquals(503, portal.status("/health/ready"));
                try (Browser stranger = new Browser(base)) {
                    HtmlPage signIn = stranger.signIn("admin", OPERATOR);
                    assertEquals(503, signIn.getWebResponse().getStatusCode(), "sign-in: " + signIn.asNormalizedText());
                    assertTrue(signIn.asNormalizedText().contains("Temporarily unavailable"));
                }
                HttpResponse<String> api = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/incidents"))
                                        .header("Authorization", "Bearer tlk_" + "A".repeat(43))
                                        .header("Accept", "application/json")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertEquals(503, api.statusCode(), api.body());
                assertTrue(api.body().contains("problem:unavailable"), api.body());
                Thread.sleep(2000);
                String whileDown = Map.copyOf(statuses).toString();
                int failedWhileDown = statuses.entrySet().stream()
                        .filter(e -> e.getKey() != 200 && e.getKey() != 503)
                        .mapToInt(e -> e.getValue().get())
                        .sum();

                // Back: from the moment MariaDB accepts connections, nothing fails.
                mariadb.start();
                List<Integer> firstAfter = new CopyOnWriteArrayList<>();
                for (int i = 0; i < 10; i++) {
                    firstAfter.add(reader.open("/sites").getWebResponse().getStatusCode());
                }
                // Requests the load began while the database was away have ended by now; count afresh.
                statuses.clear();
                Thread.sleep(3000);
                running.set(false);
                for (Thread t : load) {
                    t.join(60_000);
                }
                assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), firstAfter);
                assertEquals(
                        java.util.Set.of(200),
                        Map.copyOf(statuses).keySet(),
                        "after the database came back every request succeeded: " + statuses + "; " + odd);
                assertEquals(
                        0,
                        failedWhileDown,
                        // What the portal logged first: a report may show only the message's beginning.
                        "while down: 503 only, never a 500 (-1: no answer); the portal logged: "
                                + portal.log()
                                        .lines()
                                        .filter(l -> l.contains("SEVERE")
                                                || l.contains("Unexpected error")
                                                || l.contains("Caused by"))
                                        .map(l -> l.length() > 300 ? l.substring(0, 300) : l)
                                        .toList()
                                + "; " + whileDown + "; " + odd);
                assertEquals(200, portal.status("/health/ready"));

                // Nothing half-written: every site has its audit record, and no audit record lacks its site.
                try (Connection c = mariadb.connect("tenantlink", PASSWORD);
                        Statement q = c.createStatement()) {
                    ResultSet sitesWithout = q.executeQuery("select count(*) from site s where s.name like 'Outage %'"
                            + " and not exists (select 1 from audit_record a where a.action = 'SITE_CREATED'"
                            + " and a.site_id = s.id)");
                    sitesWithout.next();
                    assertEquals(0, sitesWithout.getInt(1), "sites without their audit record");
                    ResultSet recordsWithout = q.executeQuery(
                            "select count(*) from audit_record a"
                                    + " where a.action = 'SITE_CREATED' and not exists (select 1 from site s where s.id = a.site_id)");
                    recordsWithout.next();
                    assertEquals(0, recordsWithout.getInt(1), "audit records of sites that were not created");
                    ResultSet created = q.executeQuery("select count(*) from site where name like 'Outage %'");
                    created.next();
                    assertTrue(created.getInt(1) > 4, "the load created sites: " + created.getInt(1));
                }
            } finally {
                operators.forEach(Browser::close);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A MariaDB server of the test's own: installed into a fresh data directory, on a free loopback port. */
    static final class PrivateMariaDb {
        final Path dir;
        final int port;
        private Process server;

        private PrivateMariaDb(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        static PrivateMariaDb install(Path dir) throws Exception {
            TestFiles.deleteTree(dir);
            Files.createDirectories(dir);
            PrivateMariaDb db = new PrivateMariaDb(dir.toAbsolutePath(), PortalProcess.freePort());
            Process install = new ProcessBuilder(
                            "mariadb-install-db",
                            "--no-defaults",
                            "--user=" + System.getProperty("user.name"),
                            "--datadir=" + db.dir.resolve("data"),
                            "--auth-root-authentication-method=socket",
                            "--skip-test-db")
                    .redirectErrorStream(true)
                    .redirectOutput(db.dir.resolve("install.log").toFile())
                    .start();
            assertEquals(0, install.waitFor(), "mariadb-install-db; see " + db.dir.resolve("install.log"));
            db.start();
            return db;
        }

        void start() throws Exception {
            server = new ProcessBuilder(
                            Files.isExecutable(Path.of("/usr/sbin/mariadbd")) ? "/usr/sbin/mariadbd" : "mariadbd",
                            "--no-defaults",
                            "--user=" + System.getProperty("user.name"),
                            "--datadir=" + dir.resolve("data"),
                            "--socket=" + dir.resolve("mariadb.sock"),
                            "--pid-file=" + dir.resolve("mariadb.pid"),
                            "--bind-address=127.0.0.1",
                            // As the MariaDB Docker image and hardened configurations run it: hosts are addresses.
                            "--skip-name-resolve",
                            "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("server.log").toFile()))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    if (!server.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError("mariadbd did not start; see " + dir.resolve("server.log"));
                    }
                    Thread.sleep(100);
                }
            }
        }

        /** Stops the server as an operator would (SIGTERM), and waits until it is gone. */
        void stop() throws Exception {
            if (server != null && server.isAlive()) {
                server.destroy();
                assertTrue(server.waitFor(60, TimeUnit.SECONDS), "mariadbd stopped");
            }
        }

        /** Runs statements as MariaDB's root over the Unix socket (unix_socket authentication). */
        void sql(String statements) throws Exception {
            Process client = new ProcessBuilder(
                            "mariadb",
                            "--no-defaults",
                            "--socket=" + dir.resolve("mariadb.sock"),
                            "-uroot",
                            "-e",
                            statements)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, client.waitFor(), out);
        }

        Connection connect(String user, String password) throws SQLException {
            return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/tenantlink", user, password);
        }
    }
}
