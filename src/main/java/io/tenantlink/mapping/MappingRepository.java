package io.tenantlink.mapping;

import io.tenantlink.microsoft.GraphGateway.DeltaUser;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The directory copies, sync state and runs, and person mappings of connections. */
public interface MappingRepository {

    // --- the directory copy --------------------------------------------------------------------------------------

    /**
     * Stores page {@code pageNo} of the run's /users/delta: each user marked seen by the run, inserted, or changed
     * where it differs from the copy (only the addresses that changed), each removed one deleted. Returns {changed,
     * removed}: changed counts every user of the page that is not removed. With {@code assumeNew} (a full round into
     * an empty copy) and no removed user in the page, the users are only inserted, not marked seen; a user already
     * stored then fails the page with {@link AlreadyStored}.
     */
    int[] applyPage(long connectionId, long runId, int pageNo, List<DeltaUser> users, boolean assumeNew);

    /** A page applied as new users named a user the copy already holds (the page's changes are rolled back). */
    final class AlreadyStored extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AlreadyStored(Throwable cause) {
            super("a user of the page is stored already", cause);
        }
    }

    /** Deletes the connection's users the run did not see (after a full round); how many. */
    int removeUnseen(long connectionId, long runId);

    /** Forgets which users the run saw (at its end, or for a run an instance left unfinished). */
    void forgetSeen(long runId);

    /** Users of the connection having one of these addresses (lower case), each with the addresses it has. */
    List<DirectoryEntry> byAddresses(long connectionId, Collection<String> addressKeys);

    /** Users of the connection with these object ids (with no addresses: matching does not need them here). */
    List<DirectoryEntry> byObjectIds(long connectionId, Collection<String> objectIds);

    /** Users whose name, mail or user name contains the text (any case), at most {@code max}, by name. */
    List<DirectoryEntry> search(long connectionId, String text, int max);

    long userCount(long connectionId);

    // --- sync state and runs -------------------------------------------------------------------------------------

    Optional<String> deltaLink(long connectionId);

    void saveDeltaLink(long connectionId, String deltaLink);

    SyncRun addRun(SyncRun run);

    Optional<SyncRun> findRun(long runId);

    Optional<SyncRun> lastRun(long connectionId);

    /** The ids of the connection's runs still RUNNING. */
    List<Long> unfinishedRuns(long connectionId);

    /** Whether a run of the connection ever completed (DONE or RESYNCED). */
    boolean everSynced(long connectionId);

    // --- person mappings -----------------------------------------------------------------------------------------

    Map<Long, PersonMapping> mappings(long connectionId, Collection<Long> personIds);

    Optional<PersonMapping> mapping(long connectionId, long personId);

    /** The overrides whose user is there (not needing attention), at most {@code max}, by person id. */
    List<PersonMapping> overrides(long connectionId, int max);

    /** How many of the connection's mappings have each outcome; OVERRIDE_ATTENTION: overrides without their user. */
    Map<String, Long> counts(long connectionId);

    /** Unmatched, ambiguous and overrides needing attention, at most {@code max}, by person id. */
    List<PersonMapping> needingAction(long connectionId, int max);

    /** The connections with a stored deltaLink (the timer's work). */
    List<Long> connectionsWithDeltaLink();

    /** The lowest and highest person id of the site; empty when it has no people. */
    Optional<long[]> personIds(long siteId);

    /** What matching needs for the site's people with ids above {@code afterId} up to {@code toId}. */
    MatchingWindow matchingWindow(long connectionId, long siteId, long afterId, long toId);

    /** New automatic mappings (by person id) and changed outcomes (by mapping id), written as batches. */
    void saveMappings(long connectionId, Map<Long, MappingRow> added, Map<Long, MappingRow> changed);

    void add(PersonMapping mapping);

    void removeMappingsOfPerson(long personId);

    /** Ids of the people whose mapping in this connection holds this user (outcome with a user). */
    List<Long> peopleWithUser(long connectionId, String objectId);
}
