package io.tenantlink.mapping;

/** How a directory sync run ended. */
public enum SyncOutcome {
    RUNNING,
    /** Every page read and stored; the deltaLink kept. */
    DONE,
    /** Graph no longer knew the stored deltaLink (410): every user read again. */
    RESYNCED,
    /** Graph refused to list users (403): the ChatOps app lacks User.Read.All in the tenant. Nothing changed. */
    PERMISSION_MISSING,
    /** Microsoft refused the ChatOps app's token in the tenant (the app is not there, no consent). Nothing changed. */
    TOKEN_REFUSED,
    /** No answer, or an error answer: the copy keeps what earlier pages stored; the deltaLink is unchanged. */
    FAILED
}
