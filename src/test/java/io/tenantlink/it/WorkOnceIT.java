package io.tenantlink.it;

import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.grants.GrantPlanner;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Work done once with two portal instances on one MariaDB database (issue 15, item 3): two production portals
 * (PortalProcess) and the Microsoft stand-in in a third Payara Micro, all on loopback. Housekeeping runs every 2 s on
 * each instance; its ShedLock row shows one run per interval between them, before and after one of them is killed.
 * A 1,200-user approval job is picked up by one instance through its lease; that instance is SIGKILLed mid-job; the
 * other takes the job over once the lease (6 s here) runs out and finishes it; Graph, read at the stand-in, holds
 * exactly one grant and one app-role assignment per user.
 *
 * <p>MariaDB only (the it-mariadb run), on a database of its own: the shared test portal's name plus "_once".
 */
class WorkOnceIT {

    static final Duration HOUSEKEEPING = Duration.ofSeconds(2);
    /** The interval of every other timer here: seen running several times, never twice within one. */
    static final Duration OTHER_TIMERS = Duration.ofSeconds(3);

    static final int LEASE_SECONDS = 6;
    /** The job's users: 1,200 in CI; {@code -Dworkonce.users=10000} for the full-size run. */
    static final int USERS = Integer.getInteger("workonce.users", GrantJobFaultsIT.CONTOSO_USERS);

    static final String FEATURE = "teams-portal";

