package io.tenantlink.mapping;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** TEMPORARY stand-in for the mapping feature (being built on branch helper-map); replaced by its merge. */
@ApplicationScoped
public class PersonMappings {

    public record MappedUser(String objectId, String displayName, String mail) {}

    public enum Kind {
        MAPPED,
        UNMATCHED,
        AMBIGUOUS,
        NOT_SYNCED
    }

    public record MappingOutcome(Kind kind, String reasonKey, Optional<MappedUser> user) {}

    public Optional<MappedUser> mappedUser(long connectionId, long personId) {
        return Optional.empty();
    }

    public Map<Long, MappingOutcome> outcomes(long connectionId, Collection<Long> personIds) {
        Map<Long, MappingOutcome> outcomes = new HashMap<>();
        personIds.forEach(id ->
                outcomes.put(id, new MappingOutcome(Kind.NOT_SYNCED, "mapping.reason.notSynced", Optional.empty())));
        return outcomes;
    }
}
