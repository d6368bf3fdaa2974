package io.tenantlink.mapping.jpa;

import io.tenantlink.mapping.DirectoryAddress;
import io.tenantlink.mapping.DirectoryEntry;
import io.tenantlink.mapping.DirectoryUser;
import io.tenantlink.mapping.MappingKind;
import io.tenantlink.mapping.MappingRepository;
import io.tenantlink.mapping.MatchRules;
import io.tenantlink.mapping.PersonMapping;
import io.tenantlink.mapping.SyncOutcome;
import io.tenantlink.mapping.SyncRun;
import io.tenantlink.mapping.SyncState;
import io.tenantlink.microsoft.GraphGateway.DeltaUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class JpaMappingRepository implements MappingRepository {

    /** Values per IN list (MariaDB and H2 take far more; this keeps statements small). */
    private static final int IN_LIST = 500;

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public int[] applyPage(long connectionId, long runId, List<DeltaUser> users) {
        // The last word on each user within the page counts (a round may name a user twice).
        Map<String, DeltaUser> byId = new LinkedHashMap<>();
        for (DeltaUser user : users) {
            if (user.id() != null) {
                byId.put(user.id().toLowerCase(Locale.ROOT), user);
            }
        }
        if (byId.isEmpty()) {
            return new int[] {0, 0};
        }
        Map<String, DirectoryUser> existing = new HashMap<>();
        for (List<String> part : parts(byId.keySet())) {
            em.createQuery(
                            "select u from DirectoryUser u where u.connectionId = :c and u.objectId in :ids",
                            DirectoryUser.class)
                    .setParameter("c", connectionId)
                    .setParameter("ids", part)
                    .getResultList()
                    .forEach(u -> existing.put(u.getObjectId(), u));
            em.createQuery("delete from DirectoryAddress a where a.connectionId = :c and a.objectId in :ids")
                    .setParameter("c", connectionId)
                    .setParameter("ids", part)
                    .executeUpdate();
        }
        int changed = 0;
        int removed = 0;
        List<Object[]> newUsers = new ArrayList<>();
        List<Object[]> addresses = new ArrayList<>();
        for (Map.Entry<String, DeltaUser> e : byId.entrySet()) {
            String objectId = e.getKey();
            DeltaUser user = e.getValue();
            DirectoryUser row = existing.get(objectId);
            if (user.removed()) {
                if (row != null) {
                    em.remove(row);
                    removed++;
                }
                continue;
            }
            DirectoryEntry entry = DirectoryEntry.of(
                    objectId,
                    user.displayName(),
                    user.mail(),
                    user.userPrincipalName(),
                    user.otherMails(),
                    user.proxyAddresses(),
                    user.userType(),
                    user.accountEnabled());
            if (row == null) {
                // New users (all of them in a first full round) go in as multi-row inserts, not one statement each.
                DirectoryUser fresh = new DirectoryUser(connectionId, objectId);
                fresh.update(
                        user.displayName(),
                        user.mail(),
                        user.userPrincipalName(),
                        entry.guest(),
                        entry.enabled(),
                        runId);
                newUsers.add(new Object[] {
                    connectionId,
                    objectId,
                    fresh.getDisplayName(),
                    fresh.getMail(),
                    fresh.getUserPrincipalName(),
                    entry.guest(),
                    entry.enabled(),
                    runId
                });
            } else {
                row.update(
                        user.displayName(),
                        user.mail(),
                        user.userPrincipalName(),
                        entry.guest(),
                        entry.enabled(),
                        runId);
            }
            for (String key : entry.addressKeys()) {
                if (key.length() <= 320) {
                    addresses.add(new Object[] {connectionId, key, objectId});
                }
            }
            changed++;
        }
        em.flush();
        insertRows(
                "directory_user (connection_id, object_id, display_name, mail, user_principal_name, guest, enabled,"
                        + " seen_run)",
                newUsers);
        insertRows("directory_user_address (connection_id, address_key, object_id)", addresses);
        em.flush();
        em.clear();
        return new int[] {changed, removed};
    }

    /** Rows inserted a few hundred values at a time ({@code INSERT ... VALUES (...), (...)}: H2 and MariaDB). */
    private void insertRows(String table, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.get(0).length;
        int perStatement = Math.max(1, 1000 / columns);
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String one = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
            jakarta.persistence.Query insert = em.createNativeQuery("INSERT INTO " + table + " VALUES "
                    + String.join(", ", java.util.Collections.nCopies(part.size(), one)));
            int position = 1;
            for (Object[] row : part) {
                for (Object value : row) {
                    insert.setParameter(position++, value);
                }
            }
            insert.executeUpdate();
        }
    }

    @Override
    public int removeUnseen(long connectionId, long runId) {
        em.createQuery("delete from DirectoryAddress a where a.connectionId = :c and a.objectId in (select u.objectId"
                        + " from DirectoryUser u where u.connectionId = :c and u.seenRun <> :run)")
                .setParameter("c", connectionId)
                .setParameter("run", runId)
                .executeUpdate();
        return em.createQuery("delete from DirectoryUser u where u.connectionId = :c and u.seenRun <> :run")
                .setParameter("c", connectionId)
                .setParameter("run", runId)
                .executeUpdate();
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
        // '!' escapes LIKE's wildcards: a backslash would itself need escaping in MariaDB's string literals.
        String like = "%"
                + text.toLowerCase(Locale.ROOT)
                        .replace("!", "!!")
                        .replace("%", "!%")
                        .replace("_", "!_") + "%";
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
    public void addAll(List<PersonMapping> mappings) {
        insertRows(
                "person_mapping (" + PersonMapping.NEW_ROW_COLUMNS + ")",
                mappings.stream().map(PersonMapping::newRow).toList());
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
