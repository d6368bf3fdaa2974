package io.tenantlink.platform.concurrent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process's name among the portal instances on one database: host name, process id and a random part (a restart
 * on the same host is another instance). It names the owner of a work lease ({@link WorkLeases}) and appears in logs.
 */
public final class InstanceId {

    private static final String ID = make();

    private InstanceId() {}

    public static String get() {
        return ID;
    }

    private static String make() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
