package io.tenantlink.teams;

import io.tenantlink.platform.RunMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the portal learns of new messages in incident chats (docs/incidents.md, "Notifications or polling"):
 *
 * <ul>
 *   <li><b>notifications</b>: Microsoft Graph change notifications. Needs a public {@code https://} address Graph can
 *       reach (TENANTLINK_PUBLIC_URL); each chat gets a subscription, renewed on a timer, and polling still runs,
 *       slower (TENANTLINK_TEAMS_SAFETY_POLL_SECONDS), to catch notifications that were lost.
 *   <li><b>polling</b>: the chats are read every TENANTLINK_TEAMS_POLL_SECONDS; nothing subscribes.
 * </ul>
 *
 * TENANTLINK_TEAMS_NOTIFICATIONS={@code auto} (default) picks notifications when the public URL is https, {@code off}
 * always polls. Test beds only: with TENANTLINK_MICROSOFT=sandbox, TENANTLINK_TEAMS_NOTIFICATIONS_SANDBOX_HTTP=true
 * also takes an http:// public URL on a loopback host (the stand-in posts to it; Graph never would).
 */
@ApplicationScoped
public class ChatReceiveMode {

    /** Paths of the endpoints Graph posts to, under the public URL. */
    public static final String NOTIFICATION_PATH = "api/microsoft/chat-notifications";

    public static final String LIFECYCLE_PATH = "api/microsoft/chat-lifecycle";

    public enum Mode {
        NOTIFICATIONS,
        POLLING
    }

    @Inject
    @ConfigProperty(name = "tenantlink.teams.notifications", defaultValue = "auto")
    String setting;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.notifications.sandbox-http", defaultValue = "false")
    boolean sandboxHttp;

    @Inject
    @ConfigProperty(name = "tenantlink.public-url", defaultValue = "http://localhost:8080/")
    String publicUrl;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.poll-seconds", defaultValue = "30")
    long pollSeconds;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.safety-poll-seconds", defaultValue = "300")
    long safetyPollSeconds;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.subscription-minutes", defaultValue = "55")
    long subscriptionMinutes;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.subscription-renew-seconds", defaultValue = "600")
    long renewSeconds;

    /** Whether notifications carry the message itself, encrypted to the portal's certificate (no read needed). */
    @Inject
    @ConfigProperty(name = "tenantlink.teams.notifications.resource-data", defaultValue = "true")
    boolean resourceData;

    @Inject
    RunMode runMode;

    /** Subscriptions ask for resource data (TENANTLINK_TEAMS_NOTIFICATIONS_RESOURCE_DATA, default true). */
    public boolean resourceData() {
        return resourceData;
    }

    private volatile Mode mode;

    public Mode mode() {
        Mode known = mode;
        if (known == null) {
            known = decide(setting, publicUrl, sandboxHttp && sandbox(), sandboxHttp);
            mode = known;
        }
        return known;
    }

    /** Whether the portal runs against the stand-in (a missing TENANTLINK_MICROSOFT is the startup check's to report). */
    private boolean sandbox() {
        try {
            return runMode.isSandbox();
        } catch (IllegalStateException unset) {
            return false;
        }
    }

    public boolean notifications() {
        return mode() == Mode.NOTIFICATIONS;
    }

    /**
     * The mode for these settings: {@code off} polls; {@code auto} (or anything else not {@code off}) takes
     * notifications when the public URL is https, or (sandbox only, with sandboxHttp) http on a loopback host.
     */
    static Mode decide(String setting, String publicUrl, boolean sandbox, boolean sandboxHttp) {
        String s = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (s.equals("off") || s.equals("polling") || publicUrl == null || publicUrl.isBlank()) {
            return Mode.POLLING;
        }
        URI url;
        try {
            url = URI.create(publicUrl.strip());
        } catch (IllegalArgumentException e) {
            return Mode.POLLING;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && url.getHost() != null) {
            return Mode.NOTIFICATIONS;
        }
        if (scheme.equals("http") && sandbox && sandboxHttp && loopback(url.getHost())) {
            return Mode.NOTIFICATIONS;
        }
        return Mode.POLLING;
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** Notification mode: how long after a start every chat is read once ({@link #catchUpAfterStart()}). */
    static final Duration CATCH_UP_AFTER_START = Duration.ofSeconds(10);

    /**
     * When, after this instance starts, every chat is read once, if at all. In notification mode a stop drops what
     * waited in memory: a notification answered 202 whose read was still queued (or under way) is not sent again, and
     * without this read its message would wait for the chat's next message or the safety poll (by default five minutes
     * and more: the first one runs an interval after the start, and not when another instance ran it lately). In
     * polling mode the next poll reads them anyway.
     */
    public Optional<Duration> catchUpAfterStart() {
        return catchUpAfterStart(mode());
    }

    static Optional<Duration> catchUpAfterStart(Mode mode) {
        return mode == Mode.NOTIFICATIONS ? Optional.of(CATCH_UP_AFTER_START) : Optional.empty();
    }

    /** How often the chats are read: every poll-seconds, or in notification mode the slower safety-net interval. */
    public long pollSeconds() {
        return Math.max(1, notifications() ? safetyPollSeconds : pollSeconds);
    }

    /** How long a subscription is asked for: subscription-minutes, 5 to Graph's 60. */
    public Duration subscriptionLifetime() {
        return Duration.ofMinutes(Math.max(5, Math.min(60, subscriptionMinutes)));
    }

    /** How often subscriptions are checked and renewed: at most a third of their lifetime, at least 10 seconds. */
    public Duration renewInterval() {
        long max = subscriptionLifetime().toSeconds() / 3;
        return Duration.ofSeconds(Math.max(10, Math.min(renewSeconds, max)));
    }

    /** A subscription that expires within this is renewed now (two intervals: one tick may fail). */
    public Duration renewWithin() {
        return renewInterval().multipliedBy(2).plusSeconds(60);
    }

    public String notificationUrl() {
        return base() + NOTIFICATION_PATH;
    }

    public String lifecycleUrl() {
        return base() + LIFECYCLE_PATH;
    }

    private String base() {
        String url = publicUrl.strip();
        return url.endsWith("/") ? url : url + "/";
    }
}
