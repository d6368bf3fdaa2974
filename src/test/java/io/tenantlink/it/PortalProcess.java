package io.tenantlink.it;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The production artifact started as production starts it, in a process of its own: Payara Micro with the post-boot
 * commands of deploy/postboot-deploy.sh (the WAR, its libraries beside it), no stand-in, behind a TLS proxy
 * (requests carry X-Forwarded-Proto: https).
 */
record PortalProcess(Process process, int port, Path logFile) implements AutoCloseable {

    static PortalProcess start(String name, int port, List<String> javaOptions) throws Exception {
        Path work = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "production-" + name);
        Files.createDirectories(work.resolve("tmp"));
        Path postboot = work.resolve("portal.postboot");
        PortalDeployment.writePostbootCommands(
                postboot,
                System.getProperty("tenantlink.test.war"),
                System.getProperty("tenantlink.test.lib"),
                "deploy/postboot.asadmin");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        // The tests' JVM options (pom.xml, tenantlink.it.jvm-options): a short-lived portal boots on less CPU.
        for (String option :
                System.getProperty("tenantlink.it.jvm-options", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
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
        return new PortalProcess(payara, port, log);
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** The cookies a response sets, as a Cookie header value. */
    static String cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.split(";", 2)[0])
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }

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

    /** Waits until /health/ready answers 200 (or the process ends); the last status. */
    int awaitReady(long minutes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        int status = status("/health/ready");
        while (status != 200 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = status("/health/ready");
        }
        return status;
    }

    /**
     * What a failed wait needs to be understood where only the test report survives (CI): whether the process still
     * runs, the log's last lines and, while it runs, where its threads stand.
     */
    String diagnosis() {
        StringBuilder text = new StringBuilder("see ").append(logFile).append("; process ");
        text.append(process.isAlive() ? "still running" : "ended with status " + process.exitValue());
        try {
            List<String> lines =
                    Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
            text.append("\n--- last lines of its log ---\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        } catch (IOException | RuntimeException unreadable) {
            text.append("\n(log unreadable: ").append(unreadable).append(')');
        }
        if (process.isAlive()) {
            text.append("\n--- its threads ---\n").append(threadDump());
        }
        return text.toString();
    }

    private String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(process.pid()),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            // The threads that decide readiness: the boot (main) and the HTTP workers; not the idle pools.
            StringBuilder kept = new StringBuilder();
            for (String thread : dump.split("\n\n")) {
                if (thread.startsWith("\"main\"") || thread.contains("http-thread-pool") || thread.contains("Deploy")) {
                    kept.append(thread, 0, Math.min(thread.length(), 3000)).append("\n\n");
                }
            }
            return kept.length() > 0 ? kept.toString() : dump.substring(0, Math.min(dump.length(), 6000));
        } catch (IOException | InterruptedException unavailable) {
            return "(no thread dump: " + unavailable + ")";
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
