package io.tenantlink.mapping;

/** How a person stands against one connected tenant's directory. */
public enum MappingKind {
    /** Exactly one enabled member user has one of the person's addresses. */
    MAPPED,
    /** A site admin chose the user; wins over automatic matching (needs attention when that user is gone or disabled). */
    OVERRIDE,
    /** The person linked themselves by signing in with Microsoft through a site admin's invitation. */
    SELF_LINKED,
    /** No usable user: none with these addresses, only a guest, or only a disabled account. */
    UNMATCHED,
    /** Two or more users have the person's addresses: nobody is guessed. */
    AMBIGUOUS,
    /** The tenant's users have not been read yet, or the person was not considered since. */
    NOT_SYNCED
}
