package io.tenantlink.doctor;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Granted against required, for one kind of permission (delegated or application): sorted, case as the catalog spells it. */
public record ScopeDiff(List<String> matching, List<String> missing, List<String> extra) {

    public static final ScopeDiff EMPTY = new ScopeDiff(List.of(), List.of(), List.of());

    public ScopeDiff {
        matching = sorted(matching);
        missing = sorted(missing);
        extra = sorted(extra);
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    /** The space-separated form kept in the database ("" for none). */
    public static String join(Collection<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    public static List<String> split(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.trim().split("\\s+")).collect(Collectors.toCollection(TreeSet::new)).stream()
                .toList();
    }

    private static List<String> sorted(Collection<String> scopes) {
        return List.copyOf(new TreeSet<>(scopes));
    }

    static Set<String> lower(Collection<String> scopes) {
        return scopes.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
    }
}
