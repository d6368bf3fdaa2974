package io.tenantlink.preference;

import io.tenantlink.connection.ConnectionUses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** The projects whose Microsoft Teams preference uses a connection (for the disconnect page). */
@ApplicationScoped
public class ProjectsUsingConnection implements ConnectionUses {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProjectUse> projectsUsing(long connectionId) {
        return em
                .createQuery(
                        "select p.id, p.key, p.name from ServiceProject p, ProjectTeamsPreference t"
                                + " where t.projectId = p.id and t.connectionId = :c and t.teamsEnabled = true"
                                + " order by p.name",
                        Object[].class)
                .setParameter("c", connectionId)
                .getResultList()
                .stream()
                .map(r -> new ProjectUse((Long) r[0], (String) r[1], (String) r[2]))
                .toList();
    }
}
