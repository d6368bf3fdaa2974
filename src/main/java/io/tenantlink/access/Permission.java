package io.tenantlink.access;

/** What a caller may do; controllers ask for these by name, never for roles. */
public enum Permission {
    /** Global: create sites. */
    CREATE_SITE,
    /** Global: create and disable portal accounts. */
    MANAGE_ACCOUNTS,
    /** Global: read audit records that belong to no site (logins, accounts). */
    READ_GLOBAL_AUDIT,

    VIEW_SITE,
    EDIT_SITE,
    MANAGE_SITE_ROLES,
    CREATE_PROJECT,
    READ_SITE_AUDIT,
    /** See the site's Microsoft tenant connections and their approval links. */
    VIEW_CONNECTIONS,
    /** Connect, give permission, create or revoke approval links, disconnect. */
    MANAGE_CONNECTIONS,

    VIEW_PROJECT,
    EDIT_PROJECT
}
