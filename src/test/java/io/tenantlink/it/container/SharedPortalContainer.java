package io.tenantlink.it.container;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import io.tenantlink.it.Portal;
import io.tenantlink.it.PortalDeployment;
import io.tenantlink.it.TestDatabase;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Payara Micro's managed container (which starts a Payara process per deployment and stops it on undeploy), made to
 * keep one portal running across the test classes of a failsafe run: booting Payara with the portal costs 15 to 20
 * seconds, most of a test class's time.
 *
 * <ul>
 * <li>A <em>shared</em> deployment ({@link PortalDeployment#sharedPortal()}) starts the portal once, on a fresh
 * database; the next class asking for it finds it running, and gets a fresh Microsoft instead: the sandbox forgets all
 * consent, grants, tokens, chats and faults (and the portal its cached Microsoft tokens), so no class sees another's
 * tenants. Its undeploy keeps it running; the JVM's exit stops it.</li>
 * <li>A <em>fresh</em> deployment ({@link PortalDeployment#freshPortal()}), for classes that restart the portal, need
 * settings of their own or a first start, stops whatever runs and starts its own on a fresh database; deploying the same
 * archive again (a restart through Arquillian's Deployer) keeps that database. Such classes are marked
 * {@link io.tenantlink.it.OwnPortal} and run after the shared ones ({@link io.tenantlink.it.SharedPortalFirst}).</li>
 * </ul>
 * Classes still run one after another (one forked JVM per failsafe execution), and each uses its own sites and names.
 */
public class SharedPortalContainer extends PayaraMicroDeployableContainer {

    private Archive<?> running;
    private boolean runningShared;
    private ProtocolMetaData runningMetaData;
    private Archive<?> lastFresh;
    private PayaraMicroContainerConfiguration configuration;
    private String extraMicroOptions;

    /** The container of this test JVM (one per failsafe execution), for {@link #restartRunning()}. */
    private static volatile SharedPortalContainer current;

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        current = this;
        super.setup(configuration);
        this.configuration = configuration;
        this.extraMicroOptions = configuration.getExtraMicroOptions();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        boolean shared = PortalDeployment.isShared(archive);
        if (shared && runningShared && alive()) {
            resetSandbox();
            return runningMetaData;
        }
        stopRunning();
        PortalDeployment.awaitPortFree();
        if (shared || archive != lastFresh) {
            TestDatabase.reset();
            Portal.databaseReset();
            PortalDeployment.resetSandboxData();
        }
        try {
            // Payara Micro (started with this java.io.tmpdir) fails at once when the folder is missing, as on a clean
            // clone.
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new DeploymentException("Cannot create " + System.getProperty("java.io.tmpdir"), e);
        }
        ProtocolMetaData metaData = launch(archive);
        running = archive;
        runningShared = shared;
        runningMetaData = metaData;
        if (!shared) {
            lastFresh = archive;
        }
        return metaData;
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        if (archive == running && !runningShared) {
            stopRunning();
        }
    }

    /**
     * Restarts the running portal in place, as an operator restarts a server: its Payara process is stopped (and has
     * exited), and a new one starts the same deployments on the same databases (the portal's and the stand-in's). A
     * class on the shared portal proves what survives a restart without a portal of its own; the classes after it use
     * the restarted portal.
     */
    public static void restartRunning() throws DeploymentException {
        SharedPortalContainer container = current;
        if (container == null || container.running == null) {
            throw new DeploymentException("No portal is running to restart");
        }
        container.restartInPlace();
    }

    private synchronized void restartInPlace() throws DeploymentException {
        Archive<?> archive = running;
        boolean shared = runningShared;
        stopRunning();
        PortalDeployment.awaitPortFree();
        ProtocolMetaData metaData = launch(archive);
        running = archive;
        runningShared = shared;
        runningMetaData = metaData;
    }

    /**
     * Starts a Payara Micro with the portal deployed as production deploys it (deploy/postboot-deploy.sh: the WAR, its
     * libraries beside it as the application's library, not parsed at deployment) and the Microsoft stand-in beside it,
     * as deploy/run-local.sh starts them. The managed container deploys one archive with {@code --deploy}: here the
     * stand-in's WAR; the portal comes in by a post-boot command, deployed with availability (its sessions versioned as
     * in a cluster, as Payara Micro's own {@code --deploy} deploys it). Its libraries inside the WAR instead cost each
     * boot about ten seconds: Payara parses every class of every jar inside a WAR (docs/benchmarks.md).
     */
    private ProtocolMetaData launch(Archive<?> portal) throws DeploymentException {
        Path dir = Path.of(System.getProperty("tenantlink.test.workdir", "target/it"), "deployments");
        String name = "portal-" + Integer.toHexString(System.identityHashCode(portal));
        Path war = dir.resolve(name + ".war").toAbsolutePath();
        Path postboot = dir.resolve(name + ".postboot").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            portal.as(ZipExporter.class).exportTo(war.toFile(), true);
            PortalDeployment.writePostbootCommands(
                    postboot,
                    "--cluster",
                    war.toString(),
                    PortalDeployment.libraries().getAbsolutePath());
        } catch (IOException e) {
            throw new DeploymentException("Cannot write the portal's deployment to " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("Interrupted writing the portal's deployment", e);
        }
        configuration.setExtraMicroOptions(extraMicroOptions + " --postbootcommandfile " + postboot);
        WebArchive standIn = ShrinkWrap.create(ZipImporter.class, "microsoft-sandbox.war")
                .importFrom(PortalDeployment.sandboxWar(portal))
                .as(WebArchive.class);
        return super.deploy(standIn);
    }

    /**
     * Stops the running portal and waits until its process has exited. The superclass only signals it (SIGTERM) and
     * returns; Payara closes its HTTP port early in its shutdown, while the portal's database is still open: the next
     * deployment would empty the embedded H2 files under a process that still writes them and holds their AUTO_SERVER
     * lock file (whose watchdog writes it back), and the next portal would find that lock, or the old process's data.
     * Other callers that stop it (the restart tests) wait for the exit the same way.
     */
    private void stopRunning() throws DeploymentException {
        if (running != null) {
            Archive<?> stopping = running;
            Process process = payaraProcess();
            running = null;
            runningShared = false;
            runningMetaData = null;
            super.undeploy(stopping);
            awaitExit(process);
        }
    }

    private static void awaitExit(Process process) throws DeploymentException {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new DeploymentException(
                            "The stopped Payara Micro process " + process.pid() + " did not exit");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("Interrupted waiting for Payara Micro to exit", e);
        }
    }

    /** The Payara process the superclass started (it keeps it to itself), or null. */
    private Process payaraProcess() {
        try {
            Field field = PayaraMicroDeployableContainer.class.getDeclaredField("payaraMicroProcess");
            field.setAccessible(true);
            return field.get(this) instanceof Process process ? process : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The Payara process is still there. */
    private boolean alive() {
        Process process = payaraProcess();
        return process != null && process.isAlive();
    }

    /**
     * A fresh Microsoft for the next class: the stand-in forgets all consent, grants, tokens, chats and faults, and the
     * portal the Microsoft tokens it keeps (its token cache lives in its database; msal4j reloads it on every use).
     */
    private static void resetSandbox() throws DeploymentException {
        TestDatabase.forgetMicrosoftTokens();
        HttpRequest reset = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PortalDeployment.port() + "/sandbox/control/reset"))
                .header("X-Sandbox-Control", "1")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(reset, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new DeploymentException("Sandbox reset answered " + answer.statusCode() + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new DeploymentException("Sandbox reset failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("Interrupted resetting the sandbox", e);
        }
    }
}
