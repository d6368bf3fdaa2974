package io.tenantlink.platform;

import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A start that cannot succeed ends the process with a non-zero exit status and one line saying what to check. Left to
 * itself Payara Micro would print "ready" with no application deployed and keep running, which a supervisor (systemd,
 * Docker) takes for a healthy start. {@code TENANTLINK_EXIT_ON_FAILED_START=false} keeps the process (for debugging).
 */
public final class StartupFailure {

    private static final Logger LOG = Logger.getLogger(StartupFailure.class.getName());

    /** The exit status of a failed start (systemd and Docker show it). */
    public static final int EXIT_STATUS = 3;

    private StartupFailure() {}

    /**
     * Logs the line and ends the process shortly after, once the deployment has failed (the caller rethrows). Exits
     * from a thread of its own: the deploying thread holds locks that the server's shutdown hooks wait for.
     */
    public static void exit(String line) {
        LOG.severe(line);
        boolean exit = ConfigProvider.getConfig()
                .getOptionalValue("tenantlink.exit-on-failed-start", Boolean.class)
                .orElse(true);
        if (!exit) {
            return;
        }
        Thread exiting = new Thread(
                () -> {
                    pause(1000);
                    Thread halting = new Thread(() -> {
                        pause(30_000);
                        Runtime.getRuntime().halt(EXIT_STATUS);
                    });
                    halting.setDaemon(true);
                    halting.start();
                    System.exit(EXIT_STATUS);
                },
                "tenantlink-failed-start");
        exiting.setDaemon(true);
        exiting.start();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
