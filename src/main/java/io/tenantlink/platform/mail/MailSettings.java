package io.tenantlink.platform.mail;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The SMTP server the portal sends e-mail through ({@code tenantlink.smtp.*}, {@code TENANTLINK_SMTP_*}). No host:
 * e-mail is not configured and nothing is sent. The password is kept here only to hand it to Jakarta Mail; {@link
 * #toString()} never shows it.
 */
public final class MailSettings {

    /** How the connection is protected. */
    public enum Security {
        /** STARTTLS, required: the portal refuses to send if the server does not offer it (default; port 587). */
        STARTTLS,
        /** TLS from the first byte (SMTPS; port 465). */
        TLS,
        /** No encryption: only for a relay on the same host or a test server; credentials are then refused. */
        NONE
    }

    public static final int DEFAULT_TIMEOUT_SECONDS = 20;

    private final String host;
    private final int port;
    private final Security security;
    private final String username;
    private final String password;
    private final String from;
    private final int timeoutSeconds;
    private final String problem;

    private MailSettings(
            String host,
            int port,
            Security security,
            String username,
            String password,
            String from,
            int timeoutSeconds,
            String problem) {
        this.host = host;
        this.port = port;
        this.security = security;
        this.username = username;
        this.password = password;
        this.from = from;
        this.timeoutSeconds = timeoutSeconds;
        this.problem = problem;
    }

    /**
     * Reads the settings through {@code value} (a config key to its value). Settings that cannot work (no sender
     * address, an unknown security mode, credentials without encryption) leave e-mail configured but broken: every
     * send then fails with {@link #problem()} as its reason, which the timeline shows.
     */
    public static MailSettings read(Function<String, Optional<String>> value) {
        String host = text(value, "tenantlink.smtp.host");
        String securityName = text(value, "tenantlink.smtp.security");
        String username = text(value, "tenantlink.smtp.username");
        String password = value.apply("tenantlink.smtp.password").orElse(null);
        String from = text(value, "tenantlink.smtp.from");
        String problem = null;
        Security security = Security.STARTTLS;
        if (securityName != null) {
            try {
                security = Security.valueOf(securityName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem = "TENANTLINK_SMTP_SECURITY is not starttls, tls or none";
            }
        }
        int port = number(value, "tenantlink.smtp.port", defaultPort(security));
        int timeout = number(value, "tenantlink.smtp.timeout-seconds", DEFAULT_TIMEOUT_SECONDS);
        if (problem == null && (port < 1 || port > 65535)) {
            problem = "TENANTLINK_SMTP_PORT is not a port number";
        }
        if (problem == null && timeout < 1) {
            problem = "TENANTLINK_SMTP_TIMEOUT_SECONDS is not a positive number";
        }
        if (problem == null && host != null && from == null) {
            problem = "TENANTLINK_SMTP_FROM (the sender address) is not set";
        }
        if (problem == null && username != null && security == Security.NONE) {
            problem = "SMTP credentials are never sent without encryption: set TENANTLINK_SMTP_SECURITY to starttls or"
                    + " tls";
        }
        return new MailSettings(host, port, security, username, password, from, timeout, problem);
    }

    private static int defaultPort(Security security) {
        return switch (security) {
            case STARTTLS -> 587;
            case TLS -> 465;
            case NONE -> 25;
        };
    }

    private static String text(Function<String, Optional<String>> value, String key) {
        return value.apply(key).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static int number(Function<String, Optional<String>> value, String key, int fallback) {
        String text = text(value, key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a host is set: without one, e-mail is "not configured". */
    public boolean configured() {
        return host != null;
    }

    /** Why configured settings cannot send, in plain words; null when they can. */
    public String problem() {
        return problem;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Security security() {
        return security;
    }

    public String from() {
        return from;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    boolean authenticates() {
        return username != null;
    }

    String username() {
        return username;
    }

    String password() {
        return password == null ? "" : password;
    }

    /** Jakarta Mail's session properties: timeouts always, certificate and host name checked whenever TLS is used. */
    public Properties sessionProperties() {
        Properties p = new Properties();
        String millis = Integer.toString(timeoutSeconds * 1000);
        p.setProperty("mail.transport.protocol", security == Security.TLS ? "smtps" : "smtp");
        for (String protocol : new String[] {"smtp", "smtps"}) {
            p.setProperty("mail." + protocol + ".host", host == null ? "" : host);
            p.setProperty("mail." + protocol + ".port", Integer.toString(port));
            p.setProperty("mail." + protocol + ".connectiontimeout", millis);
            p.setProperty("mail." + protocol + ".timeout", millis);
            p.setProperty("mail." + protocol + ".writetimeout", millis);
            p.setProperty("mail." + protocol + ".auth", Boolean.toString(authenticates()));
            p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        if (security == Security.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (security == Security.TLS) {
            p.setProperty("mail.smtps.ssl.enable", "true");
        }
        if (from != null) {
            p.setProperty("mail.smtp.from", from);
            p.setProperty("mail.smtps.from", from);
        }
        return p;
    }

    /** For logs: everything but the password. */
    @Override
    public String toString() {
        return configured()
                ? "SMTP " + host + ":" + port + " (" + security.name().toLowerCase(Locale.ROOT) + ", "
                        + (authenticates() ? "as " + username : "no sign-in") + ", from " + from + ")"
                : "SMTP not configured";
    }
}
