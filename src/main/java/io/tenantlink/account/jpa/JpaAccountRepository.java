package io.tenantlink.account.jpa;

import io.tenantlink.account.Account;
import io.tenantlink.account.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Accounts in JPA. Every call runs in a transaction (joining the caller's, or a short one of its own): the sign-in
 * reads accounts inside the container's authentication (JASPIC), a nested invocation where Payara's clean-up of an
 * entity manager used without a transaction closed it twice now and then ("Attempting to execute an operation on a
 * closed EntityManager" after authentication), and the person landed on the sign-in page again.
 */
@ApplicationScoped
@Transactional
public class JpaAccountRepository implements AccountRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<Account> find(long id) {
        return Optional.ofNullable(em.find(Account.class, id));
    }

    @Override
    public Optional<Account> findByUsername(String username) {
        return em.createQuery("select a from Account a where a.username = :u", Account.class)
                .setParameter("u", username)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Account> findAll() {
        return em.createQuery("select a from Account a order by a.username", Account.class)
                .getResultList();
    }

    /** One query for all of them (the grant history names up to 50 people per page). */
    @Override
    public java.util.Map<String, String> displayNames(java.util.Collection<String> usernames) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        if (usernames.isEmpty()) {
            return names;
        }
        em.createQuery("select a.username, a.displayName from Account a where a.username in :u", Object[].class)
                .setParameter("u", usernames)
                .getResultList()
                .forEach(row -> names.put((String) row[0], (String) row[1]));
        return names;
    }

    @Override
    public long count() {
        return em.createQuery("select count(a) from Account a", Long.class).getSingleResult();
    }

    @Override
    public void add(Account account) {
        em.persist(account);
        em.flush();
    }
}
