package io.tenantlink.mapping;

import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a person is matched with a tenant's directory users (plain Java, {@code MatchRulesTest}).
 *
 * <ul>
 *   <li>A user answers to its {@code mail}, its {@code userPrincipalName}, each {@code otherMails} entry and each
 *       {@code proxyAddresses} entry of the form {@code smtp:address} (the prefix in any case; {@code x500:}, {@code
 *       sip:} and others are not e-mail addresses and are ignored); compared in lower case.
 *   <li>A person answers to their e-mail and alternative e-mails, in lower case.
 *   <li>Guests ({@code userType} Guest) and disabled accounts ({@code accountEnabled} false) never match.
 *   <li>One user left: MAPPED. Two or more distinct users: AMBIGUOUS, with the candidates (nobody is guessed). None:
 *       UNMATCHED, saying whether only a guest or only a disabled account had the address.
 *   <li>A site admin's override wins over all of that while its user is in the directory and enabled; otherwise it is
 *       still an OVERRIDE, without a user, needing attention.
 * </ul>
 */
public final class MatchRules {

    public static final String REASON_MAPPED = "mapping.reason.mapped";
    public static final String REASON_NO_USER = "mapping.reason.noUser";
    public static final String REASON_ONLY_GUEST = "mapping.reason.onlyGuest";
    public static final String REASON_ONLY_DISABLED = "mapping.reason.onlyDisabled";
    public static final String REASON_AMBIGUOUS = "mapping.reason.ambiguous";
    public static final String REASON_OVERRIDE = "mapping.reason.override";
    public static final String REASON_OVERRIDE_REMOVED = "mapping.reason.overrideRemoved";
    public static final String REASON_OVERRIDE_DISABLED = "mapping.reason.overrideDisabled";
    public static final String REASON_NOT_SYNCED = "mapping.reason.notSynced";

    private static final String SMTP = "smtp:";

    private MatchRules() {}

    public static boolean isGuest(String userType) {
        return userType != null && userType.strip().equalsIgnoreCase("Guest");
    }

    /** The addresses a directory user answers to, in lower case. */
    public static Set<String> addressKeys(
            String mail, String userPrincipalName, Collection<String> otherMails, Collection<String> proxyAddresses) {
        Set<String> keys = new LinkedHashSet<>();
        add(keys, mail);
        add(keys, userPrincipalName);
        if (otherMails != null) {
            otherMails.forEach(m -> add(keys, m));
        }
        if (proxyAddresses != null) {
            for (String proxy : proxyAddresses) {
                if (proxy != null
                        && proxy.length() > SMTP.length()
                        && proxy.regionMatches(true, 0, SMTP, 0, SMTP.length())) {
                    add(keys, proxy.substring(SMTP.length()));
                }
            }
        }
        return keys;
    }

    /** The addresses a person answers to, in lower case. */
    public static Set<String> personKeys(String email, Collection<String> alternatives) {
        Set<String> keys = new LinkedHashSet<>();
        add(keys, email);
        if (alternatives != null) {
            alternatives.forEach(a -> add(keys, a));
        }
        return keys;
    }

    public static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static void add(Set<String> keys, String address) {
        if (address != null && !address.isBlank()) {
            keys.add(key(address));
        }
    }

    /**
     * The outcome for a person with these addresses against these directory users (any users: those that do not have
     * one of the addresses are left out here), with the site admin's override ({@code overrideObjectId}, or null),
     * whose user must be among {@code directory} when it is still there.
     */
    public static MappingOutcome decide(
            Set<String> personKeys, Collection<DirectoryEntry> directory, String overrideObjectId) {
        if (overrideObjectId != null) {
            Optional<DirectoryEntry> chosen = directory.stream()
                    .filter(u -> u.objectId().equalsIgnoreCase(overrideObjectId))
                    .findFirst();
            if (chosen.isEmpty()) {
                return new MappingOutcome(MappingKind.OVERRIDE, REASON_OVERRIDE_REMOVED, Optional.empty(), List.of());
            }
            if (!chosen.get().enabled()) {
                return new MappingOutcome(
                        MappingKind.OVERRIDE,
                        REASON_OVERRIDE_DISABLED,
                        Optional.empty(),
                        List.of(chosen.get().user()));
            }
            return new MappingOutcome(
                    MappingKind.OVERRIDE,
                    REASON_OVERRIDE,
                    Optional.of(chosen.get().user()),
                    List.of());
        }
        Map<String, DirectoryEntry> having = new LinkedHashMap<>();
        for (DirectoryEntry user : directory) {
            if (user.addressKeys().stream().anyMatch(personKeys::contains)) {
                having.putIfAbsent(user.objectId().toLowerCase(Locale.ROOT), user);
            }
        }
        List<DirectoryEntry> usable = new ArrayList<>();
        boolean guest = false;
        boolean disabled = false;
        for (DirectoryEntry user : having.values()) {
            if (user.guest()) {
                guest = true;
            } else if (!user.enabled()) {
                disabled = true;
            } else {
                usable.add(user);
            }
        }
        if (usable.size() == 1) {
            return new MappingOutcome(
                    MappingKind.MAPPED, REASON_MAPPED, Optional.of(usable.get(0).user()), List.of());
        }
        if (usable.size() > 1) {
            usable.sort(Comparator.comparing(DirectoryEntry::objectId));
            return new MappingOutcome(
                    MappingKind.AMBIGUOUS,
                    REASON_AMBIGUOUS,
                    Optional.empty(),
                    usable.stream().map(DirectoryEntry::user).toList());
        }
        String reason = disabled ? REASON_ONLY_DISABLED : guest ? REASON_ONLY_GUEST : REASON_NO_USER;
        return new MappingOutcome(MappingKind.UNMATCHED, reason, Optional.empty(), List.of());
    }
}
