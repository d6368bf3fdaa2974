package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tenantlink.sandbox.SandboxDatabase;
import io.tenantlink.sandbox.SandboxKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
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
 * as Graph sends them: {@code {"value":[{subscriptionId, clientState, changeType, resource,
 * subscriptionExpirationDateTime, tenantId, resourceData}]}}. Lifecycle notifications go to the lifecycle URL.
 *
 * <p>With resource data (includeResourceData and the subscriber's encryption certificate): each created or updated
 * notification also carries {@code encryptedContent}, the message as GET /chats/{id}/messages/{id} returns it,
 * encrypted for the certificate ({@link ResourceDataEncryption}), and the POST carries {@code validationTokens} next
 * to {@code value}: one JWT per tenant and app among its items, signed with the stand-in's token key (its JWKS), issuer
 * {@code https://sts.windows.net/{tenant}/}, audience the app, azp Graph's change-notification publisher. A deleted
 * message's notification has no encryptedContent.
 *
 * <p>Faults for tests ({@code /sandbox/graph-control/notifications}): lose the next N notifications (not sent at all),
 * send the next N twice, tamper with the encrypted data of the next N with encryptedContent (one byte flipped, so its
 * dataSignature does not match), and answer the next N subscription requests (POST, PATCH, DELETE) with 429 or a 5xx.
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

    /** The azp of validation tokens: the app id of Graph's change notification publisher. */
    static final String NOTIFICATION_PUBLISHER = "0bf30f3b-4a52-48df-9a82-234910c4a086";

    /** How long a validation token is valid. */
    static final Duration VALIDATION_TOKEN_LIFETIME = Duration.ofHours(1);

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
            Instant created,
            boolean includeResourceData,
            String encryptionCertificate,
            String encryptionCertificateId) {

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
    public record Faults(int loseNext, int duplicateNext, int failNextRequests, int failStatus, int tamperNext) {
        static final Faults NONE = new Faults(0, 0, 0, 503, 0);

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("loseNext", loseNext);
            json.put("duplicateNext", duplicateNext);
            json.put("failNextRequests", failNextRequests);
            json.put("failStatus", failStatus);
            json.put("tamperNext", tamperNext);
            return json;
        }

        Faults lost() {
            return new Faults(loseNext - 1, duplicateNext, failNextRequests, failStatus, tamperNext);
        }

        Faults duplicated() {
            return new Faults(loseNext, duplicateNext - 1, failNextRequests, failStatus, tamperNext);
        }

        Faults failed() {
            return new Faults(loseNext, duplicateNext, failNextRequests - 1, failStatus, tamperNext);
        }

        Faults tampered() {
            return new Faults(loseNext, duplicateNext, failNextRequests, failStatus, tamperNext - 1);
        }
    }

    @Resource(lookup = SandboxDatabase.JNDI_NAME)
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    /** The messages that notifications with resource data carry. */
    @Inject
    SandboxChats chats;

    /** Signs the validation tokens (the stand-in's token key, published in its JWKS). */
    @Inject
    SandboxKeys keys;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public SandboxSubscriptions() {}

    /** Over a data source of its own, delivering on the caller's thread (tests). */
    public SandboxSubscriptions(DataSource dataSource, SandboxChats chats, SandboxKeys keys) {
        this.dataSource = dataSource;
        this.chats = chats;
        this.keys = keys;
    }

    private Faults faults = Faults.NONE;
    private final Deque<Map<String, Object>> delivered = new ArrayDeque<>();
    private int lost;

    // --- faults ------------------------------------------------------------------------------------------------

    public synchronized Faults faults() {
        return faults;
    }

    /** Changes the given settings (loseNext, duplicateNext, failNextRequests, failStatus 429|500|503, tamperNext). */
    public synchronized void updateFaults(Map<String, Object> json) {
        Faults f = faults;
        int lose = count(json, "loseNext", f.loseNext());
        int duplicate = count(json, "duplicateNext", f.duplicateNext());
        int fail = count(json, "failNextRequests", f.failNextRequests());
        int status = count(json, "failStatus", f.failStatus());
        int tamper = count(json, "tamperNext", f.tamperNext());
        if (status != 429 && status != 500 && status != 503 && status != 504) {
            throw new IllegalArgumentException("failStatus must be 429, 500, 503 or 504");
        }
        faults = new Faults(lose, duplicate, fail, status, tamper);
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
        faults = faults.failed();
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
            Instant now,
            String encryptionCertificate,
            String encryptionCertificateId) {
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
                now,
                encryptionCertificate != null,
                encryptionCertificate,
                encryptionCertificateId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO sandbox_subscription (id, tenant_id, app_id,"
                        + " creator_id, resource, chat_id, change_type, notification_url, lifecycle_url, client_state,"
                        + " expires_at, created_at, include_resource_data, encryption_certificate,"
                        + " encryption_certificate_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            st.setBoolean(13, s.includeResourceData());
            st.setString(14, encryptionCertificate);
            st.setString(15, encryptionCertificateId);
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
                            SandboxChats.instant(r.getTimestamp("created_at")),
                            r.getBoolean("include_resource_data"),
                            r.getString("encryption_certificate"),
                            r.getString("encryption_certificate_id")));
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

    /**
     * A message of the chat was created, updated or deleted: every live subscription that watches it is told; those
     * with resource data get the message encrypted for their certificate (not for deleted, nor for a message the chat
     * does not have: the control API can name any id).
     */
    public void changed(String tenantId, String chatId, String messageId, String changeType, Instant now) {
        String message = null;
        boolean looked = false;
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
            if (s.includeResourceData() && !changeType.equalsIgnoreCase("deleted")) {
                if (!looked) {
                    message = messageJson(tenantId, chatId, messageId);
                    looked = true;
                }
                if (message != null) {
                    X509Certificate certificate = ResourceDataEncryption.certificate(s.encryptionCertificate());
                    item.put(
                            "encryptedContent",
                            ResourceDataEncryption.encrypt(message, certificate, s.encryptionCertificateId()));
                } else {
                    LOG.info("Message " + messageId + " of chat " + chatId
                            + " not found: its notification has no encryptedContent");
                }
            }
            send(s.notificationUrl(), item, s);
        }
    }

    /** The message's JSON as GET /chats/{id}/messages/{id} answers it, or null when the chat has no such message. */
    private String messageJson(String tenantId, String chatId, String messageId) {
        return chats.chat(tenantId, chatId)
                .flatMap(chat -> chats.message(chat, messageId))
                .map(m -> JSONObjectUtils.toJSONString(GraphChatEndpoints.messageEntity(m)))
                .orElse(null);
    }

    /**
     * The validation token Graph sends with notifications that carry resource data: RS256 with the stand-in's token
     * key (kid in the header), issued by {@code https://sts.windows.net/{tenant}/} to the app, azp Graph's publisher.
     */
    String validationToken(String tenantId, String appId, Instant now) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        return keys.sign(new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + tenantId + "/")
                .audience(appId)
                .claim("azp", NOTIFICATION_PUBLISHER)
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(VALIDATION_TOKEN_LIFETIME)))
                .build());
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
        send(url, item, s);
    }

    /** One POST with the item; with encryptedContent, the subscription's tenant and app get a validation token. */
    @SuppressWarnings("unchecked")
    private void send(String url, Map<String, Object> item, Subscription s) {
        int copies;
        boolean tamper = false;
        boolean encrypted = item.get("encryptedContent") != null;
        synchronized (this) {
            if (faults.loseNext() > 0) {
                faults = faults.lost();
                lost++;
                return;
            }
            copies = 1;
            if (faults.duplicateNext() > 0) {
                faults = faults.duplicated();
                copies = 2;
            }
            if (encrypted && faults.tamperNext() > 0) {
                faults = faults.tampered();
                tamper = true;
            }
        }
        if (tamper) {
            item.put("encryptedContent", ResourceDataEncryption.tampered((Map<String, Object>)
                    item.get("encryptedContent")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", List.of(item));
        if (encrypted) {
            // One token per distinct (tenant, app) among the items; a POST carries one item.
            body.put("validationTokens", List.of(validationToken(s.tenantId(), s.appId(), Instant.now())));
        }
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
