package io.tenantlink.auditing;

import io.tenantlink.platform.InvalidInputException;

/**
 * Where a page of the grant history starts (keyset paging, newest first): {@code before} a record number (the
 * "Older" link carries the last number shown), or {@code after} one (the "Newer" link carries the first); neither:
 * the newest records.
 */
public record AuditCursor(Long before, Long after) {

    public static final AuditCursor NEWEST = new AuditCursor(null, null);

    static AuditCursor parse(String before, String after) {
        Long older = number(before);
        Long newer = number(after);
        if (older != null && newer != null) {
            throw new InvalidInputException("audit.error.cursor");
        }
        return new AuditCursor(older, newer);
    }

    private static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("audit.error.cursor");
    }

    boolean newest() {
        return before == null && after == null;
    }
}
