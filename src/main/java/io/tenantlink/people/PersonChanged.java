package io.tenantlink.people;

/**
 * A CDI event: a person was added or changed ({@code removed} false), or is being removed. Fired inside the
 * transaction that does it, so observers (the mapping of people to Microsoft users) act in the same one; people know
 * nothing of them.
 */
public record PersonChanged(long siteId, long personId, boolean removed) {}
