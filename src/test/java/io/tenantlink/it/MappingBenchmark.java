package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13's mapping benchmark (`mvn -B -o verify -Pbenchmark`, not part of the suite), against the Graph stand-in at
 * 20 ms per request: the portal's sync beside the naive way (one {@code /users?$filter=mail eq '…'} per person) for
 * 10,000 people and users; the full sync alone for 100,000 × 100,000 (target at most 30 s) with the portal JVM's heap
 * watched through JMX (the largest live heap during the sync, sampled with two full collections after 1, 2, 4 and then every 8
 * seconds: what the sync keeps alive; target at most 1.2 × the 10,000 run's); then a delta of 100 changed users (target at most 3 requests).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MappingBenchmark {

    static final int LATENCY_MILLIS = 20;
    static final String DOMAIN = "contoso.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void mappingTenThousandThenAHundredThousand() throws Exception {
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                HeapWatch heap = HeapWatch.ofPortal(base.getPort())) {
            sandbox.faults("DELETE", null, true);
            sandbox.adminConsent(IncidentChatIT.CONTOSO, GraphSandboxClient.CHATOPS, IncidentChatIT.MEGAN_UPN);
            Portal portal = new Portal(base);
            String run = "b" + Integer.toHexString((int) (System.nanoTime() & 0xFFFFF));
            String prefix = run + "u";
            generate(sandbox, prefix, 1, 10_000, "");
            line(
                    "%nMapping people to Microsoft users (stand-in latency %d ms per Graph request; users %s1..@%s)",
                    LATENCY_MILLIS, prefix, DOMAIN);

            // 10,000 people: the naive way, then the portal's sync.
            Site small = site(portal, "Mapping 10k " + run, prefix, 10_000);
            sandbox.faults("POST", "{\"latencyMillis\": " + LATENCY_MILLIS + "}", true);
            String token = sandbox.appToken(IncidentChatIT.CONTOSO, GraphSandboxClient.CHATOPS);
            long naiveStart = System.nanoTime();
            int found = 0;
            // -Dmapping.benchmark.naive=false leaves the naive way out (about four minutes) while tuning the sync.
            int naivePeople = Boolean.parseBoolean(System.getProperty("mapping.benchmark.naive", "true")) ? 10_000 : 0;
            for (int n = 1; n <= naivePeople; n++) {
                String filter = "mail eq '" + prefix + n + "@" + DOMAIN + "'";
                HttpResponse<String> answer = sandbox.graph(
                        "GET",
                        "/users?$select=id,mail&$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8),
                        token,
                        null);
                if (answer.statusCode() == 200 && answer.body().contains("\"id\"")) {
                    found++;
                }
            }
            double naive = (System.nanoTime() - naiveStart) / 1e9;
            Sync first = sync(sandbox, heap, small);
            String naiveFigures = naivePeople == 0
                    ? "naive not run (-Dmapping.benchmark.naive=false)"
                    : String.format(
                            "naive %.1f s, %d requests (%d found); sync %.0fx faster with 1/%.0f of the requests",
                            naive, naivePeople, found, naive / first.seconds, (double) naivePeople / first.requests);
            line(
                    "    10,000 people and users: sync %.1f s, %d requests; %s; heap kept alive during the sync %d MiB"
                            + " (after any collection: %d MiB; the forced collections stopped the portal %.1f s)",
                    first.seconds, first.requests, naiveFigures, first.heapMiB, first.anyGcMiB, first.forcedGcSeconds);
            assertEquals(naivePeople, found);

            // 100,000 people and users: a full sync of a second site's connection.
            sandbox.faults("DELETE", null, true);
            generate(sandbox, prefix, 10_001, 90_000, "");
            Site large = site(portal, "Mapping 100k " + run, prefix, 100_000);
            sandbox.faults("POST", "{\"latencyMillis\": " + LATENCY_MILLIS + "}", true);
            Sync full = sync(sandbox, heap, large);
            line(
                    "    100,000 people and users: full sync %.1f s (target at most 30 s), %d requests; heap kept alive %d MiB,"
                            + " %.2f x the 10,000 run's (target at most 1.2); after any collection %d MiB, %.2f x;"
                            + " the forced collections stopped the portal %.1f s",
                    full.seconds,
                    full.requests,
                    full.heapMiB,
                    (double) full.heapMiB / Math.max(1, first.heapMiB),
                    full.anyGcMiB,
                    (double) full.anyGcMiB / Math.max(1, first.anyGcMiB),
                    full.forcedGcSeconds);

            // 100 users change: a delta.
            sandbox.faults("DELETE", null, true);
            generate(sandbox, prefix, 1, 100, " (changed)");
            sandbox.faults("POST", "{\"latencyMillis\": " + LATENCY_MILLIS + "}", true);
            Sync delta = sync(sandbox, heap, large);
            sandbox.faults("DELETE", null, true);
            line(
                    "    a delta of 100 changed users: %.2f s, %d requests (target at most 3)",
                    delta.seconds, delta.requests);
            line("    mapped after the syncs: %s of 10,000 and %s of 100,000", mapped(small), mapped(large));
            assertTrue(delta.requests <= 3, "delta requests: " + delta.requests);
        }
    }

    private record Site(long id, long connectionId, String admin) {}

    /** heapMiB: the live heap at most (sampled with full collections); anyGcMiB: after any collection at most. */
    private record Sync(double seconds, long requests, long heapMiB, long anyGcMiB, double forcedGcSeconds) {}

    private static Site site(Portal portal, String name, String prefix, int people) throws Exception {
        long siteId = portal.site(Portal.unique(name + " "));
        String admin = portal.account("mapbench");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        long connectionId = IncidentChatIT.insertContoso(siteId);
        try (Connection c = TestDatabase.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO person (site_id, name, email, email_key, agent,"
                                + " responder, stakeholder, created_at, version) VALUES (?, ?, ?, ?, FALSE, TRUE, FALSE, ?, 0)")) {
            c.setAutoCommit(false);
            LocalDateTime now = LocalDateTime.now();
            for (int n = 1; n <= people; n++) {
                String mail = prefix + n + "@" + DOMAIN;
                insert.setLong(1, siteId);
                insert.setString(2, "Person " + n);
                insert.setString(3, mail);
                insert.setString(4, mail);
                insert.setObject(5, now);
                insert.addBatch();
                if (n % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        }
        return new Site(siteId, connectionId, admin);
    }

    /** Presses Sync now as the site's admin; the requests on the wire and the heap the sync kept alive. */
    private Sync sync(GraphSandboxClient sandbox, HeapWatch heap, Site site) throws Exception {
        try (Browser admin = new Portal(base).signedIn(site.admin())) {
            admin.timeout(java.time.Duration.ofMinutes(15));
            HtmlPage page = admin.open("/sites/" + site.id() + "/people/mapping");
            HtmlForm form = page.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/" + site.connectionId() + "/sync"))
                    .findFirst()
                    .orElseThrow();
            sandbox.graphControl("DELETE", "requests");
            heap.start();
            long start = System.nanoTime();
            HtmlPage done = admin.submit(form);
            double seconds = (System.nanoTime() - start) / 1e9;
            HeapWatch.Kept kept = heap.stop();
            assertEquals(200, done.getWebResponse().getStatusCode(), done.asNormalizedText());
            Map<String, Object> served = JSONObjectUtils.parse(
                    sandbox.graphControl("GET", "requests").body());
            return new Sync(
                    seconds,
                    ((Number) served.get("total")).longValue(),
                    kept.live() / (1024 * 1024),
                    kept.afterAnyGc() / (1024 * 1024),
                    kept.forcedMillis() / 1000.0);
        }
    }

    private static String mapped(Site site) throws Exception {
        try (Connection c = TestDatabase.connect();
                var st = c.createStatement();
                var rs = st.executeQuery("select count(*) from person_mapping where connection_id = "
                        + site.connectionId() + " and outcome = 'MAPPED'")) {
            rs.next();
            return String.format("%,d", rs.getLong(1));
        }
    }

    private static void generate(GraphSandboxClient sandbox, String prefix, int from, int count, String suffix)
            throws Exception {
        for (int done = 0; done < count; done += 10_000) {
            int chunk = Math.min(10_000, count - done);
            HttpResponse<String> answer = sandbox.control(
                    "POST",
                    "tenants/" + IncidentChatIT.CONTOSO + "/users/generate?count=" + chunk + "&from=" + (from + done)
                            + "&prefix=" + prefix + "&domain=" + DOMAIN + "&displaySuffix="
                            + URLEncoder.encode(suffix, StandardCharsets.UTF_8),
                    null);
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    private static void line(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }

    /**
     * The portal JVM's heap through JMX (attach API, local management agent), between start and stop, above the heap
     * in use after a forced full collection at the start. Two figures: {@code live}, the largest heap in use right
     * after a forced full collection, forced after 1, 2, 4 and then every 8 seconds of the work and at the stop (what the watched work
     * kept reachable, sampled); and {@code afterAnyGc}, the largest heap in use after any collection the JVM made by
     * itself, which after a young collection still counts the old generation's garbage not yet collected (it grows
     * with the length of the work whatever is reachable).
     */
    static final class HeapWatch implements AutoCloseable {
        private final JMXConnector connector;
        private final MBeanServerConnection server;
        private final MemoryMXBean memory;
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong maxLive = new AtomicLong();
        private java.util.concurrent.ScheduledExecutorService sampler;
        private long baseline;

        private final AtomicLong forcedMillis = new AtomicLong();

        /** The heap figures in bytes, and how long the forced collections stopped the portal (part of the time). */
        record Kept(long live, long afterAnyGc, long forcedMillis) {}

        private HeapWatch(JMXConnector connector) throws Exception {
            this.connector = connector;
            this.server = connector.getMBeanServerConnection();
            this.memory = ManagementFactory.newPlatformMXBeanProxy(
                    server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            NotificationListener listener = (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(pool -> pool.getKey().matches(".*(Eden|Survivor|Old|Tenured).*"))
                            .mapToLong(pool -> pool.getValue().getUsed())
                            .sum();
                    if ("System.gc()".equals(info.getGcCause())) {
                        forcedMillis.addAndGet(info.getGcInfo().getDuration());
                    } else {
                        maxAfterGc.accumulateAndGet(used, Math::max);
                    }
                }
            };
            Set<ObjectName> collectors = server.queryNames(
                    new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null);
            for (ObjectName collector : collectors) {
                server.addNotificationListener(collector, listener, null, null);
            }
        }

        static HeapWatch ofPortal(int port) throws Exception {
            ProcessHandle portal = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("-Dtenantlink.port=" + port))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no portal JVM on port " + port));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(portal.pid()));
            String address = vm.startLocalManagementAgent();
            vm.detach();
            return new HeapWatch(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        }

        void start() {
            memory.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            maxAfterGc.set(0);
            maxLive.set(0);
            forcedMillis.set(0);
            sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            sampleAfter(1);
        }

        /** A sample, then the next one twice as late, at most 8 s apart: few forced collections in a long sync. */
        private void sampleAfter(long seconds) {
            sampler.schedule(
                    () -> {
                        sampleLive();
                        sampleAfter(Math.min(8, seconds * 2));
                    },
                    seconds,
                    java.util.concurrent.TimeUnit.SECONDS);
        }

        /**
         * The lower of two readings, each right after a forced full collection: one reading alone sometimes caught
         * memory that a request or the collector itself held at that instant (a single 158 MiB reading in a run whose
         * other readings and jmap's live histograms stayed flat).
         */
        private void sampleLive() {
            memory.gc();
            long first = memory.getHeapMemoryUsage().getUsed();
            memory.gc();
            long second = memory.getHeapMemoryUsage().getUsed();
            maxLive.accumulateAndGet(Math.min(first, second), Math::max);
        }

        Kept stop() throws InterruptedException {
            sampler.shutdownNow();
            sampler.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            sampleLive();
            long live = Math.max(0, maxLive.get() - baseline);
            return new Kept(live, Math.max(0, maxAfterGc.get() - baseline), forcedMillis.get());
        }

        @Override
        public void close() throws Exception {
            connector.close();
        }
    }
}
