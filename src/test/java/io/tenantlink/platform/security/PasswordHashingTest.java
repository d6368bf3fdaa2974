package io.tenantlink.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Fewer PBKDF2 iterations than OWASP's count only in sandbox mode. */
class PasswordHashingTest {

    @Test
    void fewerIterationsOnlyInSandboxMode() {
        assertEquals(600_000, PasswordHashing.iterations(600_000, false));
        assertEquals(
                600_000, PasswordHashing.iterations(1_000, false), "never weaker with a Microsoft app registration");
        assertEquals(700_000, PasswordHashing.iterations(700_000, false));
        assertEquals(1_024, PasswordHashing.iterations(1_024, true));
        assertEquals(600_000, PasswordHashing.iterations(600_000, true));
        assertEquals(1_024, PasswordHashing.iterations(1_000, true), "Pbkdf2PasswordHash's minimum");
    }
}
