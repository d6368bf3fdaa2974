package io.tenantlink.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What pages and the API show of incidents: records, never entities. */
public final class IncidentViews {

    private IncidentViews() {}

    /** The actors an incident's page names (who created it, who did what on its timeline), as records keep them. */
    public static List<String> actors(IncidentDetail detail, List<TimelineItem> timeline) {
        List<String> actors = new ArrayList<>();
        actors.add(detail.createdBy());
        timeline.forEach(e -> actors.add(e.actor()));
        return actors;
    }

    /** A person named on an incident. */
    public record PersonRef(long id, String name, String email) {}

    /** One line of a project's incident list. */
    public record IncidentRow(
            long number,
            String key,
            String summary,
            String priority,
            String status,
            String assignee,
            boolean major,
            Instant updatedAt) {

        public String statusStyle() {
            return IncidentStatus.badgeOf(status);
        }

        public String priorityStyle() {
            return Priority.badgeOf(priority);
        }
    }

    /** An incident with everything its page shows. */
    public record IncidentDetail(
            long id,
            long projectId,
            long number,
            String key,
            String summary,
            String description,
            String priority,
            String status,
            PersonRef assignee,
            List<PersonRef> responders,
            List<PersonRef> stakeholders,
            boolean major,
            Instant createdAt,
            String createdBy,
            Instant updatedAt,
            List<String> nextStatuses) {

        public String statusStyle() {
            return IncidentStatus.badgeOf(status);
        }

        public String priorityStyle() {
            return Priority.badgeOf(priority);
        }
    }

    /** One changed field of a CHANGED entry: the field's name (a message key part) and the values before and after. */
    public record FieldChange(String field, String from, String to) {}

    /** One timeline entry; {@code changes} is filled for CHANGED entries, {@code body} for notes and replies. */
    public record TimelineItem(
            long id, Instant occurredAt, String actor, String type, String body, List<FieldChange> changes) {}
}
