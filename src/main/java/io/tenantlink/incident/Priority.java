package io.tenantlink.incident;

/** P1 (most urgent) to P5. */
public enum Priority {
    P1,
    P2,
    P3,
    P4,
    P5
}
