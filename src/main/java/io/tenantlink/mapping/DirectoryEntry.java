package io.tenantlink.mapping;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import java.util.Collection;
import java.util.Set;

/**
 * A directory user as matching sees it: who it is, whether it may be matched at all (member, enabled), and the
 * addresses it answers to, in lower case ({@link MatchRules#addressKeys}).
 */
public record DirectoryEntry(
        String objectId, String displayName, String mail, boolean guest, boolean enabled, Set<String> addressKeys) {

    public DirectoryEntry {
        addressKeys = addressKeys == null ? Set.of() : Set.copyOf(addressKeys);
    }

    /** From Graph's properties: {@code userType} "Guest" makes a guest; {@code accountEnabled} null counts as enabled. */
    public static DirectoryEntry of(
            String objectId,
            String displayName,
            String mail,
            String userPrincipalName,
            Collection<String> otherMails,
            Collection<String> proxyAddresses,
            String userType,
            Boolean accountEnabled) {
        return new DirectoryEntry(
                objectId,
                displayName,
                mail,
                MatchRules.isGuest(userType),
                accountEnabled == null || accountEnabled,
                MatchRules.addressKeys(mail, userPrincipalName, otherMails, proxyAddresses));
    }

    public MappedUser user() {
        return new MappedUser(objectId, displayName, mail);
    }
}
