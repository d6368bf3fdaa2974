package io.tenantlink.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** The failed sign-ins in a row of one account name or one client address (by hash). */
@Entity
@Table(name = "sign_in_throttle")
public class SignInThrottleRow {

    @Id
    @Column(name = "throttle_key")
    private String key;

    @Column(nullable = false)
    private int failures;

    @Column(name = "last_failure_at", nullable = false)
    private Instant lastFailureAt;

    @Column(name = "blocked_until")
    private Instant blockedUntil;

    @Version
    private long version;

    protected SignInThrottleRow() {}

    SignInThrottleRow(String key) {
        this.key = key;
    }

    /** One more failure; a run of failures older than {@code forgetAfter} starts over. */
    int fail(Instant now, SignInThrottlePolicy policy, SignInThrottlePolicy.Kind kind) {
        if (lastFailureAt != null
                && lastFailureAt.plus(policy.forgetAfter()).isBefore(now)
                && (blockedUntil == null || blockedUntil.isBefore(now))) {
            failures = 0;
        }
        failures++;
        lastFailureAt = now;
        var block = policy.blockAfter(kind, failures);
        if (!block.isZero()) {
            Instant until = now.plus(block);
            blockedUntil = blockedUntil != null && blockedUntil.isAfter(until) ? blockedUntil : until;
        }
        return failures;
    }

    Instant blockedUntil() {
        return blockedUntil;
    }
}
