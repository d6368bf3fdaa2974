package io.tenantlink.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, deployed at the root context as in production. */
public final class PortalDeployment {

    private PortalDeployment() {}

    /**
     * The HTTP port Payara Micro is started on (reserved by pom.xml, see arquillian.xml): also the
     * portal's tenantlink.port, so its public URL is http://localhost:PORT/.
     */
    public static int port() {
        String port = System.getProperty("tenantlink.it.port");
        if (port == null || port.isBlank()) {
            throw new IllegalStateException("tenantlink.it.port is not set: run the integration tests with mvn verify");
        }
        return Integer.parseInt(port.strip());
    }

    /** The portal's public URL, as it knows it (tenantlink.public-url). */
    public static String publicUrl() {
        return "http://localhost:" + port() + "/";
    }

    /**
     * Waits (a minute at most) until nothing listens on the port: the container only signals the
     * previous Payara to stop, and the next one fails when the port is still taken.
     */
    public static void awaitPortFree() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (ServerSocket probe = new ServerSocket(port())) {
                return;
            } catch (IOException taken) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Port " + port() + " is still in use", taken);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted waiting for port " + port(), e);
                }
            }
        }
    }

    /**
     * The portal started for this test class alone, on a fresh database (see {@code SharedPortalContainer}): for classes
     * that restart it, or change what other classes rely on.
     */
    public static WebArchive freshPortal() {
        return portalWar();
    }

    /**
     * The portal shared by the test classes of this run (started once on a fresh database; each class that deploys it
     * gets a fresh Microsoft sandbox, see {@code SharedPortalContainer}). Classes use their own sites and names.
     */
    public static WebArchive sharedPortal() {
        WebArchive archive = portalWar();
        SHARED.add(archive);
        return archive;
    }

    public static boolean isShared(Archive<?> archive) {
        return SHARED.contains(archive);
    }

    private static final Set<Archive<?>> SHARED = Collections.newSetFromMap(new IdentityHashMap<>());

    private static File war() {
        return new File(System.getProperty("tenantlink.test.war", "target/tenantlink.war"));
    }

    /** The portal's libraries, which production deploys beside the WAR (deploy/postboot-deploy.sh). */
    /**
     * Writes the post-boot commands that deploy the portal as production deploys it ({@code deploy/postboot-deploy.sh}
     * with these arguments: the WAR, its libraries beside it, optionally {@code --cluster} and extra asadmin files) to
     * {@code commands}. Every test portal boots from such a file.
     */
    public static void writePostbootCommands(java.nio.file.Path commands, String... arguments)
            throws IOException, InterruptedException {
        java.util.List<String> command =
                new java.util.ArrayList<>(java.util.List.of("sh", "deploy/postboot-deploy.sh"));
        command.addAll(java.util.List.of(arguments));
        Process script = new ProcessBuilder(command)
                .redirectOutput(commands.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (script.waitFor() != 0) {
            throw new IOException(
                    "deploy/postboot-deploy.sh " + String.join(" ", arguments) + " ended with " + script.exitValue());
        }
    }

    public static File libraries() {
        return new File(System.getProperty("tenantlink.test.lib", "target/tenantlink-lib"));
    }

    /**
     * The built WAR, as production deploys it: its libraries are not inside but beside it ({@link #libraries()}), and
     * {@code SharedPortalContainer} deploys them as the application's library (deploy/postboot-deploy.sh), as
     * production does.
     */
    private static WebArchive portalWar() {
        File[] jars = libraries().listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No libraries in " + libraries() + ": run mvn package first");
        }
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(war())
                .as(WebArchive.class);
    }

    private static final Map<Archive<?>, File> SANDBOX_WARS = Collections.synchronizedMap(new IdentityHashMap<>());

    /** The Microsoft stand-in's WAR to deploy beside this portal: the built one, or a copy with the test's settings. */
    public static File sandboxWar(Archive<?> portal) {
        return SANDBOX_WARS.getOrDefault(
                portal, new File(System.getProperty("tenantlink.test.sandbox.war", "target/microsoft-sandbox.war")));
    }

    /** Empties the stand-in's own database (target/it/sandbox) before a portal starts on a fresh database. */
    public static void resetSandboxData() {
        java.nio.file.Path dir =
                java.nio.file.Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "sandbox");
        try {
            TestFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot empty " + dir, e);
        }
    }

    /**
     * The same WAR with some MicroProfile Config settings of its own (appended to its microprofile-config.properties,
     * so they win over its defaults; system properties and the environment still win over them). Settings whose key
     * starts with {@code sandbox.} are the Microsoft stand-in's (e.g. a directory file for this deployment only): they
     * go into a copy of the stand-in's WAR deployed beside this portal.
     */
    public static WebArchive freshPortal(Map<String, String> settings) {
        Map<String, String> portal = new java.util.LinkedHashMap<>();
        Map<String, String> sandbox = new java.util.LinkedHashMap<>();
        settings.forEach((key, value) -> (key.startsWith("sandbox.") ? sandbox : portal).put(key, value));
        WebArchive war = withSettings(freshPortal(), portal);
        if (!sandbox.isEmpty()) {
            WebArchive standIn = withSettings(
                    ShrinkWrap.create(ZipImporter.class, "microsoft-sandbox.war")
                            .importFrom(sandboxWar(null))
                            .as(WebArchive.class),
                    sandbox);
            File copy = new File(
                    System.getProperty("tenantlink.test.workdir", "target/it"),
                    "microsoft-sandbox-" + System.identityHashCode(war) + ".war");
            copy.getParentFile().mkdirs();
            standIn.as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(copy, true);
            SANDBOX_WARS.put(war, copy);
        }
        return war;
    }

    private static WebArchive withSettings(WebArchive war, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return war;
        }
        String path = "WEB-INF/classes/META-INF/microprofile-config.properties";
        StringBuilder text = new StringBuilder();
        try (var in = war.get(path).getAsset().openStream()) {
            text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path + " of the WAR", e);
        }
        text.append("\n# Settings of this test deployment\n");
        settings.forEach((key, value) ->
                text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        war.delete(path);
        war.add(new ByteArrayAsset(text.toString().getBytes(StandardCharsets.ISO_8859_1)), path);
        return war;
    }
}
