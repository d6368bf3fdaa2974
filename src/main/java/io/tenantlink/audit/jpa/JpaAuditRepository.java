package io.tenantlink.audit.jpa;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditApp;
import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditChainHead;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.audit.AuditRepository;
import io.tenantlink.platform.db.DataSourceConfig;
import io.tenantlink.platform.db.UtcInstantConverter;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Consumer;
import javax.sql.DataSource;

@ApplicationScoped
public class JpaAuditRepository implements AuditRepository {

    private static final int PAGE = 500;
    private static final int FETCH = 1000;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    private DataSource dataSource;

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
    public List<AuditRecord> page(AuditFilter filter, Long before, Long after, int limit) {
        if (after != null) {
            List<AuditRecord> newer = new ArrayList<>(query(filter, null, after, "select r", " order by r.seq asc")
                    .setMaxResults(limit)
                    .getResultList());
            Collections.reverse(newer);
            return newer;
        }
        return query(filter, before, null, "select r", " order by r.seq desc")
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public boolean any(AuditFilter filter, Long above, Long below) {
        return !query(filter, below, above, "select r.seq", "", Long.class)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    @Override
    public Optional<AuditRecord> find(long seq) {
        return Optional.ofNullable(em.find(AuditRecord.class, seq));
    }

    @Override
    public void forEach(AuditFilter filter, Consumer<AuditRecord> consumer) {
        long after = 0;
        List<AuditRecord> page;
        do {
            page = query(filter, null, after, "select r", " order by r.seq asc")
                    .setMaxResults(PAGE)
                    .getResultList();
            for (AuditRecord record : page) {
                consumer.accept(record);
                after = record.getSeq();
            }
            em.clear();
        } while (page.size() == PAGE);
    }

    /**
     * One pass over the whole chain in sequence order, streamed from the database (rows fetched {@value #FETCH} at a
     * time, never the whole table in memory; MariaDB Connector/J streams with a positive fetch size) and checked as
     * they arrive. The head is read first: records appended meanwhile are beyond it and not examined.
     */
    @Override
    public AuditChain.Verification verify() {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        try (Connection c = dataSource.getConnection()) {
            long headSeq;
            String headHash;
            try (Statement s = c.createStatement();
                    ResultSet head = s.executeQuery(
                            "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = " + AuditChainHead.ID)) {
                head.next();
                headSeq = head.getLong(1);
                headHash = head.getString(2);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seq, occurred_at, actor, action, outcome, site_id, tenant_id, subject, detail, prev_hash,"
                            + " hash FROM audit_record WHERE seq <= ? ORDER BY seq",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(FETCH);
                s.setLong(1, headSeq);
                Calendar utc = Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (!verifier.accept(stored(r, utc))) {
                            return verifier.finish(0, "");
                        }
                    }
                }
            }
            return verifier.finish(headSeq, headHash);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the audit chain: " + e.getMessage(), e);
        }
    }

    /**
     * A row of the query above as stored; a value no enum holds (changed in the table) is content that cannot match.
     * The time is read as a timestamp in {@code utc} (a UTC calendar), the UTC wall-clock value the column holds (as
     * {@link UtcInstantConverter} stores it), exactly: {@code getObject(i, LocalDateTime.class)} gave the same value,
     * but Payara's pool wrapper calls that JDBC 4.1 method by reflection, with a failed method lookup (an exception
     * built) for every row.
     */
    private static AuditChain.StoredRecord stored(ResultSet r, Calendar utc) throws SQLException {
        long seq = r.getLong(1);
        AuditEntry entry;
        Long site = r.getLong(6);
        if (r.wasNull()) {
            site = null;
        }
        try {
            entry = new AuditEntry(
                    r.getTimestamp(2, utc).toInstant(),
                    r.getString(3),
                    AuditAction.valueOf(r.getString(4)),
                    AuditOutcome.valueOf(r.getString(5)),
                    site,
                    r.getString(7),
                    r.getString(8),
                    r.getString(9));
        } catch (IllegalArgumentException | NullPointerException unreadable) {
            entry = null;
        }
        return new AuditChain.StoredRecord(seq, entry, r.getString(10), r.getString(11));
    }

    @Override
    public AuditChain.SiteVerification verifySite(long siteId) {
        AuditChain.SiteVerifier verifier = new AuditChain.SiteVerifier();
        long after = 0;
        List<AuditRecord> page;
        do {
            page = em.createQuery(
                            "select r from AuditRecord r where r.siteId = :site and r.seq > :after order by r.seq",
                            AuditRecord.class)
                    .setParameter("site", siteId)
                    .setParameter("after", after)
                    .setMaxResults(PAGE)
                    .getResultList();
            Map<Long, Object[]> before = predecessors(page);
            for (AuditRecord record : page) {
                Object[] previous = before.get(record.getSeq() - 1);
                String previousHash =
                        record.getSeq() == 1 ? AuditChain.GENESIS_HASH : previous == null ? null : (String) previous[1];
                boolean elsewhere = previous != null && !Objects.equals(previous[2], siteId);
                if (!verifier.accept(record.stored(), previousHash, elsewhere)) {
                    return verifier.finish();
                }
                after = record.getSeq();
            }
            em.clear();
        } while (page.size() == PAGE);
        return verifier.finish();
    }

