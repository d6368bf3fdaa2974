package io.tenantlink.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, deployed at the root context as in production, on a fresh database. */
public final class PortalDeployment {

    private PortalDeployment() {
    }

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

    public static WebArchive freshPortal() {
        awaitPortFree();
        TestDatabase.reset();
        // Payara Micro (started with this java.io.tmpdir) fails at once when the folder is missing, as on a clean clone.
        try {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create " + System.getProperty("java.io.tmpdir"), e);
        }
        File war = new File(System.getProperty("tenantlink.test.war", "target/tenantlink.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
