package io.tenantlink.connection;

import java.time.Instant;

/** An approval link as pages show it, with its status and usability at the time the page is made. */
public record ApprovalLinkView(
        long id,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        ApprovalLinkStatus status,
        String decidedBy,
        boolean usable) {

    public static ApprovalLinkView of(ApprovalLink link, Instant now) {
        return new ApprovalLinkView(
                link.getId(),
                link.getCreatedBy(),
                link.getCreatedAt(),
                link.getExpiresAt(),
                link.statusAt(now),
                link.getDecidedBy(),
                link.usableAt(now));
    }
}
