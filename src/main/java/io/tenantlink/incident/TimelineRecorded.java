package io.tenantlink.incident;

import io.tenantlink.incident.IncidentViews.FieldChange;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import java.time.Instant;
import java.util.List;

/**
 * An entry was written on an incident's timeline: fired inside the writing transaction, so that an observer's own
 * writes (e.g. the webhook outbox) commit or roll back with it. {@code incident} is the incident after the change;
 * {@code changes} is filled for CHANGED entries, {@code body} for the others that have text.
 */
public record TimelineRecorded(
        long siteId,
        IncidentDetail incident,
        String actor,
        TimelineEntryType type,
        String body,
        List<FieldChange> changes,
        Instant occurredAt) {}
