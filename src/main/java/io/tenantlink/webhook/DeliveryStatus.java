package io.tenantlink.webhook;

/** Where one event's delivery to one endpoint stands. */
public enum DeliveryStatus {
    /** Waiting for its next attempt (the first, or a retry after a failure). */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Every attempt failed; a site admin can redeliver it. */
    GAVE_UP,
    /** Its endpoint was removed before it was delivered. */
    CANCELLED
}
