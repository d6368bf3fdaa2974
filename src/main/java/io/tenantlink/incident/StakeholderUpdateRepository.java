package io.tenantlink.incident;

import java.util.List;
import java.util.Optional;

public interface StakeholderUpdateRepository {

    /** Persists the update's timeline entry and gives it its id, which the update refers to. */
    long addEntry(TimelineEntry entry);

    /** Persists the update and gives it its id (the caller adds its recipients next). */
    void add(StakeholderUpdate update);

    void addRecipient(UpdateRecipient recipient);

    Optional<StakeholderUpdate> find(long id);

    /** The incident's updates, oldest first. */
    List<StakeholderUpdate> findByIncident(long incidentId);

    /** The recipients of the given updates, in the order they were written. */
    List<UpdateRecipient> recipients(List<Long> updateIds);

    Optional<UpdateRecipient> findRecipient(long id);
}
