package io.tenantlink.preference;

import java.util.Optional;

/** Saved communication preferences of service projects. */
public interface PreferenceRepository {

    Optional<ProjectTeamsPreference> find(long projectId);

    /**
     * The project's preference, read under a write lock on the project (and on the preference when
     * there is one), so that concurrent changes of one project run one after the other and each
     * sees the one before it. Needs a transaction.
     */
    Optional<ProjectTeamsPreference> findForUpdate(long projectId);

    void add(ProjectTeamsPreference preference);
}
