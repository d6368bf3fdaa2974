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

    /** Read the site's people (agents, responders, stakeholders). */
    VIEW_PEOPLE,
    /** Add, change and remove the site's people. */
    MANAGE_PEOPLE,
    /** Create and revoke the site's API tokens. */
    MANAGE_API_TOKENS,
    /** Read the site's webhooks and their delivery log. */
    VIEW_WEBHOOKS,
    /** Add and remove the site's webhooks, send a test event, redeliver. */
    MANAGE_WEBHOOKS,
    /** Set the site's plan (the operator's). */
    SET_SITE_PLAN,
    /** See the site's lifecycle warnings (expiring credentials, failing connections). */
    VIEW_WARNINGS,
    /** Acknowledge the site's lifecycle warnings, check now, set one's own address for their e-mails. */
    MANAGE_WARNINGS,

    VIEW_PROJECT,
    EDIT_PROJECT,
    /** Read a project's incidents. */
    VIEW_INCIDENTS,
    /** Create incidents, change them and add notes. */
    WORK_INCIDENTS
}
