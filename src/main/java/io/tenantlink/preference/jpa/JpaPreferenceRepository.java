package io.tenantlink.preference.jpa;

import io.tenantlink.preference.PreferenceRepository;
import io.tenantlink.preference.ProjectTeamsPreference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

@ApplicationScoped
public class JpaPreferenceRepository implements PreferenceRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<ProjectTeamsPreference> find(long projectId) {
        return Optional.ofNullable(em.find(ProjectTeamsPreference.class, projectId));
    }

    @Override
    public Optional<ProjectTeamsPreference> findForUpdate(long projectId) {
        // The project row is the lock: it exists even before the project's first preference does.
        em.createNativeQuery("SELECT id FROM service_project WHERE id = ? FOR UPDATE")
                .setParameter(1, projectId)
                .getResultList();
        return Optional.ofNullable(em.find(ProjectTeamsPreference.class, projectId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public void add(ProjectTeamsPreference preference) {
        em.persist(preference);
        em.flush();
    }
}
