package io.tenantlink.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules of lifecycle warnings, plain Java on a given instant (tests pass a fake clock's): which threshold an
 * expiry has reached, and whether a warning is e-mailed now.
 *
 * <ul>
 *   <li>An expiry warns 30, 7 and 1 days before ({@link Stage#DAYS_30}, …) and after it ({@link Stage#EXPIRED}).
 *   <li>Each threshold is e-mailed once, when it is first reached; reaching a new one clears an acknowledgement (the
 *       news is new).
 *   <li>An urgent warning (1 day, expired, a failing connection) is e-mailed again a day after the last e-mail, until a
 *       site admin acknowledges it; acknowledged warnings are not repeated.
 * </ul>
 */
public final class WarningRules {

    public static final Duration REMIND_AFTER = Duration.ofDays(1);

    private WarningRules() {}

    /** The threshold {@code expiresAt} has reached at {@code now}; empty more than 30 days before. */
    public static Optional<Stage> stageOf(Instant expiresAt, Instant now) {
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return Optional.of(Stage.EXPIRED);
        }
        if (left.compareTo(Duration.ofDays(1)) <= 0) {
            return Optional.of(Stage.DAYS_1);
        }
        if (left.compareTo(Duration.ofDays(7)) <= 0) {
            return Optional.of(Stage.DAYS_7);
        }
        if (left.compareTo(Duration.ofDays(30)) <= 0) {
            return Optional.of(Stage.DAYS_30);
        }
        return Optional.empty();
    }

    /** Whether a stage is news against the stage last mailed (none yet, or a more urgent one). */
    public static boolean newThreshold(Stage stage, Stage mailedStage) {
        return mailedStage == null || stage.compareTo(mailedStage) > 0;
    }

    /**
     * Whether to e-mail a warning at {@code now}: at a new threshold always; otherwise, when urgent, not acknowledged
     * and the last e-mail is at least a day old.
     */
    public static boolean mailDue(
            Stage stage, Stage mailedStage, Instant lastMailed, boolean acknowledged, Instant now) {
        if (newThreshold(stage, mailedStage)) {
            return true;
        }
        if (acknowledged || !stage.urgent()) {
            return false;
        }
        return lastMailed == null || !lastMailed.plus(REMIND_AFTER).isAfter(now);
    }
}
