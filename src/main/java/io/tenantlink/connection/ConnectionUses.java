package io.tenantlink.connection;

import java.util.List;

/**
 * What uses a tenant connection, for the pages that change it (disconnect): the feature that ties projects to a
 * connection provides it (a CDI bean), so the connection feature depends on none of them.
 */
public interface ConnectionUses {

    /** A service project that uses the connection (its Microsoft Teams preference names it). */
    record ProjectUse(long id, String key, String name) {}

    /** The projects using the connection, by name. */
    List<ProjectUse> projectsUsing(long connectionId);
}
