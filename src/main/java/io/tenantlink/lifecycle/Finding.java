package io.tenantlink.lifecycle;

import java.time.Instant;

/**
 * One condition that holds now on a site: the warning it makes. {@code detail}: a code (AADSTS700082, DRIFT) or a
 * feature's name, never a secret; {@code expiresAt}: for credentials.
 */
public record Finding(WarningKind kind, String subject, Stage stage, String detail, Instant expiresAt) {}
