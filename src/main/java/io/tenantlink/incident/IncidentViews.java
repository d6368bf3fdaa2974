package io.tenantlink.incident;

import java.time.Instant;
import java.util.List;

/** What pages and the API show of incidents: records, never entities. */
public final class IncidentViews {

    private IncidentViews() {}

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
            Instant updatedAt) {}

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
            List<String> nextStatuses) {}

    /** One changed field of a CHANGED entry: the field's name (a message key part) and the values before and after. */
    public record FieldChange(String field, String from, String to) {}

    /** One timeline entry; {@code changes} is filled for CHANGED entries, {@code body} for notes and replies. */
    public record TimelineItem(
            long id, Instant occurredAt, String actor, String type, String body, List<FieldChange> changes) {}
}
