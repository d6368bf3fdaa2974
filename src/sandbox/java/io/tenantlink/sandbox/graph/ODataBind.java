package io.tenantlink.sandbox.graph;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the user an {@code "user@odata.bind"} value points at, as Graph takes them in chat and
 * member bodies: {@code https://graph.microsoft.com/v1.0/users('{id or userPrincipalName}')}, the
 * same with {@code /beta/}, or {@code .../users/{id or userPrincipalName}}. The key is percent-decoded
 * and a doubled quote ({@code ''}) inside the parentheses is OData's escaped quote.
 */
public final class ODataBind {

    private static final Pattern PARENS =
            Pattern.compile("(?i)^https://graph\\.microsoft\\.com/(?:v1\\.0|beta)/users\\('((?:[^']|'')+)'\\)$");
    private static final Pattern SLASH =
            Pattern.compile("(?i)^https://graph\\.microsoft\\.com/(?:v1\\.0|beta)/users/([^/?#()']+)$");

    private ODataBind() {}

    /** The user id or user principal name the link names; empty if it is not a link to one user. */
    public static Optional<String> userKey(String bind) {
        if (bind == null) {
            return Optional.empty();
        }
        String value = bind.trim();
        Matcher m = PARENS.matcher(value);
        String key;
        if (m.matches()) {
            key = m.group(1).replace("''", "'");
        } else {
            m = SLASH.matcher(value);
            if (!m.matches()) {
                return Optional.empty();
            }
            key = m.group(1);
        }
        try {
            key = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return key.isBlank() ? Optional.empty() : Optional.of(key);
    }
}
