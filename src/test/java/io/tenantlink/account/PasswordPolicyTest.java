package io.tenantlink.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantlink.platform.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PasswordPolicyTest {

    private static final String GOOD = "correct horse battery";
    private static final String CURRENT = "the old one is fine";

    private static void assertRefused(String expectedKey, Executable check) {
        InvalidInputException e = assertThrows(InvalidInputException.class, check);
        assertEquals(expectedKey, e.messageKey());
    }

    @Test
    void limitsAreTheDocumentedOnes() {
        assertEquals(12, PasswordPolicy.MIN_LENGTH);
        assertEquals(128, PasswordPolicy.MAX_LENGTH);
    }

    @Test
    void validPasswordPasses() {
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", GOOD));
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", "x".repeat(PasswordPolicy.MIN_LENGTH)));
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", "x".repeat(PasswordPolicy.MAX_LENGTH)));
        assertDoesNotThrow(() -> PasswordPolicy.check(null, GOOD));
    }

    @Test
    void tooShortIsRefusedWithTheMinimum() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> PasswordPolicy.check("alice", "x".repeat(PasswordPolicy.MIN_LENGTH - 1)));
        assertEquals("password.error.tooShort", e.messageKey());
        assertArrayEquals(new Object[] {PasswordPolicy.MIN_LENGTH}, e.arguments());
        assertRefused("password.error.tooShort", () -> PasswordPolicy.check("alice", ""));
        assertRefused("password.error.tooShort", () -> PasswordPolicy.check("alice", null));
    }

    @Test
    void tooLongIsRefusedWithTheMaximum() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> PasswordPolicy.check("alice", "x".repeat(PasswordPolicy.MAX_LENGTH + 1)));
        assertEquals("password.error.tooLong", e.messageKey());
        assertArrayEquals(new Object[] {PasswordPolicy.MAX_LENGTH}, e.arguments());
    }

    @Test
    void passwordContainingTheUsernameIsRefusedWhateverTheCase() {
        assertRefused("password.error.containsUsername", () -> PasswordPolicy.check("alice", "my-alice-password"));
        assertRefused("password.error.containsUsername", () -> PasswordPolicy.check("alice", "My-ALICE-Password"));
        assertRefused("password.error.containsUsername", () -> PasswordPolicy.check("Alice", "my-alice-password"));
        assertRefused("password.error.containsUsername", () -> PasswordPolicy.check("alice.smith", "alice.smith2025!"));
    }

    @Test
    void changeWithDifferentConfirmationIsAMismatch() {
        assertRefused("password.error.mismatch", () -> PasswordPolicy.checkChange("alice", CURRENT, GOOD, GOOD + "x"));
        assertRefused("password.error.mismatch", () -> PasswordPolicy.checkChange("alice", CURRENT, GOOD, null));
        assertRefused("password.error.mismatch", () -> PasswordPolicy.checkChange("alice", CURRENT, null, null));
    }

    @Test
    void changeToTheSamePasswordIsRefused() {
        assertRefused("password.error.unchanged", () -> PasswordPolicy.checkChange("alice", GOOD, GOOD, GOOD));
    }

    @Test
    void changeAppliesTheSameRulesAsANewPassword() {
        assertRefused("password.error.tooShort", () -> PasswordPolicy.checkChange("alice", CURRENT, "short", "short"));
        String tooLong = "y".repeat(PasswordPolicy.MAX_LENGTH + 1);
        assertRefused("password.error.tooLong", () -> PasswordPolicy.checkChange("alice", CURRENT, tooLong, tooLong));
        assertRefused(
                "password.error.containsUsername",
                () -> PasswordPolicy.checkChange("alice", CURRENT, "ALICE-wonderland", "ALICE-wonderland"));
    }

    @Test
    void validChangePasses() {
        assertDoesNotThrow(() -> PasswordPolicy.checkChange("alice", CURRENT, GOOD, GOOD));
    }
}
