package io.tenantlink.connection;

import io.tenantlink.account.ActorNames;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.platform.web.Messages;
import java.time.Instant;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * An approval link as pages show it, with its status and usability at the time the page is made, who made it (by
 * name), and what it is for (the permissions a tenant admin approves through it, in words).
 */
public record ApprovalLinkView(
        long id,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        ApprovalLinkStatus status,
        String decidedBy,
        boolean usable,
        String purpose) {

    public static ApprovalLinkView of(ApprovalLink link, Instant now) {
        return of(link, now, actor -> ActorNames.plain(actor, java.util.Map.of()));
    }

    public static ApprovalLinkView of(ApprovalLink link, Instant now, UnaryOperator<String> names) {
        return new ApprovalLinkView(
                link.getId(),
                names.apply(link.getCreatedBy()),
                link.getCreatedAt(),
                link.getExpiresAt(),
                link.statusAt(now),
                link.getDecidedBy(),
                link.usableAt(now),
                purpose(link.getPermissionSet()));
    }

    /** The badge the status is shown in (fragments/badges). */
    public String statusStyle() {
        return switch (status) {
            case PENDING, OPENED -> "info";
            case APPROVED -> "success";
            case DECLINED -> "failure";
            case EXPIRED, REVOKED -> "neutral";
        };
    }

    /** What a link's permission set is for, in words (pure but for the message bundle). */
    static String purpose(String permissionSet) {
        java.util.Optional<FeatureLinkSet.Ahead> ahead = FeatureLinkSet.ahead(permissionSet);
        if (ahead.isPresent()) {
            return Messages.get(
                    Locale.ENGLISH,
                    "link.for.featureAhead",
                    Messages.get(Locale.ENGLISH, "doctor.feature." + ahead.get().featureKey()),
                    ahead.get().version());
        }
        if (FeatureLinkSet.isFeatureSet(permissionSet)) {
            String[] parts =
                    permissionSet.substring(FeatureLinkSet.PREFIX.length()).split(":", -1);
            String feature = Messages.get(Locale.ENGLISH, "doctor.feature." + parts[0]);
            boolean optional = parts.length == 3 && parts[2].equals("optional");
            return Messages.get(Locale.ENGLISH, optional ? "link.for.featureOptional" : "link.for.feature", feature);
        }
        return Messages.get(Locale.ENGLISH, "link.for.chatops");
    }
}
