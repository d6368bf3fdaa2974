package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SandboxGraphFaultsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SandboxGraphFaults faults = new SandboxGraphFaults();

    SandboxGraphFaultsTest() {
        faults.clock = now::get;
    }

    @Test
    void theLimiterCountsPerAppAndTenantInTenSecondWindows() {
        faults.configuredLimit = 3;
        for (int i = 0; i < 3; i++) {
            assertNull(faults.admit("app|tenant"));
        }
        now.addAndGet(2_500);
        GraphError throttled = faults.admit("app|tenant");
        assertEquals(429, throttled.status());
        assertEquals("TooManyRequests", throttled.code());
        assertEquals("8", throttled.headers().get("Retry-After"), "seconds until the window ends");
        assertNull(faults.admit("app|other-tenant"), "another tenant has its own budget");
        now.addAndGet(7_500);
        assertNull(faults.admit("app|tenant"), "a new window");
    }

    @Test
    void injectedThrottlesComeFirstAndRunOut() {
        faults.update(Map.of("throttleNextRequests", 2L, "retryAfterSeconds", 5L));
        assertEquals("5", faults.admit("k").headers().get("Retry-After"));
        assertEquals(429, faults.admit("k").status());
        assertNull(faults.admit("k"));
    }

    @Test
    void errorRateAndStatus() {
        faults.update(Map.of("errorRate", 1.0, "errorStatus", 503L));
        GraphError error = faults.admit("k");
        assertEquals(503, error.status());
        assertEquals("serviceNotAvailable", error.code());
        assertEquals("2", error.headers().get("Retry-After"));
        faults.update(Map.of("errorStatus", 500L));
        assertEquals("generalException", faults.admit("k").code());
        faults.update(Map.of("errorRate", 0L));
        assertNull(faults.admit("k"));
    }

    @Test
    void latencyEveryTimeAndHangsForTheNextRequestsOnly() {
        faults.update(Map.of("latencyMillis", 50L, "hangNextRequests", 1L, "hangMillis", 2_000L));
        assertEquals(2_050, faults.delayForRequest());
        assertEquals(50, faults.delayForRequest());
        faults.reset();
        assertEquals(0, faults.delayForRequest());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> faults.update(Map.of("errorRate", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> faults.update(Map.of("errorStatus", 502L)));
        assertThrows(IllegalArgumentException.class, () -> faults.update(Map.of("latencyMillis", -1L)));
        assertThrows(IllegalArgumentException.class, () -> faults.update(Map.of("hangMillis", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> faults.update(Map.of("shoeSize", 1L)));
        assertEquals(0, faults.settings().latencyMillis(), "a refused update changes nothing");
    }

    @Test
    void theLimitCanBeLoweredAtRunTimeAndResetRestoresTheConfiguredOne() {
        faults.configuredLimit = 2000;
        faults.update(Map.of("requestsPer10s", 1L));
        assertNull(faults.admit("k"));
        assertEquals(429, faults.admit("k").status());
        faults.reset();
        assertEquals(2000, faults.limit());
        assertNull(faults.admit("k"));
    }

    @Test
    void theWriteLimitCountsWritesOnlyInItsOwnWindow() {
        faults.update(Map.of("writeLimit", 3L, "writeWindowSeconds", 15L));
        for (int i = 0; i < 3; i++) {
            assertNull(faults.admit("app|tenant", true));
        }
        assertNull(faults.admit("app|tenant", false), "reads are not writes");
        now.addAndGet(10_500);
        GraphError throttled = faults.admit("app|tenant", true);
        assertEquals(429, throttled.status());
        assertEquals("5", throttled.headers().get("Retry-After"), "seconds until the 15-second write window ends");
        assertNull(faults.admit("app|other", true), "another tenant has its own write budget");
        assertNull(faults.admit("app|tenant", false), "reads still pass");
        now.addAndGet(4_500);
        assertNull(faults.admit("app|tenant", true), "a new write window");
        assertEquals(3, faults.settings().toJson(2000).get("writeLimit"));
        faults.update(java.util.Collections.singletonMap("writeLimit", null));
        for (int i = 0; i < 10; i++) {
            assertNull(faults.admit("app|tenant", true), "off again");
        }
        assertThrows(IllegalArgumentException.class, () -> faults.update(Map.of("writeWindowSeconds", 0L)));
    }
}
