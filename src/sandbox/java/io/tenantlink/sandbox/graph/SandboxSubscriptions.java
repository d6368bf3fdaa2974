package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.SandboxDatabase;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Change notification subscriptions of the Graph stand-in (subscription-post-subscriptions and its siblings) and
 * their delivery: kept in the stand-in's database; when a message is posted in a chat, each live subscription to that
 * chat's messages whose changeType names the change gets a POST to its notificationUrl, off the request thread,
 * without resource data, as Graph sends them: {@code {"value":[{subscriptionId, clientState, changeType, resource,
 * subscriptionExpirationDateTime, tenantId, resourceData}]}}. Lifecycle notifications go to the lifecycle URL.
 *
 * <p>Faults for tests ({@code /sandbox/graph-control/notifications}): lose the next N notifications (not sent at all),
 * send the next N twice, and answer the next N subscription requests (POST, PATCH, DELETE) with 429 or a 5xx.
 * Delivered notifications are remembered (the last 50) so a test can replay one.
 */
@ApplicationScoped
public class SandboxSubscriptions {

    private static final Logger LOG = Logger.getLogger(SandboxSubscriptions.class.getName());

    /** Graph's maximum for chat messages (without resource data): 60 minutes. */
    static final Duration MAX_CHAT_MESSAGES = Duration.ofMinutes(60);

    /** Graph waits this long for the answer to a validation request. */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(10);

    private static final int REMEMBERED = 50;

