package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production WAR on Payara Micro with no Microsoft configuration at all (as a deployment that forgot every
 * variable): the portal does not start, says so once, naming the variables, and never answers as ready.
 */
class StartupRefusalIT {

    @Test
    void withoutMicrosoftConfigurationThePortalRefusesToStart() throws Exception {
        Path work = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "refusal");
        Files.createDirectories(work.resolve("tmp"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = work.resolve("payara.log");
        Process payara = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-Djava.io.tmpdir=" + work.resolve("tmp").toAbsolutePath(),
                        "-Dtenantlink.data-dir=" + work.resolve("data").toAbsolutePath(),
                        "-jar",
                        System.getProperty("payara.microJar"),
                        "--nocluster",
                        "--disablephonehome",
                        "--nohostaware",
                        "--port",
                        String.valueOf(port),
                        "--deploy",
                        System.getProperty("tenantlink.test.war")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String refusal = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (refusal == null && System.nanoTime() < deadline) {
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                int at = text.indexOf("TenantLink will not start");
                if (at >= 0) {
                    refusal = text.substring(at, Math.min(text.length(), at + 2000));
                } else if (text.contains("TenantLink is ready") || !payara.isAlive()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(refusal != null, "the log says the portal will not start; see " + log);
            for (String variable : List.of(
                    "TENANTLINK_MICROSOFT",
                    "TENANTLINK_MICROSOFT_CLIENT_ID",
                    "TENANTLINK_TOKEN_KEY",
                    "TENANTLINK_PUBLIC_URL",
                    "deploy/run-local.sh")) {
                assertTrue(refusal.contains(variable), variable + " named in: " + refusal);
            }
            assertNotEquals(200, readiness(port), "a portal that refused to start is never ready");
        } finally {
            payara.destroy();
            if (!payara.waitFor(60, TimeUnit.SECONDS)) {
                payara.destroyForcibly();
            }
        }
    }

    private static int readiness(int port) throws InterruptedException {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }
}