    /** seq, hash and site of the record just before each of these (their content is not read). */
    private Map<Long, Object[]> predecessors(List<AuditRecord> records) {
        List<Long> wanted =
                records.stream().map(r -> r.getSeq() - 1).filter(seq -> seq > 0).toList();
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Map<Long, Object[]> found = new HashMap<>();
        for (Object[] row : em.createQuery(
                        "select r.seq, r.hash, r.siteId from AuditRecord r where r.seq in :seqs", Object[].class)
                .setParameter("seqs", wanted)
                .getResultList()) {
            found.put((Long) row[0], row);
        }
        return found;
    }

    private TypedQuery<AuditRecord> query(AuditFilter filter, Long below, Long above, String select, String order) {
        return query(filter, below, above, select, order, AuditRecord.class);
    }

    private <T> TypedQuery<T> query(
            AuditFilter filter, Long below, Long above, String select, String order, Class<T> type) {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (filter.everySite()) {
            // No list of sites: with one, MariaDB read the site index over the list's ranges and sorted the whole
            // history for every page (EXPLAIN: range on ix_audit_site, filesort) instead of reading seq in order.
            if (!filter.includeGlobal()) {
                where.add("r.siteId is not null");
            }
        } else {
            String visibility = filter.includeGlobal() ? "(r.siteId is null" : "(1 = 0";
            if (!filter.visibleSites().isEmpty()) {
                visibility += " or r.siteId in :visible";
                parameters.put("visible", filter.visibleSites());
            }
            where.add(visibility + ")");
        }
        condition(where, parameters, "r.seq < :below", "below", below);
        condition(where, parameters, "r.seq > :above", "above", above);
        condition(where, parameters, "r.siteId = :site", "site", filter.siteId());
        condition(where, parameters, "r.tenantId = :tenant", "tenant", filter.tenantId());
        condition(where, parameters, "r.action = :action", "action", filter.action());
        condition(where, parameters, "r.outcome = :outcome", "outcome", filter.outcome());
        condition(where, parameters, "r.occurredAt >= :from", "from", filter.from());
        condition(where, parameters, "r.occurredAt < :to", "to", filter.to());
        condition(where, parameters, "r.subject = :subject", "subject", filter.subject());
        if (filter.actor() != null) {
            condition(where, parameters, "lower(r.actor) like :actor escape '!'", "actor", contains(filter.actor()));
        }
        if (filter.text() != null) {
            condition(
                    where,
                    parameters,
                    "(lower(r.subject) like :text escape '!' or lower(r.detail) like :text escape '!')",
                    "text",
                    contains(filter.text()));
        }
        if (filter.app() != null) {
            where.add(app(filter.app(), parameters));
        }
        TypedQuery<T> query = em.createQuery(
                select + " from AuditRecord r" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                        + order,
                type);
        parameters.forEach(query::setParameter);
        return query;
    }

    private static void condition(
            List<String> where, Map<String, Object> parameters, String clause, String name, Object value) {
        if (value != null) {
            where.add(clause);
            parameters.put(name, value);
        }
    }

    /** The app's rules as LIKE conditions (the patterns hold no wildcard but %, and no escape character). */
    private static String app(AuditApp app, Map<String, Object> parameters) {
        List<String> any = new ArrayList<>();
        int i = 0;
        for (AuditApp.Rule rule : app.rules()) {
            List<String> all = new ArrayList<>();
            if (rule.subjectLike() != null) {
                all.add("r.subject like :appS" + i);
                parameters.put("appS" + i, rule.subjectLike());
            }
            if (rule.detailLike() != null) {
                all.add("r.detail like :appD" + i);
                parameters.put("appD" + i, rule.detailLike());
            }
            if (rule.detailNotLike() != null) {
                all.add("(r.detail is null or r.detail not like :appN" + i + ")");
                parameters.put("appN" + i, rule.detailNotLike());
            }
            any.add("(" + String.join(" and ", all) + ")");
            i++;
        }
        return "(" + String.join(" or ", any) + ")";
    }

    /** A LIKE pattern finding the text anywhere, its own wildcards taken literally. */
    static String contains(String text) {
        return io.tenantlink.platform.db.LikePattern.containing(text);
    }
}
