package io.tenantlink.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import io.tenantlink.microsoft.GraphGateway.DeltaUser;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read API other features use, on stored mappings (a fake repository). */
class PersonMappingsTest {

    static final long CONNECTION = 7;
    static final String LEE = "00000000-0000-4000-8000-000000000001";
    static final String MEGAN = "00000000-0000-4000-8000-000000000002";
    static final String ALEX = "00000000-0000-4000-8000-000000000003";

    /** Stored mappings and directory users; what the read API does not use is not there. */
    static final class Stored implements MappingRepository {
        final Map<Long, PersonMapping> rows = new HashMap<>();
        final Map<String, DirectoryEntry> users = new HashMap<>();

        @Override
        public Map<Long, PersonMapping> mappings(long connectionId, Collection<Long> personIds) {
            Map<Long, PersonMapping> out = new HashMap<>();
            personIds.forEach(id -> Optional.ofNullable(rows.get(id)).ifPresent(m -> out.put(id, m)));
            return out;
        }

        @Override
        public Optional<PersonMapping> mapping(long connectionId, long personId) {
            return Optional.ofNullable(rows.get(personId));
        }

        @Override
        public List<DirectoryEntry> byObjectIds(long connectionId, Collection<String> objectIds) {
            return objectIds.stream().map(users::get).filter(u -> u != null).toList();
        }

        @Override
        public List<Long> peopleWithUser(long connectionId, String objectId) {
            return rows.entrySet().stream()
                    .filter(e -> e.getValue()
                            .user()
                            .map(u -> u.objectId().equalsIgnoreCase(objectId))
                            .orElse(false))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
        }

        // --- not used by the read API ---
        @Override
        public int[] applyPage(long connectionId, long runId, int pageNo, List<DeltaUser> users, boolean assumeNew) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forgetSeen(long runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Long> unfinishedRuns(long connectionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<long[]> personIds(long siteId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MatchingWindow matchingWindow(long connectionId, long siteId, long afterId, long toId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveMappings(long connectionId, Map<Long, MappingRow> added, Map<Long, MappingRow> changed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int removeUnseen(long connectionId, long runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DirectoryEntry> byAddresses(long connectionId, Collection<String> addressKeys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DirectoryEntry> search(long connectionId, String text, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long userCount(long connectionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> deltaLink(long connectionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveDeltaLink(long connectionId, String deltaLink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SyncRun addRun(SyncRun run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SyncRun> findRun(long runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SyncRun> lastRun(long connectionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean everSynced(long connectionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PersonMapping> overrides(long connectionId, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Long> counts(long connectionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PersonMapping> needingAction(long connectionId, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Long> connectionsWithDeltaLink() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(PersonMapping mapping) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeMappingsOfPerson(long personId) {
            throw new UnsupportedOperationException();
        }
    }

    static DirectoryEntry user(String id, String name, String mail) {
        return DirectoryEntry.of(id, name, mail, null, null, null, "Member", true);
    }

    @Test
    void mappedOverriddenAmbiguousNeedingAttentionAndNotSynced() {
        Stored stored = new Stored();
        DirectoryEntry lee = user(LEE, "Lee Gu", "lee@contoso.example");
        DirectoryEntry megan = user(MEGAN, "Megan Bowen", "megan@contoso.example");
        DirectoryEntry alex = user(ALEX, "Alex Wilber", "alex@contoso.example");
        List.of(lee, megan, alex).forEach(u -> stored.users.put(u.objectId(), u));

        PersonMapping mapped = new PersonMapping(CONNECTION, 1);
        mapped.apply(MatchRules.decide(Set.of("lee@contoso.example"), List.of(lee), null));
        PersonMapping ambiguous = new PersonMapping(CONNECTION, 2);
        ambiguous.apply(
                MatchRules.decide(Set.of("megan@contoso.example", "alex@contoso.example"), List.of(megan, alex), null));
        PersonMapping chosen = new PersonMapping(CONNECTION, 3);
        chosen.override(MEGAN, "site admin");
        chosen.apply(MatchRules.decide(Set.of("x@contoso.example"), List.of(megan), MEGAN));
        PersonMapping gone = new PersonMapping(CONNECTION, 4);
        gone.override(ALEX, "site admin");
        gone.apply(MatchRules.decide(Set.of("x@contoso.example"), List.of(), ALEX));
        List.of(mapped, ambiguous, chosen, gone).forEach(m -> stored.rows.put(m.getPersonId(), m));

        PersonMappings api = new PersonMappings();
        api.mappings = stored;

        assertEquals(Optional.of(new MappedUser(LEE, "Lee Gu", "lee@contoso.example")), api.mappedUser(CONNECTION, 1));
        assertEquals(Optional.empty(), api.mappedUser(CONNECTION, 2), "ambiguous: nobody is guessed");
        assertEquals(MEGAN, api.mappedUser(CONNECTION, 3).orElseThrow().objectId());
        assertEquals(Optional.empty(), api.mappedUser(CONNECTION, 4), "an override whose user is gone");
        assertEquals(Optional.empty(), api.mappedUser(CONNECTION, 5));

        Map<Long, MappingOutcome> outcomes = api.outcomes(CONNECTION, List.of(1L, 2L, 3L, 4L, 5L));
        assertEquals(MappingKind.MAPPED, outcomes.get(1L).kind());
        assertEquals("mapping.reason.mapped", outcomes.get(1L).reasonKey());
        assertEquals(MappingKind.AMBIGUOUS, outcomes.get(2L).kind());
        assertEquals(
                List.of("Megan Bowen", "Alex Wilber").stream().sorted().toList(),
                outcomes.get(2L).candidates().stream()
                        .map(MappedUser::displayName)
                        .sorted()
                        .toList());
        assertEquals(MappingKind.OVERRIDE, outcomes.get(3L).kind());
        assertTrue(!outcomes.get(3L).needsAttention());
        assertTrue(outcomes.get(4L).needsAttention());
        assertEquals("mapping.reason.overrideRemoved", outcomes.get(4L).reasonKey());
        assertEquals(MappingKind.NOT_SYNCED, outcomes.get(5L).kind());
        assertEquals("mapping.reason.notSynced", outcomes.get(5L).reasonKey());
    }
}
