package io.tenantlink.mapping.jpa;

import io.tenantlink.mapping.DirectoryAddress;
import io.tenantlink.mapping.DirectoryEntry;
import io.tenantlink.mapping.DirectoryUser;
import io.tenantlink.mapping.MappingKind;
import io.tenantlink.mapping.MappingRepository;
import io.tenantlink.mapping.MappingRow;
import io.tenantlink.mapping.MatchRules;
import io.tenantlink.mapping.MatchingWindow;
import io.tenantlink.mapping.PersonMapping;
import io.tenantlink.mapping.SyncOutcome;
import io.tenantlink.mapping.SyncRun;
import io.tenantlink.mapping.SyncState;
import io.tenantlink.microsoft.GraphGateway.DeltaUser;
import io.tenantlink.platform.db.DataSourceConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

@ApplicationScoped
public class JpaMappingRepository implements MappingRepository {

    /** Values per IN list (MariaDB and H2 take far more; this keeps statements small). */
    private static final int IN_LIST = 500;

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    private DataSource dataSource;

    @Override
    public int[] applyPage(long connectionId, long runId, int pageNo, List<DeltaUser> users, boolean assumeNew) {
        return jdbc(c -> DirectoryTables.applyPage(c, connectionId, runId, pageNo, users, assumeNew));
    }

    @Override
    public int removeUnseen(long connectionId, long runId) {
        return jdbc(c -> DirectoryTables.removeUnseen(c, connectionId, runId));
    }

    @Override
    public void forgetSeen(long runId) {
        jdbc(c -> {
            DirectoryTables.forgetSeen(c, runId);
            return null;
        });
    }

    @Override
    public Optional<long[]> personIds(long siteId) {
        return Optional.ofNullable(jdbc(c -> DirectoryTables.personIds(c, siteId)));
    }

    @Override
    public MatchingWindow matchingWindow(long connectionId, long siteId, long afterId, long toId) {
        return jdbc(c -> DirectoryTables.matchingWindow(c, connectionId, siteId, afterId, toId));
    }

    @Override
    public void saveMappings(long connectionId, Map<Long, MappingRow> added, Map<Long, MappingRow> changed) {
        if (!added.isEmpty() || !changed.isEmpty()) {
            jdbc(c -> {
                DirectoryTables.saveMappings(c, connectionId, added, changed);
                return null;
            });
        }
    }

