package io.tenantlink.incident;

/**
 * An incident's facts changed (fired inside the changing transaction). Other features observe it after the commit,
 * e.g. the incident chat posts the new details.
 */
public record IncidentChanged(long siteId, long projectId, long incidentId, String actor) {}
