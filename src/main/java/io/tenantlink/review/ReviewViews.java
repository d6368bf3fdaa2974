package io.tenantlink.review;

import io.tenantlink.review.ReviewRules.Mode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What review pages show: records, never entities. */
public final class ReviewViews {

    private ReviewViews() {}

    /**
     * An incident's review as one person gets it: {@code mode} says whether they write, read, read a review kept after
     * a downgrade, or meet the plan's gate; {@code exists} false for a review nobody has written yet.
     */
    public record ReviewView(
            Mode mode,
            boolean exists,
            String summary,
            Instant updatedAt,
            String updatedBy,
            List<ActionItemView> items,
            List<ChatLineView> chat,
            Instant chatExportedAt,
            String chatExportedBy,
            boolean chatCut) {

        public boolean writable() {
            return mode == Mode.WRITE;
        }

        public long openItems() {
            return items.stream().filter(i -> !i.done()).count();
        }
    }

    /** The review's panel on the incident page: its mode, whether it exists, how many items and how many are open. */
    public record ReviewPanelView(Mode mode, boolean exists, int items, long openItems) {}

    /** An action item; {@code owner} the person's name or the free text, {@code ownerIsPerson} which of them. */
    public record ActionItemView(
            long id,
            String description,
            String owner,
            boolean ownerIsPerson,
            LocalDate due,
            boolean done,
            boolean overdue,
            String createdBy) {}

    /** An exported chat message; {@code sender} null when Graph named nobody. */
    public record ChatLineView(String sender, Instant sentAt, String text) {}
}
