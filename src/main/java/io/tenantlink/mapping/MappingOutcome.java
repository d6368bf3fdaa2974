package io.tenantlink.mapping;

import java.util.List;
import java.util.Optional;

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
        return new MappingOutcome(MappingKind.NOT_SYNCED, MatchRules.REASON_NOT_SYNCED, Optional.empty(), List.of());
    }

    /** A site admin's choice that no longer holds (its user was removed from the directory or disabled). */
    public boolean needsAttention() {
        return kind == MappingKind.OVERRIDE && user.isEmpty();
    }
}
