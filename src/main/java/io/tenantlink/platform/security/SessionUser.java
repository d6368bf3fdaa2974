package io.tenantlink.platform.security;

import java.io.Serializable;
import java.time.Instant;

/** What the HTTP session remembers about who signed in, and when (for the absolute timeout). */
public record SessionUser(long accountId, String username, Instant signedInAt) implements Serializable {
    public static final String ATTRIBUTE = "tenantlink.user";
    public static final String RETURN_TO = "tenantlink.returnTo";
}
