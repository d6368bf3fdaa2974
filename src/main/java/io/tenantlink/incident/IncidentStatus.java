package io.tenantlink.incident;

/** Where an incident stands; {@link IncidentWorkflow} says which changes are allowed. */
public enum IncidentStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    CLOSED
}