    /** One subscription as stored. */
    public record Subscription(
            String id,
            String tenantId,
            String appId,
            String creatorId,
            String resource,
            String chatId,
            String changeType,
            String notificationUrl,
            String lifecycleUrl,
            String clientState,
            Instant expires,
            Instant created) {

        boolean watches(String change) {
            for (String c : changeType.split(",")) {
                if (c.strip().equalsIgnoreCase(change)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What a test injects; counters go down as they are used. */
    public record Faults(int loseNext, int duplicateNext, int failNextRequests, int failStatus) {
        static final Faults NONE = new Faults(0, 0, 0, 503);

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("loseNext", loseNext);
            json.put("duplicateNext", duplicateNext);
            json.put("failNextRequests", failNextRequests);
            json.put("failStatus", failStatus);
            return json;
        }
    }

    @Resource(lookup = SandboxDatabase.JNDI_NAME)
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public SandboxSubscriptions() {}

    /** Over a data source of its own, delivering on the caller's thread (tests). */
    public SandboxSubscriptions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private Faults faults = Faults.NONE;
    private final Deque<Map<String, Object>> delivered = new ArrayDeque<>();
    private int lost;

    // --- faults ------------------------------------------------------------------------------------------------

    public synchronized Faults faults() {
        return faults;
    }

    /** Changes the given settings (loseNext, duplicateNext, failNextRequests, failStatus 429|500|503). */
    public synchronized void updateFaults(Map<String, Object> json) {
        Faults f = faults;
        int lose = count(json, "loseNext", f.loseNext());
        int duplicate = count(json, "duplicateNext", f.duplicateNext());
        int fail = count(json, "failNextRequests", f.failNextRequests());
        int status = count(json, "failStatus", f.failStatus());
        if (status != 429 && status != 500 && status != 503 && status != 504) {
            throw new IllegalArgumentException("failStatus must be 429, 500, 503 or 504");
        }
        faults = new Faults(lose, duplicate, fail, status);
    }

    private static int count(Map<String, Object> json, String name, int current) {
        Object v = json.get(name);
        if (v == null) {
            return current;
        }
        if (!(v instanceof Number n) || n.intValue() < 0 || n.intValue() > 10_000) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 10000");
        }
        return n.intValue();
    }

    /** An injected answer to a subscription request, or null. */
    synchronized GraphError nextRequestFault() {
        if (faults.failNextRequests() <= 0) {
            return null;
        }
        faults = new Faults(
                faults.loseNext(), faults.duplicateNext(), faults.failNextRequests() - 1, faults.failStatus());
        int status = faults.failStatus();
        if (status == 429) {
            return GraphError.throttled(1);
        }
        return new GraphError(
                        status,
                        status == 500 ? "generalException" : "serviceNotAvailable",
                        "The service is temporarily unavailable (injected).")
                .header("Retry-After", "1");
    }

    /** Forgets every subscription, fault and remembered notification (a sandbox reset). */
    public synchronized void clear() {
        faults = Faults.NONE;
        delivered.clear();
        lost = 0;
        update("DELETE FROM sandbox_subscription");
    }

    /** The notifications sent lately (newest last), and how many were lost on purpose. */
    public synchronized Map<String, Object> deliveredJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lost", lost);
        json.put("delivered", new ArrayList<>(delivered));
        return json;
    }

    // --- storage -----------------------------------------------------------------------------------------------

    Subscription create(
            String tenantId,
            String appId,
            String creatorId,
            String resource,
            String chatId,
            String changeType,
            String notificationUrl,
            String lifecycleUrl,
            String clientState,
            Instant expires,
            Instant now) {
        Subscription s = new Subscription(
                UUID.randomUUID().toString(),
                tenantId,
                appId,
                creatorId,
                resource,
                chatId,
                changeType,
                notificationUrl,
                lifecycleUrl,
                clientState,
                expires,
                now);
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO sandbox_subscription (id, tenant_id, app_id,"
                        + " creator_id, resource, chat_id, change_type, notification_url, lifecycle_url, client_state,"
                        + " expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, s.id());
            st.setString(2, tenantId);
            st.setString(3, appId);
            st.setString(4, creatorId);
            st.setString(5, resource);
            st.setString(6, chatId);
            st.setString(7, changeType);
            st.setString(8, notificationUrl);
            st.setString(9, lifecycleUrl);
            st.setString(10, clientState);
            st.setTimestamp(11, SandboxChats.timestamp(expires));
            st.setTimestamp(12, SandboxChats.timestamp(now));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    public Optional<Subscription> find(String id) {
        List<Subscription> found = select("SELECT * FROM sandbox_subscription WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<Subscription> ofApp(String tenantId, String appId) {
        return select(
                "SELECT * FROM sandbox_subscription WHERE tenant_id = ? AND LOWER(app_id) = LOWER(?) ORDER BY created_at",
                tenantId,
                appId);
    }

    public List<Subscription> all() {
        return select("SELECT * FROM sandbox_subscription ORDER BY created_at");
    }

    void renew(String id, Instant expires) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st =
                        c.prepareStatement("UPDATE sandbox_subscription SET expires_at = ? WHERE id = ?")) {
            st.setTimestamp(1, SandboxChats.timestamp(expires));
            st.setString(2, id);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean delete(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("DELETE FROM sandbox_subscription WHERE id = ?")) {
            st.setString(1, id);
            return st.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Subscription> select(String sql, String... params) {
        List<Subscription> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet r = st.executeQuery()) {
                while (r.next()) {
                    found.add(new Subscription(
                            r.getString("id"),
                            r.getString("tenant_id"),
                            r.getString("app_id"),
                            r.getString("creator_id"),
                            r.getString("resource"),
                            r.getString("chat_id"),
                            r.getString("change_type"),
                            r.getString("notification_url"),
                            r.getString("lifecycle_url"),
                            r.getString("client_state"),
                            SandboxChats.instant(r.getTimestamp("expires_at")),
                            SandboxChats.instant(r.getTimestamp("created_at"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private void update(String sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the validation handshake ------------------------------------------------------------------------------

    /**
     * Graph's validation request: POST {url}?validationToken={token} with an empty text/plain body; the endpoint must
     * answer 200 with the token as its whole body within 10 seconds. Empty when it did; else what went wrong.
     */
    Optional<String> validate(String url) {
        String token =
                "Validation: Testing client application reachability for subscription Request-Id: " + UUID.randomUUID();
        String target = url + (url.contains("?") ? "&" : "?") + "validationToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(target))
                            .timeout(VALIDATION_TIMEOUT)
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                return Optional.of("the endpoint answered HTTP " + answer.statusCode());
            }
            if (!token.equals(answer.body())) {
                return Optional.of("the endpoint did not answer with the validation token");
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of("the endpoint did not answer within 10 seconds ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (IllegalArgumentException e) {
            return Optional.of("the URL is not usable");
        }
    }

    // --- delivery ----------------------------------------------------------------------------------------------

    /** A message of the chat was created, updated or deleted: every live subscription that watches it is told. */
    public void changed(String tenantId, String chatId, String messageId, String changeType, Instant now) {
        for (Subscription s :
                select("SELECT * FROM sandbox_subscription WHERE tenant_id = ? AND chat_id = ?", tenantId, chatId)) {
            if (!s.expires().isAfter(now) || !s.watches(changeType)) {
                continue;
            }
            String resource = "chats('" + chatId + "')/messages('" + messageId + "')";
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", messageId);
            data.put("@odata.type", "#Microsoft.Graph.chatMessage");
            data.put("@odata.id", resource);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("subscriptionId", s.id());
            item.put("clientState", s.clientState());
            item.put("changeType", changeType);
            item.put("resource", resource);
            item.put("subscriptionExpirationDateTime", GraphChatEndpoints.time(s.expires()));
            item.put("tenantId", s.tenantId());
            item.put("resourceData", data);
            send(s.notificationUrl(), item);
        }
    }

    /** Sends a lifecycle event of the subscription (reauthorizationRequired, subscriptionRemoved, missed). */
    public void lifecycle(Subscription s, String event) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("subscriptionId", s.id());
        item.put("subscriptionExpirationDateTime", GraphChatEndpoints.time(s.expires()));
        item.put("tenantId", s.tenantId());
        item.put("clientState", s.clientState());
        item.put("lifecycleEvent", event);
        String url = s.lifecycleUrl() != null ? s.lifecycleUrl() : s.notificationUrl();
        send(url, item);
    }

    private void send(String url, Map<String, Object> item) {
        int copies;
        synchronized (this) {
            if (faults.loseNext() > 0) {
                faults = new Faults(
                        faults.loseNext() - 1, faults.duplicateNext(), faults.failNextRequests(), faults.failStatus());
                lost++;
                return;
            }
            copies = 1;
            if (faults.duplicateNext() > 0) {
                faults = new Faults(
                        faults.loseNext(), faults.duplicateNext() - 1, faults.failNextRequests(), faults.failStatus());
                copies = 2;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", List.of(item));
        String json = JSONObjectUtils.toJSONString(body);
        int times = copies;
        Runnable delivery = () -> {
            for (int i = 0; i < times; i++) {
                post(url, json, item);
            }
        };
        if (executor != null) {
            executor.execute(delivery);
        } else {
            delivery.run();
        }
    }

    private void post(String url, String json, Map<String, Object> item) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                synchronized (this) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("url", url);
                    record.put("status", answer.statusCode());
                    record.put("body", json);
                    delivered.addLast(record);
                    while (delivered.size() > REMEMBERED) {
                        delivered.removeFirst();
                    }
                }
                if (answer.statusCode() < 500 && answer.statusCode() != 429) {
                    return;
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                LOG.log(Level.FINE, "A notification to " + url + " was not delivered", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(1000L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("A notification of subscription " + item.get("subscriptionId") + " was not delivered to " + url);
    }
}