    @Test
    void timersRunOncePerIntervalAndAKilledInstancesJobFinishesOnTheOtherWithEveryUserGrantedOnce() throws Exception {
        assumeTrue("mariadb".equals(TestDatabase.kind()), "MariaDB only");
        String[] server = database();
        String password = "Once-" + java.util.UUID.randomUUID();
        try (Connection admin = DriverManager.getConnection(server[0], server[2], server[3]);
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + server[1] + "`");
            s.execute("CREATE DATABASE `" + server[1] + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            s.execute("CREATE USER IF NOT EXISTS 'tenantlink_once'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
            s.execute("ALTER USER 'tenantlink_once'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
            s.execute("GRANT ALL PRIVILEGES ON `" + server[1] + "`.* TO 'tenantlink_once'@'127.0.0.1'");
        }
        String dbUrl = server[0] + server[1];
        // One token key for both instances (as production sets TENANTLINK_TOKEN_KEY): tokens one stored, the other
        // reads.
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String tokenKey = java.util.Base64.getEncoder().encodeToString(key);

        Path work = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "work-once");
        Files.createDirectories(work);
        // HtmlUnit keeps a big answer (the stand-in's pages of a 10,000-user tenant) in a temporary file there; run
        // alone, nothing else has made the directory the build names.
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        int sandboxPort = PortalProcess.freePort();
        Process sandbox = startSandbox(work, sandboxPort);
        List<PortalProcess> portals = new ArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        List<Instant> runs = new CopyOnWriteArrayList<>();
        // Every other timer's runs too, by lock name (each new locked_at of its row).
        Map<String, List<Instant>> otherRuns = new java.util.concurrent.ConcurrentHashMap<>();
        Thread watcher = null;
        try {
            for (String name : List.of("once-a", "once-b")) {
                int port = PortalProcess.freePort();
                portals.add(PortalProcess.start(name, port, settings(port, sandboxPort, dbUrl, password, tokenKey)));
            }
            for (PortalProcess p : portals) {
                assertEquals(200, p.awaitReady(8), () -> "ready; " + p.diagnosis());
            }
            GraphSandboxClient graph = new GraphSandboxClient(new URL("http://127.0.0.1:" + sandboxPort + "/"));
            awaitSandbox(graph);

            // The timer's runs: each new locked_at of its ShedLock row is a run (by either instance).
            watcher = new Thread(() -> {
                Map<String, Timestamp> last = new java.util.HashMap<>();
                try (Connection c = DriverManager.getConnection(dbUrl, "tenantlink_once", password);
                        PreparedStatement q = c.prepareStatement("SELECT name, locked_at FROM shedlock")) {
                    while (watching.get()) {
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                String name = rs.getString(1);
                                Timestamp at = rs.getTimestamp(2);
                                if (!at.equals(last.put(name, at))) {
                                    (name.equals("connection-housekeeping")
                                                    ? runs
                                                    : otherRuns.computeIfAbsent(
                                                            name, n -> new CopyOnWriteArrayList<>()))
                                            .add(at.toInstant());
                                }
                            }
                        }
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            watcher.start();

            // The job: the consent-management app may act app-only in Contoso, and a job of 1,200 users is left
            // RUNNING without a lease (as a restart leaves one): an instance takes it within a lease check.
            graph.adminConsent(CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN);
            assertEquals(
                    200, graph.faults("POST", "{\"latencyMillis\":300}", true).statusCode());
            List<String> users = GrantJobFaultsIT.contosoUsers(0, USERS);
            long job;
            try (Connection c = DriverManager.getConnection(dbUrl, "tenantlink_once", password)) {
                job = insertJob(c, users);
            }
            long picked = System.nanoTime();
            String owner = awaitOwner(dbUrl, password, job, null, 30);
            double pickedSeconds = (System.nanoTime() - picked) / 1e9;
            PortalProcess victim = portals.stream()
                    .filter(p -> owner.contains("-" + p.process().pid() + "-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the owner " + owner + " is neither portal"));
            PortalProcess survivor = portals.get(portals.indexOf(victim) == 0 ? 1 : 0);

            // Midway: some users recorded, most still pending; then SIGKILL.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int[] counts = counts(dbUrl, password, job);
            while (counts[0] < 100 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                counts = counts(dbUrl, password, job);
            }
            assertTrue(
                    counts[0] >= 100 && counts[0] < USERS, "midway: " + counts[0] + " done; see " + victim.logFile());
            int doneAtKill = counts[0];
            Instant killedAt = Instant.now();
            victim.process().destroyForcibly();
            assertTrue(victim.process().waitFor(30, TimeUnit.SECONDS));
            long killed = System.nanoTime();

            String newOwner = awaitOwner(dbUrl, password, job, owner, 60);
            double takeoverSeconds = (System.nanoTime() - killed) / 1e9;
            assertTrue(newOwner.contains("-" + survivor.process().pid() + "-"), newOwner);
            // 90 s for 1,200 users, proportionally more for a bigger job.
            deadline = System.nanoTime()
                    + TimeUnit.SECONDS.toNanos(Math.max(90, 90L * USERS / GrantJobFaultsIT.CONTOSO_USERS));
            String status = status(dbUrl, password, job);
            while (!"DONE".equals(status) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                status = status(dbUrl, password, job);
            }
            double doneSeconds = (System.nanoTime() - killed) / 1e9;
            assertEquals("DONE", status, "the job on the survivor; see " + survivor.logFile());
            counts = counts(dbUrl, password, job);
            assertEquals(USERS, counts[0], "every user has a result");
            assertEquals(0, counts[1], "no user failed");
            assertTrue(
                    takeoverSeconds <= LEASE_SECONDS + LEASE_SECONDS / 3.0 + 3,
                    "taken over within the lease and one check (+3 s): " + takeoverSeconds);

            // Exactly one grant and one default-role assignment per user, as Graph lists them.
            Map<String, Integer>[] state = state(graph);
            for (String u : users) {
                assertEquals(1, state[0].getOrDefault(u, 0), "exactly one grant for " + u);
                assertEquals(1, state[1].getOrDefault(u, 0), "exactly one app role assignment for " + u);
            }

            // The approval-link lookup limit in the production artifact (30 a minute per address): the 31st lookup
            // is refused and audited; the log says where it counts (JCache, or the instance's memory).
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 31; i++) {
                // Under the public URL's host (another host name is sent there first).
                HttpResponse<Void> lookup = http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://localhost:" + survivor.port() + "/approve/no-such-link-" + i))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                assertEquals(404, lookup.statusCode(), "an unknown link");
            }
            try (Connection c = DriverManager.getConnection(dbUrl, "tenantlink_once", password);
                    Statement q = c.createStatement();
                    ResultSet rs = q.executeQuery("SELECT COUNT(*) FROM audit_record WHERE action ="
                            + " 'APPROVAL_LINK_REFUSED' AND detail LIKE '%too many lookups%'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the 31st lookup refused");
            }
            String countedIn = survivor.log()
                    .lines()
                    .filter(l -> l.contains("rate limits are counted") || l.contains("Rate limits are counted"))
                    .findFirst()
                    .orElse("(no line)");

            // A few more housekeeping intervals on the survivor alone.
            Thread.sleep(HOUSEKEEPING.multipliedBy(3).toMillis());
            watching.set(false);
            watcher.join(5000);
            assertRunsOncePerInterval(runs, killedAt);
            assertOtherTimersRanOncePerInterval(otherRuns);

            System.out.printf(
                    Locale.ROOT,
                    "WorkOnceIT: job picked up %.1f s after it was left RUNNING; owner SIGKILLed with %d of %d users"
                            + " done; taken over %.1f s after the kill (lease %d s), DONE %.1f s after the kill;"
                            + " housekeeping: %d runs in %.1f s with two instances, then one (interval %d s);"
                            + " link lookups: %s%n",
                    pickedSeconds,
                    doneAtKill,
                    USERS,
                    takeoverSeconds,
                    LEASE_SECONDS,
                    doneSeconds,
                    runs.size(),
                    Duration.between(runs.get(0), runs.get(runs.size() - 1)).toMillis() / 1000.0,
                    HOUSEKEEPING.toSeconds(),
                    countedIn.substring(countedIn.lastIndexOf("] ") + 1).trim());
        } finally {
            watching.set(false);
            for (PortalProcess p : portals) {
                p.close();
            }
            sandbox.destroy();
            if (!sandbox.waitFor(60, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
    }

    /**
     * Consecutive runs are at least the lock's least hold apart (1.8 s: two instances ticking every 2 s without the
     * lock would run twice per interval, some runs closer than that), and none is missing for long.
     */
    static void assertRunsOncePerInterval(List<Instant> runs, Instant killedAt) {
        assertTrue(runs.size() >= 10, "housekeeping ran: " + runs);
        assertTrue(runs.get(0).isBefore(killedAt) && runs.get(runs.size() - 1).isAfter(killedAt), runs.toString());
        Duration least = HOUSEKEEPING.minus(HOUSEKEEPING.dividedBy(10));
        for (int i = 1; i < runs.size(); i++) {
            Duration gap = Duration.between(runs.get(i - 1), runs.get(i));
            // locked_at is written a moment after the lock's own start, from which the least hold counts: 100 ms
            // of slack for a loaded machine (without the lock, two instances every 2 s make gaps d and 2 s - d, one of
            // them at most 1 s).
            assertTrue(gap.compareTo(least.minusMillis(100)) >= 0, "two runs " + gap.toMillis() + " ms apart: " + runs);
            // (Across the kill, a run the killed instance had under way holds the lock until its at-most time.)
            boolean acrossTheKill =
                    runs.get(i - 1).isBefore(killedAt) && runs.get(i).isAfter(killedAt);
            assertTrue(
                    acrossTheKill || gap.compareTo(HOUSEKEEPING.multipliedBy(3)) <= 0,
                    "no run for " + gap.toMillis() + " ms");
        }
    }

    /**
     * The other timers (every {@link #OTHER_TIMERS} here): each ran several times, and never twice within its lock's
     * least hold. Their work (a sync of the job's tenant, the consent doctor's check) may outlast an interval, so a
     * missed interval is not counted here; housekeeping shows that.
     */
    static void assertOtherTimersRanOncePerInterval(Map<String, List<Instant>> runs) {
        Duration least = OTHER_TIMERS.minus(OTHER_TIMERS.dividedBy(10));
        for (String timer : List.of(
                "consent-doctor",
                "lifecycle-warnings",
                "mapping-sync",
                "incident-chat-commands",
                "webhook-deliveries")) {
            List<Instant> times = runs.getOrDefault(timer, List.of());
            assertTrue(times.size() >= 4, timer + " ran: " + times);
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                assertTrue(
                        gap.compareTo(least.minusMillis(100)) >= 0,
                        timer + ": two runs " + gap.toMillis() + " ms apart: " + times);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "WorkOnceIT: other timers (every %d s), runs seen: %s%n",
                OTHER_TIMERS.toSeconds(),
                new java.util.TreeMap<>(runs)
                        .entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue().size())
                                .toList());
    }

    /** [server URL, database, admin user, admin password] of the it-mariadb run; this test's database is its own. */
    static String[] database() {
        String url = TestDatabase.url();
        int slash = url.lastIndexOf('/');
        return new String[] {
            url.substring(0, slash + 1),
            url.substring(slash + 1) + "_once",
            System.getProperty("tenantlink.test.mariadb.user", "root"),
            System.getProperty("tenantlink.test.mariadb.password", "")
        };
    }

    static List<String> settings(int port, int sandboxPort, String dbUrl, String password, String tokenKey)
            throws Exception {
        Properties sandbox = new Properties();
        try (var in = Files.newBufferedReader(Path.of("deploy/sandbox.properties"))) {
            sandbox.load(in);
        }
        List<String> options = new ArrayList<>();
        for (String key : sandbox.stringPropertyNames()) {
            if (key.startsWith("tenantlink.")) {
                options.add("-D" + key + "="
                        + sandbox.getProperty(key).replace("${tenantlink.port}", String.valueOf(sandboxPort)));
            }
        }
        options.addAll(List.of(
                "-Dtenantlink.port=" + port,
                "-Dtenantlink.password.pbkdf2-iterations=1024",
                "-Dtenantlink.bootstrap.password=" + TestDatabase.BOOTSTRAP_PASSWORD,
                "-Dtenantlink.db.url=" + dbUrl,
                "-Dtenantlink.db.user=tenantlink_once",
                "-Dtenantlink.db.password=" + password,
                "-Dtenantlink.token-key=" + tokenKey,
                "-Dtenantlink.housekeeping.interval-seconds=" + HOUSEKEEPING.toSeconds(),
                "-Dtenantlink.job.lease-seconds=" + LEASE_SECONDS,
                // every other timer often, to see each run once per interval across both instances
                "-Dtenantlink.doctor.interval-seconds=" + OTHER_TIMERS.toSeconds(),
                "-Dtenantlink.lifecycle.interval-seconds=" + OTHER_TIMERS.toSeconds(),
                "-Dtenantlink.teams.poll-seconds=" + OTHER_TIMERS.toSeconds(),
                "-Dtenantlink.mapping.sync-seconds=" + OTHER_TIMERS.toSeconds(),
                "-Dtenantlink.webhook.tick-seconds=" + OTHER_TIMERS.toSeconds()));
        return options;
    }

    /** The stand-in alone in a Payara Micro of its own (both portals use it), with the generated Contoso users. */
    static Process startSandbox(Path work, int port) throws Exception {
        Path directory = GrantJobFaultsIT.writeDirectory(
                USERS, work.resolve("directory.json").toAbsolutePath());
        Path props = work.resolve("sandbox.properties");
        Properties sandbox = new Properties();
        try (var in = Files.newBufferedReader(Path.of("deploy/sandbox.properties"))) {
            sandbox.load(in);
        }
        // Its registered redirect URIs as the tests know them (GraphSandboxClient's REDIRECT).
        sandbox.setProperty("sandbox.portal-url", PortalDeployment.publicUrl());
        sandbox.setProperty("sandbox.directory", directory.toString());
        Path data = work.resolve("sandbox-data").toAbsolutePath();
        TestFiles.deleteTree(data);
        sandbox.setProperty("sandbox.data-dir", data.toString());
        sandbox.setProperty("sandbox.db.url", "jdbc:h2:file:" + data + "/sandbox;MODE=LEGACY;DB_CLOSE_ON_EXIT=FALSE");
        sandbox.setProperty("tenantlink.port", String.valueOf(port));
        try (var out = Files.newBufferedWriter(props)) {
            sandbox.store(out, "WorkOnceIT's stand-in");
        }
        Files.createDirectories(work.resolve("sandbox-tmp"));
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-Djava.io.tmpdir=" + work.resolve("sandbox-tmp").toAbsolutePath(),
                        "-jar",
                        System.getProperty("payara.microJar"),
                        "--nocluster",
                        "--disablephonehome",
                        "--nohostaware",
                        "--port",
                        String.valueOf(port),
                        "--systemproperties",
                        props.toAbsolutePath().toString(),
                        "--deploy",
                        System.getProperty("tenantlink.test.sandbox.war"))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("sandbox.log").toFile())
                .start();
    }

    static void awaitSandbox(GraphSandboxClient graph) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                if (graph.faults("DELETE", null, true).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            assertTrue(System.nanoTime() < deadline, "the stand-in did not start");
            Thread.sleep(500);
        }
    }

    static long insertJob(Connection c, List<String> users) throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        String scopes = String.join(" ", GrantJobFaultsIT.scopes(FEATURE));
        String clientId =
                GrantJobFaultsIT.CATALOG.feature(FEATURE).orElseThrow().exampleClientId();
        long job;
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO grant_job (site_id, tenant_id, feature_key, client_app_id, scopes, requested_by, status,"
                        + " cancel_requested, total_count, created_count, updated_count, skipped_count, failed_count,"
                        + " created_at, started_at, version) VALUES (1, ?, ?, ?, ?, 'work-once-it', 'RUNNING', FALSE,"
                        + " ?, 0, 0, 0, 0, ?, ?, 0)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, CONTOSO);
            p.setString(2, FEATURE);
            p.setString(3, clientId);
            p.setString(4, scopes);
            p.setInt(5, users.size());
            p.setTimestamp(6, now);
            p.setTimestamp(7, now);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                job = keys.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO grant_job_user (job_id, user_id, seq_no, status, updated_at) VALUES (?, ?, ?, 'PENDING', ?)")) {
            for (int i = 0; i < users.size(); i++) {
                p.setLong(1, job);
                p.setString(2, users.get(i));
                p.setInt(3, i);
                p.setTimestamp(4, now);
                p.addBatch();
            }
            p.executeBatch();
        }
        return job;
    }

