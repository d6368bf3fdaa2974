package io.tenantlink.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void urlsAreHttpsOrLoopbackHttpWithoutCredentials() {
        assertEquals(
                "https://desk.example.com/hooks",
                WebhookUrl.check(" https://desk.example.com/hooks ").toString());
        assertEquals(
                "http://127.0.0.1:9000/h",
                WebhookUrl.check("http://127.0.0.1:9000/h").toString());
        assertEquals(
                "http://localhost/h", WebhookUrl.check("http://localhost/h").toString());
        assertEquals(
                "http://[::1]:8080/h", WebhookUrl.check("http://[::1]:8080/h").toString());
        assertEquals(
                "webhook.error.scheme",
                assertThrows(InvalidInputException.class, () -> WebhookUrl.check("http://desk.example.com/h"))
                        .messageKey());
        assertEquals(
                "webhook.error.scheme",
                assertThrows(InvalidInputException.class, () -> WebhookUrl.check("http://10.0.0.1/h"))
                        .messageKey());
        assertEquals(
                "webhook.error.scheme",
                assertThrows(InvalidInputException.class, () -> WebhookUrl.check("ftp://desk.example.com/h"))
                        .messageKey());
        assertEquals(
                "webhook.error.urlParts",
                assertThrows(InvalidInputException.class, () -> WebhookUrl.check("https://u:p@desk.example.com/"))
                        .messageKey());
        assertThrows(InvalidInputException.class, () -> WebhookUrl.check("desk.example.com/hooks"));
        assertThrows(InvalidInputException.class, () -> WebhookUrl.check(""));
        assertThrows(InvalidInputException.class, () -> WebhookUrl.check("https://" + "a".repeat(2000) + ".com"));
    }

    @Test
    void aSignatureHoldsOnlyForItsSecretBodyAndTime() {
        String header = WebhookSignature.header("whsec_s3cret", 1_765_000_000L, "{\"id\":\"x\"}");
        assertTrue(header.matches("t=1765000000,v1=[0-9a-f]{64}"), header);
        assertTrue(WebhookSignature.verify("whsec_s3cret", header, "{\"id\":\"x\"}", 1_765_000_100L, 300));
        assertFalse(WebhookSignature.verify("whsec_other", header, "{\"id\":\"x\"}", 1_765_000_100L, 300));
        assertFalse(WebhookSignature.verify("whsec_s3cret", header, "{\"id\":\"y\"}", 1_765_000_100L, 300));
        assertFalse(WebhookSignature.verify("whsec_s3cret", header, "{\"id\":\"x\"}", 1_765_001_000L, 300), "too old");
        assertFalse(WebhookSignature.verify("whsec_s3cret", "v1=abc", "{}", 1_765_000_000L, 300));
        // RFC 4231 test case 2 (key "Jefe"), the HMAC underneath.
        assertEquals(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.hmac("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void retriesWaitLongerEachTimeUpToACapThenGiveUp() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1), 4);
        assertEquals(Duration.ofSeconds(30), schedule.delayAfter(1));
        assertEquals(Duration.ofSeconds(60), schedule.delayAfter(2));
        assertEquals(Duration.ofSeconds(240), schedule.delayAfter(4));
        assertEquals(Duration.ofHours(1), schedule.delayAfter(40));

        WebhookDelivery delivery = new WebhookDelivery(1, 2, 3, NOW);
        assertTrue(delivery.isDueAt(NOW));
        delivery.failed(NOW, 500, "desk is down", schedule);
        assertEquals(DeliveryStatus.PENDING, delivery.getStatus());
        assertEquals(NOW.plusSeconds(30), delivery.getNextAttemptAt());
        assertFalse(delivery.isDueAt(NOW.plusSeconds(29)));
        delivery.failed(NOW.plusSeconds(30), null, "no answer: HttpTimeoutException", schedule);
        delivery.failed(NOW.plusSeconds(90), 502, "bad gateway", schedule);
        delivery.failed(NOW.plusSeconds(210), 503, "x".repeat(2000), schedule);
        assertEquals(DeliveryStatus.GAVE_UP, delivery.getStatus());
        assertEquals(4, delivery.getAttempts());
        assertNull(delivery.getNextAttemptAt());
        assertEquals(WebhookDelivery.MAX_ANSWER, delivery.getLastAnswer().length());

        delivery.redeliver(NOW.plusSeconds(300));
        assertTrue(delivery.isDueAt(NOW.plusSeconds(300)));
        delivery.delivered(NOW.plusSeconds(301), 204, "");
        assertEquals(DeliveryStatus.DELIVERED, delivery.getStatus());
        assertEquals(5, delivery.getAttempts());
        assertThrows(IllegalStateException.class, () -> delivery.failed(NOW, 500, "", schedule));
    }

    @Test
    void aRemovedEndpointsPendingDeliveryIsCancelledAndCannotBeRedelivered() {
        WebhookDelivery delivery = new WebhookDelivery(1, 2, 3, NOW);
        delivery.cancel();
        assertEquals(DeliveryStatus.CANCELLED, delivery.getStatus());
        assertFalse(delivery.isDueAt(NOW));
        assertThrows(IllegalStateException.class, () -> delivery.redeliver(NOW));
    }
}
