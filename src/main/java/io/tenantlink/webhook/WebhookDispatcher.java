package io.tenantlink.webhook;

import io.tenantlink.incident.TimelineRecorded;
import io.tenantlink.platform.concurrent.SerialWorker;
import io.tenantlink.webhook.WebhookService.Attempt;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends due deliveries over HTTP, one at a time on one background thread (SerialWorker): right after a timeline
 * entry commits, and on every tick of {@link WebhookTimer} (retries, and what a restart left pending). The outbox row
 * is written before the request and the outcome after it, so a crash between the two sends the event again (at least
 * once, same idempotency key), never loses it.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    static final int BATCH = 50;
    static final int MAX_BATCHES_PER_RUN = 20;
    static final int MAX_ANSWER_BYTES = 2048;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    WebhookService webhooks;

    @Inject
    @ConfigProperty(name = "tenantlink.webhook.timeout-seconds", defaultValue = "10")
    long timeoutSeconds;

    private SerialWorker worker;
    private HttpClient http;
    private final AtomicBoolean queued = new AtomicBoolean();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        worker = new SerialWorker(threads, "webhook deliveries", 16);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TimelineRecorded recorded) {
        poke();
    }

    /** Runs the due deliveries soon; a run already queued (not yet started) covers this call too. */
    public void poke() {
        if (worker != null && queued.compareAndSet(false, true)) {
            if (!worker.offer("webhook deliveries", this::run)) {
                queued.set(false);
            }
        }
    }

    private void run() {
        queued.set(false);
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            List<Long> due;
            try {
                due = webhooks.due(BATCH);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Webhook deliveries could not be read", e);
                return;
            }
            if (due.isEmpty()) {
                return;
            }
            due.forEach(this::deliver);
        }
    }

    private void deliver(long deliveryId) {
        Optional<Attempt> attempt;
        try {
            attempt = webhooks.attempt(deliveryId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook delivery " + deliveryId + " could not be prepared", e);
            return;
        }
        if (attempt.isEmpty()) {
            return;
        }
        Integer status = null;
        String answer;
        try {
            HttpResponse<InputStream> response =
                    http.send(request(attempt.get()), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream body = response.body()) {
                answer = new String(body.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
            }
        } catch (IOException | IllegalArgumentException e) {
            answer = status == null ? "no answer: " + e.getClass().getSimpleName() : "answer unreadable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            webhooks.attempted(deliveryId, status, answer);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook delivery " + deliveryId + ": its outcome could not be recorded", e);
        }
    }

    private HttpRequest request(Attempt attempt) {
        long now = io.tenantlink.platform.Clock.now().getEpochSecond();
        return HttpRequest.newBuilder(URI.create(attempt.url()))
                .timeout(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
                .header("Content-Type", "application/json")
                .header("User-Agent", "TenantLink-Webhooks")
                .header("Idempotency-Key", attempt.eventKey())
                .header("TenantLink-Event", attempt.eventType())
                .header("TenantLink-Delivery", Long.toString(attempt.deliveryId()))
                .header(WebhookSignature.HEADER, WebhookSignature.header(attempt.secret(), now, attempt.body()))
                .POST(HttpRequest.BodyPublishers.ofString(attempt.body(), StandardCharsets.UTF_8))
                .build();
    }
}
