package io.tenantlink.sandbox;

/**
 * Fired when the sandbox forgets everything it was given (consent, grants, refresh tokens, chats, faults), so that the
 * portal forgets the Microsoft tokens it cached from it too: a fresh Microsoft without restarting the portal.
 */
public record SandboxReset() {
}