    /** Waits until the job's lease has an owner other than {@code not}. */
    static String awaitOwner(String dbUrl, String password, long job, String not, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (Connection c = DriverManager.getConnection(dbUrl, "tenantlink_once", password);
                PreparedStatement q = c.prepareStatement("SELECT owner FROM work_lease WHERE name = ?")) {
            q.setString(1, "grant-job:" + job);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && !rs.getString(1).equals(not)) {
                        return rs.getString(1);
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no instance took the job's lease within " + seconds + " s");
    }

    /** [users with a result, users failed] as the job's rows count them. */
    static int[] counts(String dbUrl, String password, long job) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, "tenantlink_once", password);
                PreparedStatement q = c.prepareStatement(
                        "SELECT SUM(status <> 'PENDING'), SUM(status = 'FAILED') FROM grant_job_user WHERE job_id = ?")) {
            q.setLong(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        }
    }

    static String status(String dbUrl, String password, long job) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, "tenantlink_once", password);
                PreparedStatement q = c.prepareStatement("SELECT status FROM grant_job WHERE id = ?")) {
            q.setLong(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The feature app's Principal grants and default-role assignments per user in Contoso, as Graph lists them. */
    @SuppressWarnings("unchecked")
    static Map<String, Integer>[] state(GraphSandboxClient graph) throws Exception {
        String token =
                graph.delegatedToken(CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN, GrantJobFaultsIT.TOKEN_SCOPES);
        String app = GrantJobFaultsIT.CATALOG.feature(FEATURE).orElseThrow().exampleClientId();
        HttpResponse<String> sp = graph.graph(
                "GET", "/servicePrincipals?$filter=" + GrantJobFaultsIT.enc("appId eq '" + app + "'"), token, null);
        assertEquals(200, sp.statusCode(), sp.body());
        String spId = (String) ((Map<String, Object>)
                        ((List<Object>) JSONObjectUtils.parse(sp.body()).get("value")).get(0))
                .get("id");
        Map<String, Integer> grants = new HashMap<>();
        for (Map<String, Object> g : all(
                graph,
                token,
                "/oauth2PermissionGrants?$filter="
                        + GrantJobFaultsIT.enc("clientId eq '" + spId + "' and consentType eq 'Principal'")
                        + "&$top=999")) {
            grants.merge(String.valueOf(g.get("principalId")).toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        Map<String, Integer> roles = new HashMap<>();
        for (Map<String, Object> a : all(graph, token, "/servicePrincipals/" + spId + "/appRoleAssignedTo?$top=999")) {
            if (GrantPlanner.DEFAULT_APP_ROLE.equals(a.get("appRoleId"))) {
                roles.merge(String.valueOf(a.get("principalId")).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return new Map[] {grants, roles};
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> all(GraphSandboxClient graph, String token, String url) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        String next = url;
        while (next != null) {
            HttpResponse<String> r = graph.graph("GET", next, token, null);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = JSONObjectUtils.parse(r.body());
            ((List<Object>) body.get("value")).forEach(v -> out.add((Map<String, Object>) v));
            next = (String) body.get("@odata.nextLink");
        }
        return out;
    }
}
