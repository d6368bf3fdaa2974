package io.tenantlink.incident;

/** TEMPORARY until the stakeholder-updates branch lands (it defines this event). */
public record StakeholderUpdatePosted(
        long siteId,
        long projectId,
        long incidentId,
        long updateId,
        String incidentKey,
        String text,
        String authorName) {}
