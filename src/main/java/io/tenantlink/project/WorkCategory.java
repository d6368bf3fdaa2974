package io.tenantlink.project;

/** Work categories of a service project; Microsoft Teams collaboration needs INCIDENTS. */
public enum WorkCategory {
    SERVICE_REQUESTS,
    INCIDENTS,
    PROBLEMS,
    CHANGES,
    POST_INCIDENT_REVIEWS
}
