package io.tenantlink.people.jpa;

import io.tenantlink.people.Person;
import io.tenantlink.people.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaPersonRepository implements PersonRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<Person> find(long id) {
        return Optional.ofNullable(em.find(Person.class, id));
    }

    @Override
    public Optional<Person> findOnSite(long siteId, long id) {
        return find(id).filter(p -> p.getSiteId() == siteId);
    }

    @Override
    public List<Person> findBySite(long siteId) {
        return em.createQuery("select p from Person p where p.siteId = :site order by p.name, p.id", Person.class)
                .setParameter("site", siteId)
                .getResultList();
    }

    @Override
    public List<Person> pageOfSite(long siteId, long afterId, int max) {
        return em.createQuery(
                        "select p from Person p where p.siteId = :site and p.id > :after order by p.id", Person.class)
                .setParameter("site", siteId)
                .setParameter("after", afterId)
                .setMaxResults(max)
                // The alternative e-mails of the whole page in one more query, not one per person.
                .setHint("eclipselink.batch", "p.alternativeEmails")
                .setHint("eclipselink.batch.type", "IN")
                .getResultList();
    }

    @Override
    public long countOnSite(long siteId) {
        return em.createQuery("select count(p) from Person p where p.siteId = :site", Long.class)
                .setParameter("site", siteId)
                .getSingleResult();
    }

    @Override
    public boolean emailTaken(long siteId, String emailKey, Long exceptId) {
        return em.createQuery(
                                "select count(p) from Person p where p.siteId = :site and p.emailKey = :key"
                                        + " and p.id <> :except",
                                Long.class)
                        .setParameter("site", siteId)
                        .setParameter("key", emailKey)
                        .setParameter("except", exceptId == null ? -1L : exceptId)
                        .getSingleResult()
                > 0;
    }

    @Override
    public void add(Person person) {
        em.persist(person);
        em.flush();
    }

    @Override
    public void remove(Person person) {
        em.remove(person);
        em.flush();
    }
}
