package io.tenantlink.automation.jpa;

import io.tenantlink.automation.AutomationRepository;
import io.tenantlink.automation.AutomationRule;
import io.tenantlink.automation.AutomationRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaAutomationRepository implements AutomationRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public void add(AutomationRule rule) {
        em.persist(rule);
        em.flush();
    }

    @Override
    public Optional<AutomationRule> rule(long projectId, long ruleId) {
        return Optional.ofNullable(em.find(AutomationRule.class, ruleId)).filter(r -> r.getProjectId() == projectId);
    }

    @Override
    public List<AutomationRule> rules(long projectId) {
        return em.createQuery(
                        "select r from AutomationRule r where r.projectId = :p order by r.id", AutomationRule.class)
                .setParameter("p", projectId)
                .getResultList();
    }

    @Override
    public void remove(AutomationRule rule) {
        em.createQuery("delete from AutomationRun r where r.ruleId = :id")
                .setParameter("id", rule.getId())
                .executeUpdate();
        em.remove(rule);
    }

    @Override
    public void add(AutomationRun run) {
        em.persist(run);
    }

    @Override
    public List<AutomationRun> runs(long ruleId, int max) {
        return em.createQuery(
                        "select r from AutomationRun r where r.ruleId = :id order by r.id desc", AutomationRun.class)
                .setParameter("id", ruleId)
                .setMaxResults(max)
                .getResultList();
    }
}
