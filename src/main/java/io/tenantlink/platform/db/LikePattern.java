package io.tenantlink.platform.db;

import java.util.Locale;

/**
 * LIKE patterns for a text typed by a person: its own wildcards are taken literally. Queries pair it with
 * {@code lower(column) like :p escape '!'}; '!' escapes, since a backslash would itself need escaping in MariaDB's
 * string literals.
 */
public final class LikePattern {

    private LikePattern() {}

    /** Finds the text anywhere, ignoring case. */
    public static String containing(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return "%" + lower.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
