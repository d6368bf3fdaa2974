package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's performance figures: pages through HAProxy with one and with two portal instances, 50 signed-in sessions
 * at once (wrk, Debian's package: apt-get install wrk), throughput and p50/p99 side by side in one run; then one
 * instance killed (SIGKILL) under that load: requests that failed, and how long HAProxy went on counting it in. The
 * cluster is deploy/run-cluster.sh's (ClusterProcess); "one instance" is the same cluster with the second instance
 * disabled in HAProxy (its stats socket), so both columns share the database, the data grid and the balancer.
 * Prints figures; asserts only that every measured request was a signed-in 200 page. Runs in the benchmark profile's
 * cluster-benchmark execution only (tenantlink.benchmark.cluster).
 */
class ClusterBenchmark {

    private static final int SESSIONS = Integer.getInteger("cluster.benchmark.sessions", 50);
    private static final int SECONDS = Integer.getInteger("cluster.benchmark.seconds", 20);
    private static final String PAGE = System.getProperty("cluster.benchmark.page", "/sites");

    @Test
    void pagesThroughTheBalancerWithOneAndTwoInstances() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("tenantlink.benchmark.cluster"), "cluster-benchmark execution only");
        String first = "Bench-First-" + UUID.randomUUID();
        String operator = "Operator-" + UUID.randomUUID();
        String database = System.getProperty("tenantlink.it.cluster.database", "tenantlink_it_cluster") + "_bench";
        try (ClusterProcess cluster = ClusterProcess.start("cluster-benchmark", database, first)) {
            URL base = new URL("http://localhost:" + cluster.port + "/");
            try (Browser b = new Browser(base)) {
                HtmlPage landed = b.signIn("admin", first);
                b.fill(
                        landed,
                        "/account/password",
                        Map.of("currentPassword", first, "newPassword", operator, "confirmPassword", operator));
                // Ten sites: the measured page lists them.
                for (int i = 1; i <= 10; i++) {
                    b.fill(b.open("/sites/new"), "/sites", Map.of("name", "Bench site " + i));
                }
            }
            List<String> cookies = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                try (Browser b = new Browser(base)) {
                    HtmlPage sites = b.signIn("admin", operator);
                    assertTrue(
                            sites.getUrl().getPath().endsWith("/sites"),
                            sites.getUrl().toString());
                    cookies.add(b.sessionCookie().getName() + "="
                            + b.sessionCookie().getValue() + "|" + b.cookie("JSESSIONIDVERSION"));
                }
            }
            Path script = cluster.dir.resolve("sessions.lua");
            Files.writeString(script, lua(cookies), StandardCharsets.UTF_8);

            wrk(cluster, script, 10); // warm-up, both instances
            List<String> rows = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                cluster.haproxy("disable server instances/instance-2");
                awaitUp(cluster, 1);
                rows.add(row("1 instance, round " + round, wrk(cluster, script, SECONDS)));
                cluster.haproxy("enable server instances/instance-2");
                awaitUp(cluster, 2);
                rows.add(row("2 instances, round " + round, wrk(cluster, script, SECONDS)));
            }

            // Failover under load: instance 2 is killed 5 s into a 15 s run.
            long pid = cluster.pid(2).orElseThrow();
            long[] takenOut = new long[1];
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(5000);
                    long killedAt = System.nanoTime();
                    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                    while (cluster.upInstances() != 1 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                        Thread.sleep(10);
                    }
                    takenOut[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            Wrk failover = wrk(cluster, script, 15);
            killer.join();

            System.out.printf(
                    "%nClusterBenchmark: GET %s through HAProxy, %d signed-in sessions (one connection each), %d s per run, %d cores%n",
                    PAGE, SESSIONS, SECONDS, Runtime.getRuntime().availableProcessors());
            System.out.printf("%-22s %10s %10s %10s %10s%n", "", "req/s", "p50 ms", "p99 ms", "requests");
            rows.forEach(System.out::println);
            System.out.printf(
                    "Failover under load: instance-2 killed (SIGKILL) 5 s into a 15 s run: %d of %d requests failed"
                            + " (%d socket errors, %d not a signed-in 200); HAProxy took it out after %d ms%n%n",
                    failover.failed() + failover.socketErrors,
                    failover.requests,
                    failover.socketErrors,
                    failover.failed(),
                    takenOut[0]);
        }
    }

    private static void awaitUp(ClusterProcess cluster, int count) throws Exception {
        for (int i = 0; i < 100 && cluster.upInstances() != count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, cluster.upInstances(), cluster.haproxy("show stat"));
    }

    private static String row(String name, Wrk w) {
        assertEquals(0, w.failed() + w.socketErrors, name + ": every request a signed-in 200 page:\n" + w.output);
        return String.format("%-22s %10.0f %10.1f %10.1f %10d", name, w.perSecond, w.p50, w.p99, w.requests);
    }

    /**
     * One wrk thread per session, one connection each, requests one after the other as a browser's: the session cookie
     * and Payara's session version cookie (JSESSIONIDVERSION, renewed by every response, as a browser keeps it; an
     * instance holding an older copy of the session reads the current one from the data grid when it sees a newer
     * version). Any answer other than 200 (a redirect to sign in) counts as bad.
     */
    private static String lua(List<String> cookies) {
        StringBuilder out = new StringBuilder("local cookies = {\n");
        cookies.forEach(c -> out.append("  \"").append(c).append("\",\n"));
        return out.append("}\n")
                .append("local threads = {}\n")
                .append("local count = 0\n")
                .append("function setup(thread)\n")
                .append("  count = count + 1\n")
                .append("  thread:set(\"id\", count)\n")
                .append("  table.insert(threads, thread)\n")
                .append("end\n")
                .append("function init(args)\n")
                .append("  bad = 0\n")
                .append("  session, version = string.match(cookies[(id - 1) % #cookies + 1], \"^([^|]*)|(.*)$\")\n")
                .append("end\n")
                .append("function request()\n")
                .append("  return wrk.format(\"GET\", \"")
                .append(PAGE)
                .append("\", {[\"Cookie\"] = session .. \"; \" .. version, [\"Accept\"] = \"text/html\"})\n")
                .append("end\n")
                .append("function response(status, headers, body)\n")
                .append("  if status ~= 200 then bad = bad + 1 end\n")
                .append("  local set = headers[\"set-cookie\"] or headers[\"Set-Cookie\"]\n")
                .append("  local v = set and string.match(set, \"(JSESSIONIDVERSION=[^;]+)\")\n")
                .append("  if v then version = v end\n")
                .append("end\n")
                .append("function done(summary, latency, requests)\n")
                .append("  local total = 0\n")
                .append("  for _, t in ipairs(threads) do total = total + t:get(\"bad\") end\n")
                .append("  io.write(\"bad responses: \" .. total .. \"\\n\")\n")
                .append("end\n")
                .toString();
    }

    private record Wrk(String output, long requests, double perSecond, double p50, double p99, long socketErrors) {
        long failed() {
            Matcher m = Pattern.compile("bad responses: (\\d+)").matcher(output);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    private static Wrk wrk(ClusterProcess cluster, Path script, int seconds) throws Exception {
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t" + SESSIONS,
                        "-c" + SESSIONS,
                        "-d" + seconds + "s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-s",
                        script.toString(),
                        "http://localhost:" + cluster.port)
                .redirectErrorStream(true)
                .start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, wrk.waitFor(), out);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(out);
        Matcher perSecond = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
        assertTrue(requests.find() && perSecond.find(), out);
        long socketErrors = 0;
        Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(out);
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(errors.group(g));
            }
        }
        return new Wrk(
                out,
                Long.parseLong(requests.group(1)),
                Double.parseDouble(perSecond.group(1)),
                millis(out, "50%"),
                millis(out, "99%"),
                socketErrors);
    }

    /** A latency percentile of wrk's --latency distribution, in milliseconds. */
    private static double millis(String out, String percentile) {
        Matcher m = Pattern.compile(
                        "^\\s+" + Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(out);
        assertTrue(m.find(), percentile + " in: " + out);
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
