package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * deploy/run-cluster.sh started as an operator starts it, on free loopback ports, with a database of its own (dropped
 * first): two portal instances in one data grid behind HAProxy, no Microsoft stand-in (Microsoft's hosts lead
 * nowhere). Its files (logs, pid files, HAProxy's stats socket) are in {@code dir}.
 */
final class ClusterProcess implements AutoCloseable {

    final Path dir;
    final int port;
    /** The Microsoft stand-in's port, or -1 when the cluster runs without it. */
    final int sandboxPort;
    /** Instance 1's own HTTP port (not the balancer's); instance i listens on this + i - 1. */
    final int instancePort;

    private final String database;
    private final Process script;

    private ClusterProcess(Path dir, int port, int sandboxPort, int instancePort, String database, Process script) {
        this.dir = dir;
        this.port = port;
        this.sandboxPort = sandboxPort;
        this.instancePort = instancePort;
        this.database = database;
        this.script = script;
    }

    /** Instance 1's or 2's own HTTP port, bypassing the balancer. */
    int port(int instance) {
        return instancePort + instance - 1;
    }

    /** The cluster's database, as MariaDB's administrator (the test's checks). */
    Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(
                System.getProperty("tenantlink.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/") + database,
                System.getProperty("tenantlink.test.mariadb.user", "root"),
                System.getProperty("tenantlink.test.mariadb.password", ""));
    }

    /** Starts the cluster and waits until the script says it is ready and HAProxy counts both instances in. */
    static ClusterProcess start(String name, String database, String bootstrapPassword) throws Exception {
        return start(name, database, bootstrapPassword, false);
    }

    /**
     * As {@link #start(String, String, String)}; with {@code standIn}, the Microsoft stand-in runs too (in a process
     * of its own, outside the data grid, as deploy/run-cluster.sh runs it by default), and the instances sign people
     * in there.
     */
    static ClusterProcess start(String name, String database, String bootstrapPassword, boolean standIn)
            throws Exception {
        Path dir = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), name)
                .toAbsolutePath();
        // A fresh stand-in too: the script keeps its data between runs (consent given in the H2 execution's run made
        // the MariaDB execution's sign-in activate at once when this class ran alone).
        TestFiles.deleteTree(dir.resolve("sandbox"));
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection(
                        System.getProperty("tenantlink.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/"),
                        System.getProperty("tenantlink.test.mariadb.user", "root"),
                        System.getProperty("tenantlink.test.mariadb.password", ""));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
        int port = freePorts(1);
        ProcessBuilder builder = new ProcessBuilder("bash", "deploy/run-cluster.sh")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run-cluster.out").toFile());
        Map<String, String> env = builder.environment();
        env.put("TENANTLINK_PORT", String.valueOf(port));
        env.put("TENANTLINK_INSTANCES", "2");
        int instancePort = freePorts(2);
        env.put("TENANTLINK_INSTANCE_PORT", String.valueOf(instancePort));
        env.put("TENANTLINK_GRID_PORT", String.valueOf(freePorts(2)));
        env.put("TENANTLINK_CLUSTER_DIR", dir.toString());
        env.put("TENANTLINK_CLUSTER_DATABASE", database);
        // C1 only: the two instances start in half the time on a busy two-core machine.
        env.put("TENANTLINK_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
        int sandboxPort = -1;
        if (standIn) {
            sandboxPort = freePorts(1);
            env.put("TENANTLINK_CLUSTER_SANDBOX", "1");
            env.put("TENANTLINK_SANDBOX_PORT", String.valueOf(sandboxPort));
            for (String setting : new String[] {
                "TENANTLINK_MICROSOFT",
                "TENANTLINK_MICROSOFT_ROUTES",
                "TENANTLINK_MICROSOFT_CLIENT_ID",
                "TENANTLINK_MICROSOFT_CLIENT_SECRET"
            }) {
                env.remove(setting);
            }
        } else {
            env.put("TENANTLINK_CLUSTER_SANDBOX", "0");
            env.put("TENANTLINK_MICROSOFT", "sandbox");
            env.put(
                    "TENANTLINK_MICROSOFT_ROUTES",
                    "login.microsoftonline.com=http://127.0.0.1:9/login,graph.microsoft.com=http://127.0.0.1:9/graph");
            env.put("TENANTLINK_MICROSOFT_CLIENT_ID", "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f");
            env.put("TENANTLINK_MICROSOFT_CLIENT_SECRET", "not-a-secret");
        }
        env.put("TENANTLINK_PASSWORD_PBKDF2_ITERATIONS", "1024");
        env.put("TENANTLINK_BOOTSTRAP_PASSWORD", bootstrapPassword);
        env.remove("TENANTLINK_DB_URL");
        ClusterProcess cluster = new ClusterProcess(dir, port, sandboxPort, instancePort, database, builder.start());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!cluster.output().contains("TenantLink cluster ready") && System.nanoTime() < deadline) {
            assertTrue(cluster.script.isAlive(), "deploy/run-cluster.sh ended: " + cluster.output());
            Thread.sleep(500);
        }
        assertTrue(
                cluster.output().contains("TenantLink cluster ready"), "not ready in 5 minutes: " + cluster.output());
        // HAProxy counts an instance in after two passed health checks.
        for (int i = 0; i < 40 && cluster.upInstances() < 2; i++) {
            Thread.sleep(250);
        }
        // The script does not wait for the stand-in; it usually starts well before the instances.
        for (int i = 0; i < 240 && sandboxPort > 0 && !answers(sandboxPort); i++) {
            Thread.sleep(500);
        }
        return cluster;
    }

    String output() throws IOException {
        Path out = dir.resolve("run-cluster.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    /** The process id of instance 1 or 2 (its Payara Micro JVM), or of "haproxy". */
    Optional<Long> pid(String name) {
        try {
            return Optional.of(
                    Long.parseLong(Files.readString(dir.resolve(name + ".pid")).strip()));
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    Optional<Long> pid(int instance) {
        return pid("instance-" + instance);
    }

    /** One command to HAProxy's stats socket ("show stat", "disable server instances/instance-2"); its answer. */
    String haproxy(String command) throws IOException {
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("haproxy.sock")))) {
            socket.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(socket).readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** How many instances HAProxy counts as up ("show stat", CSV: field 18 is the status). */
    int upInstances() throws IOException {
        return (int) haproxy("show stat")
                .lines()
                .filter(l -> l.startsWith("instances,instance-"))
                .filter(l -> l.split(",")[17].startsWith("UP"))
                .count();
    }

    @Override
    public void close() throws Exception {
        script.destroy(); // SIGTERM: the script stops HAProxy and the instances
        if (!script.waitFor(90, TimeUnit.SECONDS)) {
            script.destroyForcibly();
        }
        for (String name : new String[] {"instance-1", "instance-2", "haproxy", "sandbox"}) {
            pid(name).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Whether the stand-in on this loopback port is deployed (its identity platform's discovery document answers). */
    private static boolean answers(int port) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net
                    .URI
                    .create("http://127.0.0.1:" + port + "/sandbox/login/common/v2.0/.well-known/openid-configuration")
                    .toURL()
                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            int status = c.getResponseCode();
            c.disconnect();
            return status == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The first of {@code count} consecutive free loopback ports. */
    private static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 40000);
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
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
