package io.tenantlink.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    @Test
    void usernameIsTrimmedAndLowerCased() {
        assertEquals("alice", Account.normaliseUsername("  Alice \t"));
        assertEquals("bob.smith-2_x", Account.normaliseUsername("BOB.Smith-2_X"));
        assertEquals("abc", Account.normaliseUsername("abc"));
        assertEquals("a".repeat(64), Account.normaliseUsername("a".repeat(64)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "ab",
                "al ice",
                ".alice",
                "-alice",
                "_alice",
                "alice@example.com",
                "älice",
                "alice/admin",
                "alice;drop"
            })
    void invalidUsernamesAreRefused(String username) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Account.normaliseUsername(username));
        assertEquals("account.error.username", e.messageKey());
    }

    @Test
    void usernameOfMoreThan64CharactersIsRefused() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Account.normaliseUsername("a".repeat(65)));
        assertEquals("account.error.username", e.messageKey());
    }

    @Test
    void newAccountUsesTheNormalisedUsername() {
        Account account = new Account(" Alice ", "Alice Smith", "hash-1");
        assertEquals("alice", account.getUsername());
        assertEquals("Alice Smith", account.getDisplayName());
        assertEquals("hash-1", account.getPasswordHash());
    }

    @Test
    void newAccountIsEnabledAndMustChangeItsPassword() {
        Account account = new Account("alice", "Alice Smith", "hash-1");
        assertTrue(account.isEnabled());
        assertTrue(account.isMustChangePassword());
        assertNotNull(account.getCreatedAt());
    }

    @Test
    void changingThePasswordClearsTheObligation() {
        Account account = new Account("alice", "Alice Smith", "hash-1");
        account.changePassword("hash-2");
        assertFalse(account.isMustChangePassword());
        assertEquals("hash-2", account.getPasswordHash());
    }

    @Test
    void newAccountWithBadUsernameIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Account("x", "Somebody", "hash"));
        assertEquals("account.error.username", e.messageKey());
    }

    @Test
    void displayNameIsRequiredAndLimited() {
        assertEquals("Alice", new Account("alice", "  Alice  ", "h").getDisplayName());
        for (String bad : new String[] {null, "", "   ", "n".repeat(129)}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Account("alice", bad, "h"));
            assertEquals("account.error.displayName", e.messageKey());
        }
        assertEquals(
                128, new Account("alice", "n".repeat(128), "h").getDisplayName().length());
    }

    @Test
    void accountCanBeDisabledAndEnabled() {
        Account account = new Account("alice", "Alice", "h");
        account.setEnabled(false);
        assertFalse(account.isEnabled());
        account.setEnabled(true);
        assertTrue(account.isEnabled());
    }
}
