package io.tenantlink.connection;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft's sign-in and consent errors, explained in plain words with what to do: the messages
 * bundle holds {@code aadsts.<code>.title} and {@code aadsts.<code>.action} for each code below.
 * Only the number is taken from Microsoft's {@code error_description}; the description itself
 * (text from a URL anyone can craft) is never shown.
 */
public final class MicrosoftErrors {

    public static final Set<Integer> EXPLAINED =
            Set.of(65001, 65004, 90094, 50011, 500113, 700016, 650056, 700082, 50173, 7000222, 53003, 50020, 90014);
    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*AADSTS(\\d{1,9})\\b");

    private MicrosoftErrors() {}

    /** The code of an {@code error_description}, when it starts with one. */
    public static Optional<Integer> codeOf(String description) {
        if (description == null) {
            return Optional.empty();
        }
        Matcher m = LEADING_CODE.matcher(description);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The messages-bundle key prefix explaining this code ("aadsts.other" when we have no words for it). */
    public static String keyOf(Integer code) {
        return code != null && EXPLAINED.contains(code) ? "aadsts." + code : "aadsts.other";
    }
}
