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
     * Stores one page of /users/delta: each user inserted or changed (its addresses replaced) and marked seen by the
     * run, each removed one deleted. Returns {changed, removed}.
     */
    int[] applyPage(long connectionId, long runId, List<DeltaUser> users);

    /** Deletes the connection's users the run did not see (after a full round); how many. */
    int removeUnseen(long connectionId, long runId);

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

    void add(PersonMapping mapping);

    /** New mappings (none of them stored yet), inserted a few hundred rows per statement. */
    void addAll(List<PersonMapping> mappings);

    void removeMappingsOfPerson(long personId);

    /** Ids of the people whose mapping in this connection holds this user (outcome with a user). */
    List<Long> peopleWithUser(long connectionId, String objectId);
}
