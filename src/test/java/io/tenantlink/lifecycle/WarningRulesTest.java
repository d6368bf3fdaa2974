package io.tenantlink.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warning rules on a fake clock: thresholds, one e-mail per threshold, daily reminders until acknowledged. */
class WarningRulesTest {

    /** A clock the test moves by hand. */
    static final class FakeClock {
        private Instant now;

        FakeClock(Instant start) {
            this.now = start;
        }

        Instant now() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    static final Instant EXPIRY = Instant.parse("2027-03-01T00:00:00Z");

    @Test
    void anExpiryWarnsAt30And7And1DaysAndAfter() {
        assertEquals(Optional.empty(), WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofDays(31))));
        assertEquals(
                Optional.empty(),
                WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofDays(30)).minusSeconds(1)));
        assertEquals(Optional.of(Stage.DAYS_30), WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofDays(30))));
        assertEquals(Optional.of(Stage.DAYS_30), WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofDays(8))));
        assertEquals(Optional.of(Stage.DAYS_7), WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofDays(7))));
        assertEquals(Optional.of(Stage.DAYS_7), WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofHours(25))));
        assertEquals(Optional.of(Stage.DAYS_1), WarningRules.stageOf(EXPIRY, EXPIRY.minus(Duration.ofDays(1))));
        assertEquals(Optional.of(Stage.DAYS_1), WarningRules.stageOf(EXPIRY, EXPIRY.minusSeconds(1)));
        assertEquals(Optional.of(Stage.EXPIRED), WarningRules.stageOf(EXPIRY, EXPIRY));
        assertEquals(Optional.of(Stage.EXPIRED), WarningRules.stageOf(EXPIRY, EXPIRY.plus(Duration.ofDays(100))));
    }

    /**
     * A credential watched every 6 hours from 40 days before its expiry to 3 days after: one e-mail at each of the
     * 30, 7 and 1 day thresholds; after the 1-day one, not acknowledged, one a day; acknowledged, none until expiry,
     * which is a new threshold.
     */
    @Test
    void oneMailPerThresholdAndDailyRemindersOnlyUntilAcknowledged() {
        FakeClock clock = new FakeClock(EXPIRY.minus(Duration.ofDays(40)));
        LifecycleWarning warning = null;
        List<String> mails = new ArrayList<>();
        boolean acknowledgedOnce = false;
        while (clock.now().isBefore(EXPIRY.plus(Duration.ofDays(3)))) {
            Optional<Stage> stage = WarningRules.stageOf(EXPIRY, clock.now());
            if (stage.isPresent()) {
                Finding finding =
                        new Finding(WarningKind.CREDENTIAL_EXPIRY, "chatops-secret", stage.get(), null, EXPIRY);
                if (warning == null) {
                    warning = new LifecycleWarning(1, finding, clock.now());
                } else {
                    warning.update(finding);
                }
                if (warning.mailDue(clock.now())) {
                    warning.mailed(clock.now());
                    mails.add(stage.get() + " "
                            + Duration.between(clock.now(), EXPIRY).toHours() + "h");
                }
                // A site admin acknowledges 12 hours after the 1-day threshold's e-mail.
                if (!acknowledgedOnce
                        && warning.getStage() == Stage.DAYS_1
                        && clock.now().equals(warning.getLastMailed().plus(Duration.ofHours(12)))) {
                    warning.acknowledge("portal:sam", clock.now());
                    acknowledgedOnce = true;
                }
            }
            clock.advance(Duration.ofHours(6));
        }
        // 30 days: once; 7 days: once; 1 day: once, then acknowledged (no reminder); expired: new threshold, then
        // one reminder a day while not acknowledged (after 3 days: the first e-mail and 2 reminders... and the third
        // day's at +72h is past the loop's end).
        assertEquals(
                List.of("DAYS_30 720h", "DAYS_7 168h", "DAYS_1 24h", "EXPIRED 0h", "EXPIRED -24h", "EXPIRED -48h"),
                mails);
    }

    @Test
    void anAcknowledgedWarningIsNotRepeatedDaily() {
        FakeClock clock = new FakeClock(Instant.parse("2026-12-06T10:00:00Z"));
        LifecycleWarning failing = new LifecycleWarning(
                1, new Finding(WarningKind.CONNECTION_SIGN_IN, "7", Stage.FAILING, "AADSTS700082", null), clock.now());
        assertTrue(failing.mailDue(clock.now()), "a new warning is e-mailed");
        failing.mailed(clock.now());
        clock.advance(Duration.ofHours(23));
        assertFalse(failing.mailDue(clock.now()), "not twice in a day");
        clock.advance(Duration.ofHours(1));
        assertTrue(failing.mailDue(clock.now()), "an urgent warning not acknowledged: again after a day");
        failing.mailed(clock.now());
        failing.acknowledge("portal:sam", clock.now());
        for (int day = 1; day <= 10; day++) {
            clock.advance(Duration.ofDays(1));
            failing.update(new Finding(WarningKind.CONNECTION_SIGN_IN, "7", Stage.FAILING, "AADSTS700082", null));
            assertFalse(failing.mailDue(clock.now()), "acknowledged: not repeated on day " + day);
        }
    }

    @Test
    void aNewThresholdClearsTheAcknowledgementAndIsMailed() {
        Instant now = EXPIRY.minus(Duration.ofDays(20));
        LifecycleWarning w = new LifecycleWarning(
                1,
                new Finding(WarningKind.CREDENTIAL_EXPIRY, "management-certificate", Stage.DAYS_30, null, EXPIRY),
                now);
        w.mailed(now);
        w.acknowledge("portal:sam", now);
        assertFalse(w.mailDue(now.plus(Duration.ofDays(5))));
        assertTrue(w.update(
                new Finding(WarningKind.CREDENTIAL_EXPIRY, "management-certificate", Stage.DAYS_7, null, EXPIRY)));
        assertFalse(w.isAcknowledged());
        assertTrue(w.mailDue(now.plus(Duration.ofDays(13))));
    }

    @Test
    void aNotUrgentWarningIsNotRemindedDaily() {
        assertFalse(WarningRules.mailDue(
                Stage.DAYS_30,
                Stage.DAYS_30,
                EXPIRY.minus(Duration.ofDays(30)),
                false,
                EXPIRY.minus(Duration.ofDays(10))));
        assertFalse(WarningRules.mailDue(
                Stage.DAYS_7, Stage.DAYS_7, EXPIRY.minus(Duration.ofDays(7)), false, EXPIRY.minus(Duration.ofDays(2))));
    }
}
