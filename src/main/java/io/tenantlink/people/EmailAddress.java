package io.tenantlink.people;

import io.tenantlink.platform.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** E-mail addresses as people carry them: one address, trimmed, checked; compared without regard to case. */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_ALTERNATIVES = 10;

    /** local@domain.tld: no spaces, one @, a domain of dot-separated labels of letters, digits and hyphens. */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9.!#$%&*+/=?^_`{|}~'-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private EmailAddress() {}

    /** The address trimmed, or the refusal naming the field it came from. */
    public static String valid(String value) {
        String address = value == null ? "" : value.strip();
        if (address.length() > MAX_LENGTH
                || !ADDRESS.matcher(address).matches()
                || address.startsWith(".")
                || address.contains("..")) {
            throw new InvalidInputException("person.error.email");
        }
        return address;
    }

    /** The form in which two addresses are the same: lower case. */
    public static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    /** Alternative addresses from a comma-, semicolon- or space-separated line: each valid, no repeats (any case). */
    public static List<String> alternatives(String line, String primary) {
        List<String> result = new ArrayList<>();
        if (line == null || line.isBlank()) {
            return result;
        }
        Set<String> seen = new LinkedHashSet<>();
        if (primary != null) {
            seen.add(key(primary));
        }
        for (String part : line.split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            String address = valid(part);
            if (seen.add(key(address))) {
                result.add(address);
            }
        }
        if (result.size() > MAX_ALTERNATIVES) {
            throw new InvalidInputException("person.error.alternatives", MAX_ALTERNATIVES);
        }
        return result;
    }
}
