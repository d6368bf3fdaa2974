package io.tenantlink.incident;

/** What became of a stakeholder update's e-mail to one stakeholder. */
public enum DeliveryStatus {
    /** Recorded; the e-mail goes out after the update's transaction committed. */
    PENDING,
    /** Handed to the SMTP server. */
    SENT,
    /** The SMTP server could not be reached or refused it; the reason is kept. */
    FAILED,
    /** No SMTP server is configured: nothing was sent. */
    NOT_CONFIGURED
}
