package io.tenantlink.mapping;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read API for other features (the incident chat): which Microsoft user a person is in a connected tenant, as the last
 * sync or change computed it. No Graph call: the stored mappings only.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class PersonMappings {

    /** The Microsoft user a person is mapped to in one tenant: its object id, name and e-mail as the directory gave them. */
    public record MappedUser(String objectId, String displayName, String mail) {}

    /**
     * A person's mapping in one tenant: the kind, the messages-bundle key that says why in plain words ({@code
     * mapping.reason.*}), the user when there is one to use, and the candidates of an ambiguous match.
     */
    public record MappingOutcome(
            MappingKind kind, String reasonKey, Optional<MappedUser> user, List<MappedUser> candidates) {

        public MappingOutcome {
            user = user == null ? Optional.empty() : user;
            candidates = candidates == null ? List.of() : List.copyOf(candidates);
        }

        public static MappingOutcome notSynced() {
            return new MappingOutcome(
                    MappingKind.NOT_SYNCED, MatchRules.REASON_NOT_SYNCED, Optional.empty(), List.of());
        }

        /** A site admin's choice that no longer holds (its user was removed from the directory or disabled). */
        public boolean needsAttention() {
            return kind == MappingKind.OVERRIDE && user.isEmpty();
        }
    }

    @Inject
    MappingRepository mappings;

    /** The user to invite: mapped, overridden (while its user is there and enabled) or self-linked; else empty. */
    public Optional<MappedUser> mappedUser(long connectionId, long personId) {
        return mappings.mapping(connectionId, personId).flatMap(PersonMapping::user);
    }

    /**
     * The people mapped to this Microsoft user in this connection (mapped, chosen by a site admin or self-linked, with
     * the user there): who sent a chat message. Usually one; none or several mean nobody may be named.
     */
    public List<Long> peopleMappedTo(long connectionId, String objectId) {
        return objectId == null ? List.of() : mappings.peopleWithUser(connectionId, objectId);
    }

    /**
     * The one enabled member user of the connection's directory copy (read with User.Read.All, application) that has
     * this address (mail, user name, other mails, smtp: proxy addresses); empty when none or several have it.
     */
    public Optional<MappedUser> userByAddress(long connectionId, String address) {
        java.util.Set<String> keys = MatchRules.personKeys(address, List.of());
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<DirectoryEntry> found = mappings.byAddresses(connectionId, keys).stream()
                .filter(u -> u.enabled() && !u.guest())
                .toList();
        return found.size() == 1 ? Optional.of(found.get(0).user()) : Optional.empty();
    }

    /** Each person's outcome (NOT_SYNCED for people without one yet), with the candidates of ambiguous ones. */
    public Map<Long, MappingOutcome> outcomes(long connectionId, Collection<Long> personIds) {
        Map<Long, PersonMapping> found = mappings.mappings(connectionId, Set.copyOf(personIds));
        Set<String> candidateIds = new LinkedHashSet<>();
        found.values().forEach(m -> candidateIds.addAll(m.candidateIds()));
        Map<String, MappedUser> candidates = new HashMap<>();
        if (!candidateIds.isEmpty()) {
            mappings.byObjectIds(connectionId, candidateIds).forEach(e -> candidates.put(e.objectId(), e.user()));
        }
        Map<Long, MappingOutcome> out = new HashMap<>();
        for (Long personId : personIds) {
            PersonMapping m = found.get(personId);
            out.put(
                    personId,
                    m == null || m.getOutcome() == null ? MappingOutcome.notSynced() : outcome(m, candidates));
        }
        return out;
    }

    static MappingOutcome outcome(PersonMapping m, Map<String, MappedUser> candidates) {
        List<MappedUser> listed = m.candidateIds().stream()
                .map(id -> candidates.getOrDefault(id, new MappedUser(id, null, null)))
                .toList();
        return new MappingOutcome(m.getOutcome(), m.getReasonKey(), m.user(), listed);
    }
}
