package io.tenantlink.incident;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An incident's key: the project key and the incident's number in that project, such as {@code INC-42}. */
public record IncidentKey(String projectKey, long number) {

    private static final Pattern FORM = Pattern.compile("([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,17})");

    public IncidentKey {
        if (number < 1) {
            throw new IllegalArgumentException("incident numbers start at 1");
        }
    }

    public static Optional<IncidentKey> parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new IncidentKey(m.group(1), Long.parseLong(m.group(2))));
    }

    @Override
    public String toString() {
        return projectKey + "-" + number;
    }
}
