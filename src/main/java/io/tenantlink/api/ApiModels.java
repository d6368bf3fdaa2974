package io.tenantlink.api;

import io.tenantlink.incident.IncidentViews.PersonRef;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's JSON shapes (JSON-B binds records). */
public final class ApiModels {

    private ApiModels() {}

    @Schema(name = "PersonInput", description = "A person to add, or all of a person's fields to set")
    public record PersonInput(
            @Schema(required = true, maxLength = 120) String name,

            @Schema(required = true, example = "megan.bowen@contoso.example")
            String email,

            List<String> alternativeEmails,
            Boolean agent,
            Boolean responder,
            Boolean stakeholder) {}

    @Schema(name = "IncidentInput", description = "A new incident")
    public record IncidentInput(
            @Schema(required = true, description = "key of an Incidents project of the site", example = "INC")
            String project,

            @Schema(required = true, maxLength = 255) String summary,
            @Schema(maxLength = 4000) String description,

            @Schema(
                    enumeration = {"P1", "P2", "P3", "P4", "P5"},
                    defaultValue = "P3")
            String priority,

            Long assigneeId,
            List<Long> responderIds,
            List<Long> stakeholderIds,

            @Schema(description = "Premium and Enterprise plans only")
            Boolean major) {}

    @Schema(name = "IncidentUpdate", description = "Fields to change; a field left out (or null) stays as it is")
    public record IncidentUpdate(
            String summary,
            String description,

            @Schema(enumeration = {"P1", "P2", "P3", "P4", "P5"})
            String priority,

            @Schema(enumeration = {"OPEN", "ACKNOWLEDGED", "RESOLVED", "CLOSED"})
            String status,

            Long assigneeId,

            @Schema(description = "true: no assignee (assigneeId is then ignored)")
            Boolean unassign,

            List<Long> responderIds,
            List<Long> stakeholderIds,

            @Schema(description = "Premium and Enterprise plans only")
            Boolean major) {}

    @Schema(name = "NoteInput")
    public record NoteInput(
            @Schema(
                    enumeration = {"NOTE", "REPLY"},
                    defaultValue = "NOTE")
            String kind,

            @Schema(required = true, maxLength = 4000) String text) {}

    @Schema(name = "Incident")
    public record IncidentOut(
            String key,
            String project,
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
            Instant updatedAt) {}

    @Schema(name = "TimelineEntry")
    public record TimelineOut(Instant occurredAt, String actor, String type, String text, List<ChangeOut> changes) {}

    @Schema(name = "FieldChange")
    public record ChangeOut(String field, String from, String to) {}

    @Schema(name = "StakeholderUpdateInput")
    public record UpdateInput(
            @Schema(required = true, maxLength = 4000, description = "the update; line breaks allowed")
            String text) {}

    @Schema(name = "StakeholderUpdate")
    public record UpdateOut(
            long id,
            String incident,
            Instant createdAt,
            String author,
            String authorName,
            String text,
            List<RecipientOut> recipients) {}

    @Schema(name = "StakeholderUpdateRecipient", description = "One stakeholder the update was e-mailed to")
    public record RecipientOut(
            String name,
            String address,

            @Schema(enumeration = {"PENDING", "SENT", "FAILED", "NOT_CONFIGURED"})
            String status,

            @Schema(description = "why it failed (FAILED only)")
            String reason) {}
}
