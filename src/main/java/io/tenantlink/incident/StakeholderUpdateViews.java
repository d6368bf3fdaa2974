package io.tenantlink.incident;

import java.time.Instant;
import java.util.List;

/** What pages and the API show of stakeholder updates: records, never entities. */
public final class StakeholderUpdateViews {

    private StakeholderUpdateViews() {}

    /** One stakeholder an update was e-mailed to; {@code status} a {@link DeliveryStatus} name, reason when FAILED. */
    public record RecipientView(String name, String address, String status, String reason) {}

    /** An update with what became of each e-mail. */
    public record UpdateView(
            long id,
            long timelineEntryId,
            Instant createdAt,
            String author,
            String authorName,
            String text,
            List<RecipientView> recipients) {}

    /** A stakeholder who will get the next update. */
    public record StakeholderView(String name, String email) {}
}
