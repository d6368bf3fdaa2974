package io.tenantlink.incident;

/**
 * A stakeholder update was recorded on an incident. Fired inside the recording transaction: observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act only once the update is committed (the e-mail to
 * the stakeholders does; the incident chat posts it). {@code authorName}: the account's display name, or the API
 * token's name; {@code text} as stored (NFC, LF line breaks).
 */
public record StakeholderUpdatePosted(
        long siteId,
        long projectId,
        long incidentId,
        long updateId,
        String incidentKey,
        String text,
        String authorName) {}
