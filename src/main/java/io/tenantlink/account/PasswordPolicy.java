package io.tenantlink.account;

import io.tenantlink.platform.InvalidInputException;
import java.util.Locale;

/** What a portal password must be: long enough, not the username, and new when it is changed. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {}

    public static void check(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidInputException("password.error.tooShort", MIN_LENGTH);
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidInputException("password.error.tooLong", MAX_LENGTH);
        }
        if (username != null && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("password.error.containsUsername");
        }
    }

    public static void checkChange(String username, String currentPassword, String newPassword, String confirmation) {
        if (newPassword == null || !newPassword.equals(confirmation)) {
            throw new InvalidInputException("password.error.mismatch");
        }
        check(username, newPassword);
        if (newPassword.equals(currentPassword)) {
            throw new InvalidInputException("password.error.unchanged");
        }
    }
}
