package io.tenantlink.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.MicrosoftSigner;
import io.tenantlink.connection.TenantConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timer's loop: every active connection once, one failing tenant does not stop the others, no overlapping runs. */
class ConsentDoctorTimerTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    static TenantConnection connection(String tenant, boolean active) {
        TenantConnection c = new TenantConnection(
                1, new MicrosoftSigner(tenant, "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01", "a@b", "A", true), "admin", NOW);
        if (active) {
            c.activate(NOW);
        }
        return c;
    }

    static final String T1 = "11111111-0000-4000-8000-000000000001";
    static final String T2 = "11111111-0000-4000-8000-000000000002";
    static final String T3 = "11111111-0000-4000-8000-000000000003";

    static ConsentDoctorTimer timer(
            Map<Long, TenantConnection> connections, List<String> checked, ConsentDoctorTimer[] self) {
        ConsentDoctorTimer timer = new ConsentDoctorTimer();
        timer.store = new ConsentCheckStore() {
            @Override
            public List<Long> activeConnectionIds() {
                return new ArrayList<>(connections.keySet());
            }
        };
        timer.connections = new ConnectionService() {
            @Override
            public Optional<TenantConnection> find(long connectionId) {
                return Optional.ofNullable(connections.get(connectionId));
            }
        };
        timer.doctor = new ConsentDoctor() {
            @Override
            public Result check(TenantConnection connection, String actor, boolean manual) {
                checked.add(connection.getTenantId() + " " + actor + " " + manual);
                if (self[0] != null) {
                    self[0].run(); // a second expiry while this run is still going
                }
                if (connection.getTenantId().equals(T2)) {
                    throw new IllegalStateException("database hiccup");
                }
                return new Unreadable(
                        new ConsentReader.Failure(ConsentReader.FailureKind.NOT_CONSENTED, "AADSTS700016"));
            }
        };
        return timer;
    }

    @Test
    void checksEveryActiveConnectionOnceAndGoesOnAfterAFailure() {
        Map<Long, TenantConnection> connections = new java.util.LinkedHashMap<>();
        connections.put(1L, connection(T1, true));
        connections.put(2L, connection(T2, true));
        connections.put(3L, connection(T3, false)); // no longer active since the list was read
        connections.put(4L, connection(T3, true));
        List<String> checked = new ArrayList<>();
        ConsentDoctorTimer[] self = new ConsentDoctorTimer[1];
        ConsentDoctorTimer timer = timer(connections, checked, self);
        timer.run();
        assertEquals(
                List.of(
                        T1 + " consent doctor (timer) false",
                        T2 + " consent doctor (timer) false",
                        T3 + " consent doctor (timer) false"),
                checked);
    }

    @Test
    void aRunDoesNotOverlapTheOneStillGoing() {
        Map<Long, TenantConnection> connections = Map.of(1L, connection(T1, true));
        List<String> checked = new ArrayList<>();
        ConsentDoctorTimer[] self = new ConsentDoctorTimer[1];
        ConsentDoctorTimer timer = timer(connections, checked, self);
        self[0] = timer;
        timer.run();
        assertEquals(1, checked.size(), "the nested expiry returned at once");
        self[0] = null;
        timer.run();
        assertEquals(2, checked.size(), "the next run goes ahead once the first finished");
    }

    @Test
    void theFirstRunComesWithinFiveMinutesOrAfterOneIntervalInSeconds() {
        assertEquals(300_000, ConsentDoctorTimer.firstRunMillis(6, 0), "hours: within 5 minutes of the start");
        assertEquals(6 * 3_600_000, ConsentDoctorTimer.intervalMillis(6, 0));
        assertEquals(10_000, ConsentDoctorTimer.firstRunMillis(6, 10));
        assertEquals(
                86_400_000,
                ConsentDoctorTimer.firstRunMillis(6, 86_400),
                "seconds: after one interval, even a long one");
    }
}
