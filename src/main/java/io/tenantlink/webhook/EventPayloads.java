package io.tenantlink.webhook;

import io.tenantlink.incident.IncidentViews.FieldChange;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.IncidentViews.PersonRef;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.incident.TimelineRecorded;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;
import java.util.UUID;

/**
 * The JSON of an event (docs/webhooks.md): its id (the idempotency key), type, time, site, the incident as it is after
 * the change, who acted, and the note's text or the changed fields.
 */
public final class EventPayloads {

    private EventPayloads() {}

    /** The event type receivers see for a timeline entry type. */
    public static String type(TimelineEntryType type) {
        return switch (type) {
            case CREATED -> "incident.created";
            case CHANGED -> "incident.changed";
            case NOTE -> "incident.note_added";
            case REPLY -> "incident.reply_added";
            case CHAT_CREATED -> "chat.created";
            case CHAT_MEMBERS_ADDED -> "chat.members_added";
            case MEETING_STARTED -> "meeting.started";
            case STAKEHOLDER_UPDATE -> "stakeholder_update.sent";
            case REVIEW -> "review.changed";
            default -> "incident." + type.name().toLowerCase(Locale.ROOT);
        };
    }

    /** A test event a site admin sends to check the receiver; it names no incident. */
    public static String ping(UUID key, long siteId, String actor, java.time.Instant at) {
        return Json.createObjectBuilder()
                .add("id", key.toString())
                .add("type", "ping")
                .add("occurredAt", at.toString())
                .add("siteId", siteId)
                .add("actor", actor)
                .build()
                .toString();
    }

    public static String of(UUID key, TimelineRecorded recorded, String incidentUrl) {
        IncidentDetail incident = recorded.incident();
        JsonObjectBuilder about = Json.createObjectBuilder()
                .add("key", incident.key())
                .add("summary", incident.summary())
                .add("priority", incident.priority())
                .add("status", incident.status())
                .add("major", incident.major())
                .add("url", incidentUrl);
        PersonRef assignee = incident.assignee();
        if (assignee == null) {
            about.addNull("assignee");
        } else {
            about.add(
                    "assignee",
                    Json.createObjectBuilder().add("name", assignee.name()).add("email", assignee.email()));
        }
        JsonObjectBuilder event = Json.createObjectBuilder()
                .add("id", key.toString())
                .add("type", type(recorded.type()))
                .add("occurredAt", recorded.occurredAt().toString())
                .add("siteId", recorded.siteId())
                .add("incident", about)
                .add("actor", recorded.actor());
        if (recorded.body() != null) {
            event.add("text", recorded.body());
        }
        if (recorded.type() == TimelineEntryType.CHANGED) {
            JsonArrayBuilder changes = Json.createArrayBuilder();
            for (FieldChange change : recorded.changes()) {
                changes.add(Json.createObjectBuilder()
                        .add("field", change.field())
                        .add("from", change.from())
                        .add("to", change.to()));
            }
            event.add("changes", changes);
        }
        return event.build().toString();
    }
}
