package io.tenantlink.audit.jpa;

import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditChainHead;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.audit.AuditRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

@ApplicationScoped
public class JpaAuditRepository implements AuditRepository {

    private static final int PAGE = 500;

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public AuditRecord append(AuditEntry entry) {
        AuditChainHead head = em.find(AuditChainHead.class, AuditChainHead.ID, LockModeType.PESSIMISTIC_WRITE);
        AuditRecord record = head.append(entry);
        em.persist(record);
        em.flush();
        return record;
    }

    @Override
    public List<AuditRecord> search(AuditFilter filter, int offset, int limit) {
        return query(filter, "select r", " order by r.seq desc", AuditRecord.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public long count(AuditFilter filter) {
        return query(filter, "select count(r)", "", Long.class).getSingleResult();
    }

    @Override
    public void forEach(AuditFilter filter, Consumer<AuditRecord> consumer) {
        int offset = 0;
        List<AuditRecord> page;
        do {
            page = query(filter, "select r", " order by r.seq", AuditRecord.class)
                    .setFirstResult(offset)
                    .setMaxResults(PAGE)
                    .getResultList();
            page.forEach(consumer);
            offset += page.size();
            em.clear();
        } while (page.size() == PAGE);
    }

    @Override
    public AuditChain.Verification verify() {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        long after = 0;
        List<AuditRecord> page;
        do {
            page = em.createQuery("select r from AuditRecord r where r.seq > :after order by r.seq", AuditRecord.class)
                    .setParameter("after", after)
                    .setMaxResults(PAGE)
                    .getResultList();
            for (AuditRecord record : page) {
                if (!verifier.accept(record.stored())) {
                    return verifier.finish(0, "");
                }
                after = record.getSeq();
            }
            em.clear();
        } while (page.size() == PAGE);
        AuditChainHead head = em.find(AuditChainHead.class, AuditChainHead.ID);
        return verifier.finish(head.getLastSeq(), head.getLastHash());
    }

    private <T> TypedQuery<T> query(AuditFilter filter, String select, String order, Class<T> type) {
        List<String> where = new ArrayList<>();
        String visibility = filter.includeGlobal() ? "(r.siteId is null" : "(1 = 0";
        if (!filter.visibleSites().isEmpty()) {
            visibility += " or r.siteId in :visible";
        }
        where.add(visibility + ")");
        if (filter.siteId() != null) {
            where.add("r.siteId = :site");
        }
        if (filter.action() != null) {
            where.add("r.action = :action");
        }
        if (filter.from() != null) {
            where.add("r.occurredAt >= :from");
        }
        if (filter.to() != null) {
            where.add("r.occurredAt < :to");
        }
        TypedQuery<T> query =
                em.createQuery(select + " from AuditRecord r where " + String.join(" and ", where) + order, type);
        if (!filter.visibleSites().isEmpty()) {
            query.setParameter("visible", filter.visibleSites());
        }
        if (filter.siteId() != null) {
            query.setParameter("site", filter.siteId());
        }
        if (filter.action() != null) {
            query.setParameter("action", filter.action());
        }
        if (filter.from() != null) {
            query.setParameter("from", filter.from());
        }
        if (filter.to() != null) {
            query.setParameter("to", filter.to());
        }
        return query;
    }
}
