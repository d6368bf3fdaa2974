package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The production artifact started as production starts it: Payara Micro with the post-boot commands of
 * deploy/postboot-deploy.sh (the WAR, its libraries beside it), no stand-in. With no Microsoft configuration at all
 * the portal refuses to start, naming the variables; with a complete Entra configuration it starts, and the operator
 * signs in.
 */
class ProductionStartIT {

    /** The first start's operator password: made up per run, so no fixed value stands in the repository. */
    private static final String PASSWORD = "Start-" + java.util.UUID.randomUUID() + "-Aa1";

    @Test
    void withoutMicrosoftConfigurationThePortalRefusesToStart() throws Exception {
        try (Started payara = start("refusal", freePort(), List.of())) {
            String refusal = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (refusal == null && System.nanoTime() < deadline) {
                String text = payara.log();
                int at = text.indexOf("TenantLink will not start");
                if (at >= 0) {
                    refusal = text.substring(at, Math.min(text.length(), at + 2000));
                } else if (text.contains("TenantLink is ready") || !payara.process.isAlive()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(refusal != null, "the log says the portal will not start; see " + payara.logFile);
            for (String variable : List.of(
                    "TENANTLINK_MICROSOFT",
                    "TENANTLINK_MICROSOFT_CLIENT_ID",
                    "TENANTLINK_TOKEN_KEY",
                    "TENANTLINK_PUBLIC_URL",
                    "deploy/run-local.sh")) {
                assertTrue(refusal.contains(variable), variable + " named in: " + refusal);
            }
            assertNotEquals(200, payara.status("/health/ready"), "a portal that refused to start is never ready");
        }
    }

    @Test
    void withAnEntraConfigurationItStartsAndTheOperatorSignsIn() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        int port = freePort();
        try (Started payara = start(
                "entra",
                port,
                List.of(
                        "-Dtenantlink.microsoft=entra",
                        "-Dtenantlink.microsoft.client-id=11111111-2222-3333-4444-555555555555",
                        "-Dtenantlink.microsoft.client-secret=production-start-not-a-secret",
                        "-Dtenantlink.token-key=" + Base64.getEncoder().encodeToString(key),
                        "-Dtenantlink.public-url=https://127.0.0.1:" + port + "/",
                        "-Dtenantlink.bootstrap.password=" + PASSWORD))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (payara.status("/health/ready") != 200 && payara.process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertEquals(200, payara.status("/health/ready"), "ready; see " + payara.logFile);

            // Behind its TLS proxy (X-Forwarded-Proto): the session cookie is Secure, so it is carried by hand.
            HttpClient browser = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpResponse<String> login = browser.send(payara.request("/login").build(), ofString());
            String session = cookies(login);
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.body().contains("name=\"password\""), "the sign-in form: " + login.body());
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
            assertTrue(csrf.find(), "a CSRF field on the sign-in form");
            String form = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                    + "&username=admin&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = browser.send(
                    payara.request("/login")
                            .header("Cookie", session)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    ofString());
            assertEquals(303, signedIn.statusCode(), "signed in: " + signedIn.body());
            assertTrue(signedIn.headers().firstValue("Location").orElse("").endsWith("/sites"));
            // A new session after sign-in; its first page asks the operator for a password of their own.
            String signedInSession = cookies(signedIn).isEmpty() ? session : cookies(signedIn);
            HttpResponse<String> sites = browser.send(
                    payara.request("/sites").header("Cookie", signedInSession).build(), ofString());
            String next = sites.headers().firstValue("Location").orElse("");
            assertTrue(next.endsWith("/account/password"), "the first sign-in asks for a new password: " + next);
        }
    }

    private static String cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.split(";", 2)[0])
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    private record Started(Process process, int port, Path logFile) implements AutoCloseable {
        String log() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("X-Forwarded-Proto", "https")
                    .timeout(Duration.ofSeconds(30));
        }

        int status(String path) throws InterruptedException {
            try {
                return HttpClient.newHttpClient()
                        .send(request(path).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException notListening) {
                return -1;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Payara Micro with the production post-boot commands (the WAR, its libraries beside it, X-Forwarded-Proto). */
    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static Started start(String name, int port, List<String> javaOptions) throws Exception {
        Path work = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "production-" + name);
        Files.createDirectories(work.resolve("tmp"));
        Path postboot = work.resolve("portal.postboot");
        Process script = new ProcessBuilder(
                        "sh",
                        "deploy/postboot-deploy.sh",
                        System.getProperty("tenantlink.test.war"),
                        System.getProperty("tenantlink.test.lib"),
                        "deploy/postboot.asadmin")
                .redirectOutput(postboot.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertEquals(0, script.waitFor(), "deploy/postboot-deploy.sh");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-Djava.io.tmpdir=" + work.resolve("tmp").toAbsolutePath());
        command.add("-Dtenantlink.data-dir=" + work.resolve("data").toAbsolutePath());
        command.addAll(javaOptions);
        command.addAll(List.of(
                "-jar",
                System.getProperty("payara.microJar"),
                "--nocluster",
                "--disablephonehome",
                "--nohostaware",
                "--prebootcommandfile",
                "deploy/preboot.asadmin",
                "--postbootcommandfile",
                postboot.toAbsolutePath().toString(),
                "--port",
                String.valueOf(port)));
        Path log = work.resolve("payara.log");
        Process payara = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Started(payara, port, log);
    }
}
