package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's performance benchmark (docs/benchmarks.md): the portal of its own (PortalProcess: the production artifact,
 * sandbox mode with Microsoft's hosts leading nowhere) on a MariaDB database of its own ({@code tenantlink_bench16}),
 * filled by this class with 1,000 sites, 5,000 tenant connections (each with its features' last consent checks) and
 * 1,000,000 audit records whose hash chain is valid (made by {@link AuditRecord}, as the portal makes them, and
 * appended after the chain head under its lock). Then, with wrk (50 connections, signed-in sessions sent as cookies
 * by a Lua script), each page's latency against a static asset's from the same portal in the same run; the CSV
 * export of every record with the portal's resident memory and heap sampled before, during and after; and the
 * verification of the whole chain. Prints the figures side by side and writes them to
 * target/benchmark-grant-history.txt.
 *
 * <p>Runs only in its own execution of the {@code benchmark} profile (system property
 * {@code tenantlink.benchmark.grant-history}); the other executions skip it. Sizes: {@code bench16.sites},
 * {@code bench16.connections}, {@code bench16.records}; {@code bench16.reuse=true} keeps a database that already holds
 * the generated data (and the operator's password from the last run), {@code bench16.duration} wrk's seconds per page.
 */
class GrantHistoryBenchmark {

    private static final int SITES = Integer.getInteger("bench16.sites", 1_000);
    private static final int CONNECTIONS = Integer.getInteger("bench16.connections", 5_000);
    private static final int RECORDS = Integer.getInteger("bench16.records", 1_000_000);
    private static final int SESSIONS = Integer.getInteger("bench16.sessions", 50);
    private static final int SECONDS = Integer.getInteger("bench16.duration", 15);
    private static final boolean REUSE = Boolean.getBoolean("bench16.reuse");
    private static final String DATABASE = System.getProperty("bench16.database", "tenantlink_bench16");
    private static final String DB_USER = "tenantlink_bench16";
    private static final String DB_PASSWORD = "bench16-" + "not-a-secret";
    private static final String[] FEATURES = {
        "email", "meetings", "calendar", "todo", "teams", "teams-portal", "teams-portal-notifications"
    };
    private static final Path WORK = Path.of("target", "benchmark-grant-history");

    private final StringBuilder report = new StringBuilder();

    @Test
    void grantHistoryWithAMillionRecords() throws Exception {
        assumeTrue(
                Boolean.getBoolean("tenantlink.benchmark.grant-history"),
                "runs in the benchmark profile's grant-history execution only");
        Files.createDirectories(WORK);
        String server = System.getProperty("tenantlink.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        String url = server + DATABASE;
        Path passwordFile = WORK.resolve("operator-password");
        boolean reuse = REUSE && Files.exists(passwordFile) && generated(url);
        String operatorPassword;
        String bootstrap = "Bench16-First-" + java.util.UUID.randomUUID();
        if (reuse) {
            operatorPassword = Files.readString(passwordFile).strip();
            line("database %s reused (bench16.reuse=true)", DATABASE);
        } else {
            freshDatabase(server);
            operatorPassword = "Bench16-Operator-" + java.util.UUID.randomUUID();
        }
        line("machine: %s", uptime());
        int port = PortalProcess.freePort();
        List<String> settings = new ArrayList<>(List.of(
                // The heap production starts with (TENANTLINK_JAVA_OPTS' default, deploy/), not the tests' smaller one.
                "-Xmx512m",
                "-Dtenantlink.microsoft=sandbox",
                "-Dtenantlink.microsoft.routes=login.microsoftonline.com=http://127.0.0.1:9/login,"
                        + "graph.microsoft.com=http://127.0.0.1:9/graph",
                "-Dtenantlink.microsoft.client-id=7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f",
                "-Dtenantlink.microsoft.client-secret=not-a-secret",
                "-Dtenantlink.public-url=http://127.0.0.1:" + port + "/",
                "-Dtenantlink.password.pbkdf2-iterations=1024",
                "-Dtenantlink.bootstrap.password=" + bootstrap,
                "-Dtenantlink.db.url=" + url,
                "-Dtenantlink.db.user=" + DB_USER,
                "-Dtenantlink.db.password=" + DB_PASSWORD));
        String extra = System.getProperty("bench16.portal-java-options", "");
        if (!extra.isBlank()) {
            settings.addAll(List.of(extra.strip().split("\\s+")));
        }
        try (PortalProcess portal = PortalProcess.start("bench16", port, settings)) {
            assertEquals(200, portal.awaitReady(10), () -> "ready; " + portal.diagnosis());
            if (!reuse) {
                long start = System.nanoTime();
                generate(url);
                line(
                        "generated %,d sites, %,d connections, %,d audit records in %.1f s",
                        SITES, CONNECTIONS, RECORDS, seconds(System.nanoTime() - start));
                firstSignIn(portal, bootstrap, operatorPassword);
                Files.writeString(passwordFile, operatorPassword);
            }
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(signIn(portal, operatorPassword));
            }
            Files.write(WORK.resolve("cookies.txt"), sessions);
            Sample sample = sample(url);
            pages(portal, sample);
            export(portal, sessions.get(0));
            verification(portal, sessions.get(0), sample);
        } finally {
            line("machine after: %s", uptime());
            Files.writeString(Path.of("target", "benchmark-grant-history.txt"), report.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The data

    private static boolean generated(String url) {
        try (Connection c = DriverManager.getConnection(url, DB_USER, DB_PASSWORD);
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT (SELECT COUNT(*) FROM site), (SELECT COUNT(*) FROM tenant_connection),"
                                + " (SELECT last_seq FROM audit_chain_head WHERE id = 1)")) {
            return r.next() && r.getLong(1) >= SITES && r.getLong(2) >= CONNECTIONS && r.getLong(3) >= RECORDS;
        } catch (SQLException absent) {
            return false;
        }
    }

    private static void freshDatabase(String server) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        server,
                        System.getProperty("tenantlink.test.mariadb.user", "root"),
                        System.getProperty("tenantlink.test.mariadb.password", ""));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
            s.execute("CREATE DATABASE `" + DATABASE + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            for (String host : List.of("127.0.0.1", "localhost")) {
                s.execute("CREATE USER IF NOT EXISTS '" + DB_USER + "'@'" + host + "' IDENTIFIED BY '" + DB_PASSWORD
                        + "'");
                s.execute("GRANT ALL PRIVILEGES ON `" + DATABASE + "`.* TO '" + DB_USER + "'@'" + host + "'");
            }
        }
    }

    private record Tenant(long connectionId, long siteId, String tenantId) {}

    /** Sites, connections with their consent checks, then the audit records appended to the chain in batches. */
    private void generate(String url) throws SQLException {
        Random random = new Random(16);
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(url, DB_USER, DB_PASSWORD)) {
            c.setAutoCommit(false);
            List<Object[]> sites = new ArrayList<>();
            for (int i = 1; i <= SITES; i++) {
                sites.add(new Object[] {
                    String.format(Locale.ROOT, "Bench site %04d", i),
                    ts(now.minus(Duration.ofDays(800))),
                    "portal:admin",
                    0L,
                    i % 3 == 0 ? "FREE" : "STANDARD"
                });
            }
            insert(c, "site", "name, created_at, created_by, version, site_plan", sites);
            c.commit();
            List<Long> siteIds = ids(c, "SELECT id FROM site ORDER BY id");
            List<Object[]> connections = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                long site = siteIds.get(i % siteIds.size());
                String status = i % 10 == 7 ? "PERMISSION_REQUIRED" : i % 25 == 3 ? "NEEDS_SIGN_IN" : "ACTIVE";
                Instant at = now.minus(Duration.ofDays(700 - i % 600));
                connections.add(new Object[] {
                    site,
                    tenantId(i),
                    String.format(Locale.ROOT, "Tenant %05d Ltd", i),
                    String.format(Locale.ROOT, "tenant%05d.onmicrosoft.com", i),
                    status,
                    "portal:admin",
                    uuid(i, 0x5151),
                    true,
                    status.equals("ACTIVE") ? "Grace Admin" : null,
                    ts(at),
                    ts(at),
                    status.equals("ACTIVE") ? ts(at) : null,
                    0L
                });
            }
            insert(
                    c,
                    "tenant_connection",
                    "site_id, tenant_id, tenant_name, verified_domain, status, connected_by, signer_object_id,"
                            + " signer_can_consent, permission_granted_by, created_at, signed_in_at, activated_at,"
                            + " version",
                    connections);
            c.commit();
            List<Tenant> tenants = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT id, site_id, tenant_id FROM tenant_connection ORDER BY id")) {
                while (r.next()) {
                    tenants.add(new Tenant(r.getLong(1), r.getLong(2), r.getString(3)));
                }
            }
            List<Object[]> checks = new ArrayList<>();
            for (Tenant t : tenants) {
                for (int f = 0; f < FEATURES.length; f++) {
                    int kind = random.nextInt(10);
                    String outcome = kind < 7 ? "OK" : kind < 9 ? "MISSING" : "NOT_INSTALLED";
                    boolean installed = !outcome.equals("NOT_INSTALLED");
                    checks.add(new Object[] {
                        t.connectionId(),
                        FEATURES[f],
                        installed ? uuid(f, 0xfea7) : null,
                        outcome,
                        installed ? "Chat.Read User.Read" : "",
                        outcome.equals("MISSING") ? "Calendars.ReadWrite" : "",
                        "",
                        "",
                        "",
                        kind == 6 ? "Sites.Read.All" : "",
                        ts(now.minus(Duration.ofHours(random.nextInt(200)))),
                        "consent doctor",
                        0L
                    });
                }
            }
            insert(
                    c,
                    "consent_check",
                    "connection_id, feature_key, client_id, outcome, delegated_matching, delegated_missing,"
                            + " delegated_extra, application_matching, application_missing, application_extra,"
                            + " checked_at, checked_by, version",
                    checks);
            c.commit();
            appendRecords(c, tenants, random, now);
        }
    }

    /**
     * RECORDS audit records, oldest first over the last two years, appended in transactions of 10,000 after the
     * chain head (locked FOR UPDATE, as the portal's writers lock it), which then names the last one.
     */
    private static void appendRecords(Connection c, List<Tenant> tenants, Random random, Instant now)
            throws SQLException {
        AuditAction[] tenantEvents = {
            AuditAction.CONSENT_CHECKED, AuditAction.CONSENT_CHECKED, AuditAction.CONSENT_CHECKED,
            AuditAction.GRANT_CREATED, AuditAction.GRANT_CREATED, AuditAction.GRANT_UPDATED,
            AuditAction.GRANT_JOB_STARTED, AuditAction.GRANT_JOB_FINISHED, AuditAction.CONSENT_GIVEN,
            AuditAction.CONSENT_CONFIRMED, AuditAction.APPROVAL_LINK_CREATED, AuditAction.APPROVAL_LINK_APPROVED,
            AuditAction.CONSENT_DRIFT, AuditAction.FEATURE_CONSENT_VERIFIED, AuditAction.TENANT_SIGNED_IN,
            AuditAction.CONNECTION_NEEDS_ATTENTION
        };
        String[] people = {"portal:admin", "portal:grace", "portal:sam.siteadmin", "portal:alex", "consent doctor"};
        long span = Duration.ofDays(730).toMillis();
        Instant first = now.minus(Duration.ofDays(731));
        int chunk = 10_000;
        for (int done = 0; done < RECORDS; done += chunk) {
            int n = Math.min(chunk, RECORDS - done);
            long seq;
            String hash;
            try (Statement s = c.createStatement();
                    ResultSet head = s.executeQuery(
                            "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
                head.next();
                seq = head.getLong(1);
                hash = head.getString(2);
            }
            List<Object[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = done + i;
                Instant at = first.plusMillis(span / RECORDS * k + random.nextInt(1000));
                AuditEntry entry;
                if (k % 50 == 0) {
                    entry = new AuditEntry(
                            at,
                            people[random.nextInt(4)],
                            AuditAction.LOGIN_SUCCEEDED,
                            AuditOutcome.SUCCESS,
                            null,
                            null,
                            "sign-in",
                            null);
                } else {
                    Tenant t = tenants.get(random.nextInt(tenants.size()));
                    AuditAction action = tenantEvents[random.nextInt(tenantEvents.length)];
                    String feature = FEATURES[random.nextInt(FEATURES.length)];
                    boolean failed = random.nextInt(40) == 0;
                    String detail = switch (action) {
                        case CONSENT_CHECKED -> feature + " OK, chatops OK, email MISSING";
                        case GRANT_CREATED, GRANT_UPDATED ->
                            "feature " + feature + ": Chat.Read for user " + uuid(random.nextInt(100_000), 0x0005);
                        case CONSENT_DRIFT -> "feature " + feature + ": Calendars.ReadWrite no longer granted";
                        default -> "feature " + feature + " (job " + random.nextInt(10_000) + ")";
                    };
                    entry = new AuditEntry(
                            at,
                            people[random.nextInt(people.length)],
                            action,
                            failed ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
                            t.siteId(),
                            t.tenantId(),
                            "connection " + t.connectionId(),
                            detail);
                }
                AuditRecord record = new AuditRecord(++seq, entry, hash);
                hash = record.getHash();
                rows.add(new Object[] {
                    record.getSeq(),
                    ts(record.getOccurredAt()),
                    record.getActor(),
                    record.getAction().name(),
                    record.getOutcome().name(),
                    record.getSiteId(),
                    record.getTenantId(),
                    record.getSubject(),
                    record.getDetail(),
                    record.getPrevHash(),
                    record.getHash()
                });
            }
            insert(
                    c,
                    "audit_record",
                    "seq, occurred_at, actor, action, outcome, site_id, tenant_id, subject, detail, prev_hash, hash",
                    rows);
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
                update.setLong(1, seq);
                update.setString(2, hash);
                update.executeUpdate();
            }
            c.commit();
        }
    }

    /** Multi-row INSERTs of 500 rows each. */
    private static void insert(Connection c, String table, String columns, List<Object[]> rows) throws SQLException {
        int width = columns.split(",").length;
        String row = "(" + "?,".repeat(width - 1) + "?)";
        int batch = 500;
        for (int from = 0; from < rows.size(); from += batch) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + batch));
            String sql = "INSERT INTO " + table + " (" + columns + ") VALUES "
                    + String.join(",", java.util.Collections.nCopies(part.size(), row));
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                int p = 1;
                for (Object[] values : part) {
                    for (Object value : values) {
                        insert.setObject(p++, value);
                    }
                }
                insert.executeUpdate();
            }
        }
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        return ids;
    }

    private static String tenantId(int i) {
        return uuid(i, 0x7e4a);
    }

    private static String uuid(int i, int kind) {
        return String.format(Locale.ROOT, "%08x-%04x-4000-8000-%012x", i * 2654435761L & 0xffffffffL, kind, i);
    }

    /** As the portal stores instants (UtcInstantConverter): UTC wall-clock values. */
    private static LocalDateTime ts(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Signing in

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** The first start's operator changes the bootstrap password, as the portal asks at the first sign-in. */
    private static void firstSignIn(PortalProcess portal, String bootstrap, String password) throws Exception {
        String session = signIn(portal, bootstrap);
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> form = http.send(
                portal.request("/account/password").header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        assertTrue(csrf.find(), "the password form: " + form.body());
        HttpResponse<String> changed = http.send(
                portal.request("/account/password")
                        .header("Cookie", session)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf.group(1)) + "&currentPassword="
                                + enc(bootstrap) + "&newPassword=" + enc(password) + "&confirmPassword="
                                + enc(password)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, changed.statusCode(), "password changed: " + changed.body());
    }

    /** A signed-in session of the operator (who reads every site's records and those of none): its cookies. */
    private static String signIn(PortalProcess portal, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> login = http.send(portal.request("/login").build(), HttpResponse.BodyHandlers.ofString());
        String cookie = PortalProcess.cookies(login);
        Matcher csrf = CSRF.matcher(login.body());
        assertTrue(csrf.find(), "a CSRF field on the sign-in form");
        HttpResponse<String> signedIn = http.send(
                portal.request("/login")
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + enc(csrf.group(1)) + "&username=admin&password=" + enc(password)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, signedIn.statusCode(), "signed in: " + signedIn.body());
        String after = PortalProcess.cookies(signedIn);
        return after.isEmpty() ? cookie : after;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pages under load

    /** What the pages are asked about: sites, connections and records picked from the data (fixed seed). */
    private record Sample(List<Long> sites, List<long[]> connections, long lastSeq, List<Long> seqs) {}

    private static Sample sample(String url) throws SQLException {
        Random random = new Random(1616);
        try (Connection c = DriverManager.getConnection(url, DB_USER, DB_PASSWORD)) {
            List<Long> sites = ids(c, "SELECT id FROM site ORDER BY id");
            List<long[]> connections = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT site_id, id FROM tenant_connection ORDER BY id")) {
                while (r.next()) {
                    connections.add(new long[] {r.getLong(1), r.getLong(2)});
                }
            }
            long last = ids(c, "SELECT last_seq FROM audit_chain_head").get(0);
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                seqs.add(1 + (long) (random.nextDouble() * last));
            }
            List<Long> pickedSites = new ArrayList<>();
            List<long[]> pickedConnections = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pickedSites.add(sites.get(random.nextInt(sites.size())));
                pickedConnections.add(connections.get(random.nextInt(connections.size())));
            }
            return new Sample(pickedSites, pickedConnections, last, seqs);
        }
    }

    private record Load(
            String page,
            long requests,
            long non2xx,
            long socketErrors,
            double rps,
            double p50,
            double p90,
            double p99,
            double max,
            long bytes,
            double portalCpuMs,
            double databaseCpuMs) {

        /** CPU per request of the portal (without its JIT compilers) and of MariaDB together, in ms. */
        double cpuMs() {
            return portalCpuMs + databaseCpuMs;
        }
    }

    private void pages(PortalProcess portal, Sample sample) throws Exception {
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("static asset /assets/css/portal.css", List.of("/assets/css/portal.css"));
        pages.put("sites list /sites", List.of("/sites"));
        pages.put(
                "tenants list /sites/{s}/chat-tools",
                sample.sites().stream().map(s -> "/sites/" + s + "/chat-tools").toList());
        pages.put(
                "consent status …/teams/{c}/consent",
                sample.connections().stream()
                        .map(c -> "/sites/" + c[0] + "/chat-tools/teams/" + c[1] + "/consent")
                        .toList());
        pages.put("grant history, first page /audit", List.of("/audit"));
        pages.put(
                "grant history, filtered (site and event)",
                sample.sites().stream()
                        .map(s -> "/audit?site=" + s + "&action=GRANT_CREATED")
                        .toList());
        pages.put(
                "grant history, deep page (keyset)",
                sample.seqs().stream()
                        .map(seq -> "/audit?before=" + Math.max(2, seq / 100))
                        .toList());
        pages.put(
                "grant history, record page /audit/{seq}",
                sample.seqs().stream().map(seq -> "/audit/" + seq).toList());
        Path script = WORK.resolve("sessions.lua");
        Files.writeString(script, LUA);
        List<Load> results = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String cookie = Files.readAllLines(WORK.resolve("cookies.txt")).get(0);
        line("");
        line("each page alone first (one request, its status and time):");
        for (Map.Entry<String, List<String>> page : pages.entrySet()) {
            String path = page.getValue().get(0);
            long start = System.nanoTime();
            HttpResponse<String> alone = http.send(
                    portal.request(path).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            line("  %-44s %d %7.0f ms  %s", page.getKey(), alone.statusCode(), (System.nanoTime() - start) / 1e6, path);
            assertEquals(200, alone.statusCode(), path + ": " + alone.body());
        }
        // The whole portal warmed up first, not measured: on 2 cores the JIT compiler went on compiling for minutes
        // after the first requests (its C2 thread took 22 s of CPU during 45 s of pages that had had 5 s of warm-up
        // each), and that CPU landed on whichever page was measured then. A portal that has run for a while has
        // compiled its pages; the compilers' CPU during the measured runs is printed below.
        int rounds = Integer.getInteger("bench16.warmup-rounds", 2);
        List<Path> pathFiles = new ArrayList<>();
        for (Map.Entry<String, List<String>> page : pages.entrySet()) {
            Path paths = WORK.resolve("paths-" + pathFiles.size() + ".txt");
            Files.write(paths, page.getValue());
            pathFiles.add(paths);
        }
        for (int round = 0; round < rounds; round++) {
            int i = 0;
            for (String page : pages.keySet()) {
                wrk(portal, script, pathFiles.get(i++), page, 10, 10);
            }
            quiet(portal);
        }
        double compilingBefore = compilerSeconds(portal);
        for (Map.Entry<String, List<String>> page : pages.entrySet()) {
            Path paths = pathFiles.get(results.size());
            // Not measured: a few seconds to compile what the page runs, as a running portal has.
            wrk(portal, script, paths, page.getKey(), 5, 10);
            quiet(portal);
            results.add(wrk(portal, script, paths, page.getKey(), SECONDS, 50));
            quiet(portal);
        }
        Path paths = WORK.resolve("paths-0.txt");
        results.add(wrk(portal, script, paths, "static asset again, last", SECONDS, 50));
        Load asset = results.get(0);
        line("");
        line(
                "warm-up: %d rounds of 10 s a page at 10 connections; the JIT compilers' CPU during the measured runs:"
                        + " %.1f s",
                rounds, compilerSeconds(portal) - compilingBefore);
        line(
                "50 connections (wrk -t2 -c50 -d%ds), %d signed-in sessions of the operator, one page at a time:",
                SECONDS, SESSIONS);
        line(
                "(CPU ms: the portal JVM's CPU per request, its JIT compilers' left out; DB ms: the MariaDB server's on this"
                        + " machine; CPU/asset: both together, over the static asset's)");
        line(
                "%-44s %9s %8s %8s %8s %8s %10s %9s %9s %9s %7s %s",
                "page",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms",
                "KiB/resp",
                "CPU ms",
                "DB ms",
                "CPU/asset",
                "p99/asset",
                "target ≤ 3×");
        for (Load l : results) {
            double ratio = l.p99() / asset.p99();
            line(
                    "%-44s %9.1f %8.1f %8.1f %8.1f %8.1f %10.1f %9.2f %9.2f %8.2f× %7.2f× %s%s",
                    l.page(),
                    l.rps(),
                    l.p50(),
                    l.p90(),
                    l.p99(),
                    l.max(),
                    l.requests() == 0 ? 0.0 : l.bytes() / 1024.0 / l.requests(),
                    l.portalCpuMs(),
                    l.databaseCpuMs(),
                    l.cpuMs() / asset.cpuMs(),
                    ratio,
                    l.page().startsWith("static")
                            ? ""
                            : l.requests() == 0 || l.non2xx() > 0 ? "NOT JUDGED" : ratio <= 3 ? "met" : "NOT MET",
                    l.non2xx() + l.socketErrors() > 0
                            ? "  (" + l.non2xx() + " non-2xx, " + l.socketErrors() + " socket errors)"
                            : "");
        }
    }

    private static final String LUA = """
            -- One signed-in session per request, in turn (the cookies file, one Cookie header a line),
            -- and the paths file's pages in turn; every thread starts elsewhere in both lists.
            local cookies, paths = {}, {}
            local threads = 0
            function setup(thread)
              thread:set("offset", threads * 7)
              threads = threads + 1
            end
            function init(args)
              for l in io.lines(args[1]) do cookies[#cookies + 1] = l end
              for l in io.lines(args[2]) do paths[#paths + 1] = l end
              n = offset or 0
            end
            function request()
              n = n + 1
              return wrk.format("GET", paths[(n % #paths) + 1],
                {["Cookie"] = cookies[(n % #cookies) + 1], ["X-Forwarded-Proto"] = "https"})
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d\\n",
                summary.requests, summary.duration, summary.bytes, e.status, e.connect + e.read + e.write + e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, 0))
            end
            """;

    /** CPU seconds of the portal JVM's JIT compiler threads so far (Linux: /proc/PID/task/TID/stat). */
    private static double compilerSeconds(PortalProcess portal) {
        double ticks = 0;
        try (var tasks =
                Files.list(Path.of("/proc", String.valueOf(portal.process().pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException ended) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException notLinux) {
            return Double.NaN;
        }
        return ticks / 100.0; // USER_HZ
    }

    private Load wrk(PortalProcess portal, Path script, Path paths, String page, int seconds, int connections)
            throws Exception {
        long pid = portal.process().pid();
        double portalCpuBefore = cpuSeconds(pid) - compilerSeconds(portal);
        double databaseCpuBefore = databaseCpuSeconds();
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t2",
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--timeout",
                        "60s",
                        "-s",
                        script.toAbsolutePath().toString(),
                        "http://127.0.0.1:" + portal.port(),
                        "--",
                        WORK.resolve("cookies.txt").toAbsolutePath().toString(),
                        paths.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(wrk.waitFor(seconds + 120, TimeUnit.SECONDS), "wrk ended");
        Matcher m = Pattern.compile("RESULT (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)")
                .matcher(out);
        assertTrue(m.find(), "wrk's figures: " + out);
        long requests = Long.parseLong(m.group(1));
        double duration = Long.parseLong(m.group(2)) / 1e6;
        double portalCpu = cpuSeconds(pid) - compilerSeconds(portal) - portalCpuBefore;
        double databaseCpu = databaseCpuSeconds() - databaseCpuBefore;
        return new Load(
                page,
                requests,
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                requests / duration,
                Long.parseLong(m.group(6)) / 1000.0,
                Long.parseLong(m.group(7)) / 1000.0,
                Long.parseLong(m.group(8)) / 1000.0,
                Long.parseLong(m.group(9)) / 1000.0,
                Long.parseLong(m.group(3)),
                requests == 0 ? Double.NaN : portalCpu * 1000 / requests,
                requests == 0 ? Double.NaN : databaseCpu * 1000 / requests);
    }

    /** The MariaDB server on this machine ({@code mariadbd}), found once; -1 when there is none here. */
    private final long databasePid = databasePid();

    /** CPU seconds of the MariaDB server on this machine so far; NaN when there is none here (e.g. another host). */
    private double databaseCpuSeconds() throws IOException {
        return databasePid < 0 ? Double.NaN : cpuSeconds(databasePid);
    }

    private static long databasePid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld"))
                        .orElse(false))
                .findFirst()
                .map(ProcessHandle::pid)
                .orElse(-1L);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Export and verification

    private void export(PortalProcess portal, String session) throws Exception {
        long pid = portal.process().pid();
        gc(pid);
        Memory before = memory(pid);
        AtomicBoolean exporting = new AtomicBoolean(true);
        AtomicLong peakRss = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        List<Long> heapSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread sampler = new Thread(() -> {
            while (exporting.get()) {
                try {
                    Memory m = memory(pid);
                    peakRss.accumulateAndGet(m.rssKiB(), Math::max);
                    peakHeap.accumulateAndGet(m.heapKiB(), Math::max);
                    heapSamples.add(m.heapKiB());
                    Thread.sleep(500);
                } catch (Exception stop) {
                    return;
                }
            }
        });
        quiet(portal);
        double cpuBefore = cpuSeconds(pid);
        long start = System.nanoTime();
        long firstByte = 0;
        long bytes = 0;
        long lines = 0;
        Memory during = null;
        sampler.start();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        portal.request("/audit/export.csv")
                                .header("Cookie", session)
                                .timeout(Duration.ofMinutes(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode(), "the export");
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (firstByte == 0 && read > 0) {
                    firstByte = System.nanoTime() - start;
                }
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                bytes += read;
                if (during == null && bytes > 100L * 1024 * 1024) {
                    during = memory(pid);
                }
            }
        }
        long took = System.nanoTime() - start;
        double cpu = cpuSeconds(pid) - cpuBefore;
        exporting.set(false);
        sampler.join();
        Memory after = memory(pid);
        gc(pid);
        Memory afterGc = memory(pid);
        long records = lines - 1;
        line("");
        line(
                "CSV export of every record: %,d rows, %.1f MiB in %.1f s (first byte after %.2f s, %.0f rows/s;"
                        + " %.1f s of the portal JVM's CPU)",
                records, bytes / 1024.0 / 1024.0, seconds(took), seconds(firstByte), records / seconds(took), cpu);
        line("%-34s %12s %12s", "portal JVM", "resident MiB", "heap MiB");
        line("%-34s %12.0f %12.0f", "before (after a full GC)", before.rssKiB() / 1024.0, before.heapKiB() / 1024.0);
        if (during != null) {
            line(
                    "%-34s %12.0f %12.0f",
                    "during (after 100 MiB sent)", during.rssKiB() / 1024.0, during.heapKiB() / 1024.0);
        }
        line(
                "%-34s %12.0f %12.0f",
                "peak during (samples every 0.5 s)", peakRss.get() / 1024.0, peakHeap.get() / 1024.0);
        line("%-34s %12.0f %12.0f", "after", after.rssKiB() / 1024.0, after.heapKiB() / 1024.0);
        line("%-34s %12.0f %12.0f", "after a full GC", afterGc.rssKiB() / 1024.0, afterGc.heapKiB() / 1024.0);
        line("(heap used is sampled with jstat; the JVM's maximum heap is %s)", maxHeap(pid));
        assertTrue(records >= RECORDS, "every record exported: " + records);
    }

    private void verification(PortalProcess portal, String session, Sample sample) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long pid = portal.process().pid();
        quiet(portal);
        double cpuBefore = cpuSeconds(pid);
        long start = System.nanoTime();
        HttpResponse<String> whole = http.send(
                portal.request("/audit/verify")
                        .header("Cookie", session)
                        .timeout(Duration.ofMinutes(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double took = seconds(System.nanoTime() - start);
        double cpu = cpuSeconds(pid) - cpuBefore;
        assertEquals(200, whole.statusCode());
        boolean intact = whole.body().contains("The chain is intact");
        long site = sample.sites().get(0);
        start = System.nanoTime();
        HttpResponse<String> ofSite = http.send(
                portal.request("/audit/verify?site=" + site)
                        .header("Cookie", session)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double siteTook = seconds(System.nanoTime() - start);
        Matcher checked = Pattern.compile("intact: ([0-9]+) records checked").matcher(ofSite.body());
        line("");
        line("%-44s %10s %10s %s", "verification", "seconds", "target", "result");
        line(
                "%-44s %10.1f %10s %s",
                String.format(Locale.ROOT, "whole chain, %,d records", sample.lastSeq()),
                took,
                "≤ 10 s",
                (intact ? "intact" : "NOT INTACT")
                        + (took <= 10 ? ", met" : ", NOT MET")
                        + String.format(Locale.ROOT, " (%.1f s of the portal JVM's CPU)", cpu));
        line(
                "%-44s %10.1f %10s %s",
                "one site's records (site " + site + ")",
                siteTook,
                "",
                checked.find() ? checked.group(1) + " records, intact" : "see the page");
        assertTrue(intact, "the generated chain verifies: " + whole.body());
    }

    /**
     * Waits (at most 5 minutes) until the portal has finished what wrk left behind: requests wrk stopped waiting for
     * at the end of its run are still served, and would otherwise be measured as the next page's load. Quiet: less
     * than 0.15 s of the portal JVM's CPU in a second (on a busy machine a portal starved of CPU looks quiet too), and
     * the static asset, signed in (the session's account is read from the database), answered within 0.5 s twice in a
     * row (requests queued for the database's connections hold it up).
     */
    private static void quiet(PortalProcess portal) throws Exception {
        long pid = portal.process().pid();
        String cookie = Files.readAllLines(WORK.resolve("cookies.txt")).get(0);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        double before = cpuSeconds(pid);
        int fast = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            double now = cpuSeconds(pid);
            long start = System.nanoTime();
            http.send(
                    portal.request("/assets/css/portal.css")
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean answered = System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500);
            fast = answered && now - before < 0.15 ? fast + 1 : 0;
            if (fast == 2) {
                return;
            }
            before = cpuSeconds(pid);
        }
    }

    /** User and system CPU of the process so far (all its threads), from /proc/PID/stat, at 100 ticks a second. */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private record Memory(long rssKiB, long heapKiB) {}

    private static Memory memory(long pid) throws IOException, InterruptedException {
        long rss = 0;
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        // jstat -gc: S0C S1C S0U S1U EC EU OC OU ...; heap used = S0U + S1U + EU + OU (KiB)
        String[] lines = tool("jstat", "-gc", Long.toString(pid)).strip().split("\n");
        String[] names = lines[0].strip().split("\\s+");
        String[] values = lines[lines.length - 1].strip().split("\\s+");
        double used = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return new Memory(rss, (long) used);
    }

    private static String maxHeap(long pid) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)")
                .matcher(tool("jcmd", Long.toString(pid), "VM.flags", "-all"));
        return m.find() ? Long.parseLong(m.group(1)) / 1024 / 1024 + " MiB" : "unknown";
    }

    private static void gc(long pid) throws IOException, InterruptedException {
        tool("jcmd", Long.toString(pid), "GC.run");
    }

    private static String tool(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", name).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip() + " (load averages 1, 5, 15 min; 2 cores)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }
}