    /** Work on the transaction's JDBC connection (the sync's set-based SQL, {@link DirectoryTables}). */
    private <T> T jdbc(SqlWork<T> work) {
        // Anything the entity manager holds goes first, so the SQL sees it.
        em.flush();
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public List<DirectoryEntry> byAddresses(long connectionId, Collection<String> addressKeys) {
        Set<String> ids = new LinkedHashSet<>();
        for (List<String> part : parts(addressKeys)) {
            ids.addAll(em.createQuery(
                            "select distinct a.objectId from DirectoryAddress a where a.connectionId = :c"
                                    + " and a.addressKey in :keys",
                            String.class)
                    .setParameter("c", connectionId)
                    .setParameter("keys", part)
                    .getResultList());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> keys = new HashMap<>();
        for (List<String> part : parts(ids)) {
            for (DirectoryAddress a : em.createQuery(
                            "select a from DirectoryAddress a where a.connectionId = :c and a.objectId in :ids",
                            DirectoryAddress.class)
                    .setParameter("c", connectionId)
                    .setParameter("ids", part)
                    .getResultList()) {
                keys.computeIfAbsent(a.getObjectId(), k -> new LinkedHashSet<>())
                        .add(a.getAddressKey());
            }
        }
        List<DirectoryEntry> entries = new ArrayList<>();
        for (DirectoryUser user : users(connectionId, ids)) {
            entries.add(user.entry(keys.getOrDefault(user.getObjectId(), Set.of())));
        }
        return entries;
    }

    @Override
    public List<DirectoryEntry> byObjectIds(long connectionId, Collection<String> objectIds) {
        return users(connectionId, objectIds).stream()
                .map(u -> u.entry(Set.of()))
                .toList();
    }

    private List<DirectoryUser> users(long connectionId, Collection<String> objectIds) {
        List<DirectoryUser> users = new ArrayList<>();
        for (List<String> part :
                parts(objectIds.stream().map(id -> id.toLowerCase(Locale.ROOT)).toList())) {
            users.addAll(em.createQuery(
                            "select u from DirectoryUser u where u.connectionId = :c and u.objectId in :ids",
                            DirectoryUser.class)
                    .setParameter("c", connectionId)
                    .setParameter("ids", part)
                    .getResultList());
        }
        return users;
    }

    @Override
    public List<DirectoryEntry> search(long connectionId, String text, int max) {
        String like = io.tenantlink.platform.db.LikePattern.containing(text);
        return em
                .createQuery(
                        "select u from DirectoryUser u where u.connectionId = :c and (lower(u.displayName) like :t"
                                + " escape '!' or lower(u.mail) like :t escape '!'"
                                + " or lower(u.userPrincipalName) like :t escape '!')"
                                + " order by u.displayName, u.objectId",
                        DirectoryUser.class)
                .setParameter("c", connectionId)
                .setParameter("t", like)
                .setMaxResults(max)
                .getResultList()
                .stream()
                .map(u -> u.entry(Set.of()))
                .toList();
    }

    @Override
    public long userCount(long connectionId) {
        return em.createQuery("select count(u) from DirectoryUser u where u.connectionId = :c", Long.class)
                .setParameter("c", connectionId)
                .getSingleResult();
    }

    @Override
    public Optional<String> deltaLink(long connectionId) {
        return Optional.ofNullable(em.find(SyncState.class, connectionId)).map(SyncState::getDeltaLink);
    }

    @Override
    public void saveDeltaLink(long connectionId, String deltaLink) {
        SyncState state = em.find(SyncState.class, connectionId);
        if (state == null) {
            state = new SyncState(connectionId);
            state.setDeltaLink(deltaLink);
            em.persist(state);
        } else {
            state.setDeltaLink(deltaLink);
        }
        em.flush();
    }

    @Override
    public SyncRun addRun(SyncRun run) {
        em.persist(run);
        em.flush();
        return run;
    }

    @Override
    public Optional<SyncRun> findRun(long runId) {
        return Optional.ofNullable(em.find(SyncRun.class, runId));
    }

    @Override
    public Optional<SyncRun> lastRun(long connectionId) {
        return em.createQuery("select r from SyncRun r where r.connectionId = :c order by r.id desc", SyncRun.class)
                .setParameter("c", connectionId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Long> unfinishedRuns(long connectionId) {
        return em.createQuery(
                        "select r.id from SyncRun r where r.connectionId = :c and r.outcome = :running", Long.class)
                .setParameter("c", connectionId)
                .setParameter("running", SyncOutcome.RUNNING)
                .getResultList();
    }

    @Override
    public boolean everSynced(long connectionId) {
        return em.createQuery(
                                "select count(r) from SyncRun r where r.connectionId = :c and r.outcome in :done",
                                Long.class)
                        .setParameter("c", connectionId)
                        .setParameter("done", List.of(SyncOutcome.DONE, SyncOutcome.RESYNCED))
                        .getSingleResult()
                > 0;
    }

    @Override
    public Map<Long, PersonMapping> mappings(long connectionId, Collection<Long> personIds) {
        Map<Long, PersonMapping> out = new HashMap<>();
        for (List<Long> part : parts(personIds)) {
            em.createQuery(
                            "select m from PersonMapping m where m.connectionId = :c and m.personId in :ids",
                            PersonMapping.class)
                    .setParameter("c", connectionId)
                    .setParameter("ids", part)
                    .getResultList()
                    .forEach(m -> out.put(m.getPersonId(), m));
        }
        return out;
    }

    @Override
    public Optional<PersonMapping> mapping(long connectionId, long personId) {
        return mappings(connectionId, List.of(personId)).values().stream().findFirst();
    }

    @Override
    public List<PersonMapping> overrides(long connectionId, int max) {
        return em.createQuery(
                        "select m from PersonMapping m where m.connectionId = :c and m.overrideObjectId is not null"
                                + " and m.objectId is not null order by m.personId",
                        PersonMapping.class)
                .setParameter("c", connectionId)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public Map<String, Long> counts(long connectionId) {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery(
                        "select m.outcome, count(m) from PersonMapping m where m.connectionId = :c group by m.outcome",
                        Object[].class)
                .setParameter("c", connectionId)
                .getResultList()) {
            counts.put(row[0].toString(), ((Number) row[1]).longValue());
        }
        counts.put(
                "OVERRIDE_ATTENTION",
                em.createQuery(
                                "select count(m) from PersonMapping m where m.connectionId = :c and m.outcome = :o"
                                        + " and m.objectId is null",
                                Long.class)
                        .setParameter("c", connectionId)
                        .setParameter("o", MappingKind.OVERRIDE)
                        .getSingleResult());
        return counts;
    }

    @Override
    public List<PersonMapping> needingAction(long connectionId, int max) {
        return em.createQuery(
                        "select m from PersonMapping m where m.connectionId = :c and (m.outcome in :kinds"
                                + " or (m.outcome = :override and m.objectId is null)) order by m.personId",
                        PersonMapping.class)
                .setParameter("c", connectionId)
                .setParameter("kinds", List.of(MappingKind.UNMATCHED, MappingKind.AMBIGUOUS))
                .setParameter("override", MappingKind.OVERRIDE)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public List<Long> connectionsWithDeltaLink() {
        return em.createQuery("select s.connectionId from SyncState s where s.deltaLink is not null", Long.class)
                .getResultList();
    }

    @Override
    public void add(PersonMapping mapping) {
        em.persist(mapping);
    }

    @Override
    public void removeMappingsOfPerson(long personId) {
        em.createQuery("delete from PersonMapping m where m.personId = :p")
                .setParameter("p", personId)
                .executeUpdate();
    }

    private static <T> List<List<T>> parts(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> parts = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_LIST) {
            parts.add(all.subList(from, Math.min(all.size(), from + IN_LIST)));
        }
        return parts;
    }

    static String keyOf(String address) {
        return MatchRules.key(address);
    }

    @Override
    public List<Long> peopleWithUser(long connectionId, String objectId) {
        return em.createQuery(
                        "select m.personId from PersonMapping m where m.connectionId = :c and lower(m.objectId) = :o"
                                + " order by m.personId",
                        Long.class)
                .setParameter("c", connectionId)
                .setParameter("o", objectId.toLowerCase(Locale.ROOT))
                .getResultList();
    }
}
