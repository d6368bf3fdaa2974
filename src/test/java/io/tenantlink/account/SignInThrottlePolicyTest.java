package io.tenantlink.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.account.SignInThrottlePolicy.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInThrottlePolicyTest {

    private final SignInThrottlePolicy policy = SignInThrottlePolicy.DEFAULTS;

    @Test
    void anAccountGetsAGrowingDelayThenATemporaryLock() {
        assertEquals(Duration.ZERO, policy.blockAfter(Kind.ACCOUNT, 1));
        assertEquals(Duration.ZERO, policy.blockAfter(Kind.ACCOUNT, 2));
        assertEquals(Duration.ofSeconds(1), policy.blockAfter(Kind.ACCOUNT, 3));
        assertEquals(Duration.ofSeconds(2), policy.blockAfter(Kind.ACCOUNT, 4));
        assertEquals(Duration.ofSeconds(32), policy.blockAfter(Kind.ACCOUNT, 8));
        assertEquals(Duration.ofSeconds(60), policy.blockAfter(Kind.ACCOUNT, 9), "the delay is capped");
        assertFalse(policy.locks(Kind.ACCOUNT, 9));
        assertEquals(Duration.ofMinutes(15), policy.blockAfter(Kind.ACCOUNT, 10));
        assertTrue(policy.locks(Kind.ACCOUNT, 10));
        assertEquals(
                Duration.ofMinutes(15), policy.blockAfter(Kind.ACCOUNT, 30), "30 guesses in a row stay locked out");
    }

    @Test
    void anAddressHasItsOwnHigherThresholds() {
        assertEquals(Duration.ZERO, policy.blockAfter(Kind.ADDRESS, 19));
        assertEquals(Duration.ofSeconds(1), policy.blockAfter(Kind.ADDRESS, 20));
        assertEquals(Duration.ofSeconds(60), policy.blockAfter(Kind.ADDRESS, 99));
        assertEquals(Duration.ofMinutes(15), policy.blockAfter(Kind.ADDRESS, 100));
        assertTrue(policy.locks(Kind.ADDRESS, 100));
    }

    @Test
    void aHugeFailureCountDoesNotOverflowTheDelay() {
        SignInThrottlePolicy noLock = new SignInThrottlePolicy(
                1,
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                Integer.MAX_VALUE,
                Duration.ofMinutes(15),
                1,
                Integer.MAX_VALUE,
                Duration.ofHours(1));
        assertEquals(Duration.ofHours(1), noLock.blockAfter(Kind.ACCOUNT, 5_000));
    }

    @Test
    void thresholdsMustBePositive() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SignInThrottlePolicy(
                        0,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        1,
                        Duration.ofSeconds(1),
                        1,
                        1,
                        Duration.ofSeconds(1)));
    }
}
