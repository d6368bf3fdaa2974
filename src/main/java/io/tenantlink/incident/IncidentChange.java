package io.tenantlink.incident;

import java.util.List;

/** The whole editable state of an incident, as requested by a page or the API (validated by {@link IncidentService}). */
public record IncidentChange(
        String summary,
        String description,
        Priority priority,
        IncidentStatus status,
        Long assigneeId,
        List<Long> responderIds,
        List<Long> stakeholderIds,
        boolean major) {

    public IncidentChange {
        responderIds = responderIds == null ? List.of() : List.copyOf(responderIds);
        stakeholderIds = stakeholderIds == null ? List.of() : List.copyOf(stakeholderIds);
    }
}
