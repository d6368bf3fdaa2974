package io.tenantlink.mapping.jpa;

import io.tenantlink.mapping.DirectoryEntry;
import io.tenantlink.mapping.DirectoryUser;
import io.tenantlink.mapping.MappingKind;
import io.tenantlink.mapping.MappingRepository;
import io.tenantlink.mapping.MappingRow;
import io.tenantlink.mapping.MatchingWindow;
import io.tenantlink.mapping.MatchingWindow.StoredMapping;
import io.tenantlink.mapping.MatchingWindow.WindowPerson;
import io.tenantlink.mapping.PersonMapping;
import io.tenantlink.microsoft.GraphGateway.DeltaUser;
import io.tenantlink.platform.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The sync's set-based SQL on the directory copy and the mappings (plain JDBC, H2 and MariaDB): a page's users are
 * joined with the copy through {@code directory_sync_seen} and a window of people with the copy through their
 * addresses, never through {@code IN (…)} lists (whose cost in H2 grows with the size of the tables); rows are written
 * as JDBC batches, and only rows that changed.
 */
final class DirectoryTables {

    private static final int ADDRESS_MAX = 320;

    private DirectoryTables() {}

    /** The stored columns of a directory user, to tell whether a page changed it. */
    private record UserColumns(
            String displayName, String mail, String userPrincipalName, boolean guest, boolean enabled) {

        static UserColumns of(DeltaUser user, DirectoryEntry entry) {
            return new UserColumns(
                    DirectoryUser.clip(user.displayName(), 256),
                    DirectoryUser.clip(user.mail(), ADDRESS_MAX),
                    DirectoryUser.clip(user.userPrincipalName(), ADDRESS_MAX),
                    entry.guest(),
                    entry.enabled());
        }
    }

    /** See {@link io.tenantlink.mapping.MappingRepository#applyPage}. */
    static int[] applyPage(
            Connection c, long connectionId, long runId, int pageNo, List<DeltaUser> users, boolean assumeNew)
            throws SQLException {
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
        if (assumeNew && byId.values().stream().noneMatch(DeltaUser::removed)) {
            try {
                return store(c, connectionId, runId, byId, Map.of(), Map.of());
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    throw new MappingRepository.AlreadyStored(e);
                }
                throw e;
            }
        }
        try (PreparedStatement seen =
                c.prepareStatement("INSERT INTO directory_sync_seen (run_id, page_no, object_id) VALUES (?, ?, ?)")) {
            for (String objectId : byId.keySet()) {
                seen.setLong(1, runId);
                seen.setInt(2, pageNo);
                seen.setString(3, objectId);
                seen.addBatch();
            }
            seen.executeBatch();
        }
        // What the copy holds of the page's users: two joins through the page's rows.
        Map<String, UserColumns> stored = new HashMap<>();
        // LEFT JOINs keep the order written (H2 does not reorder outer joins): from the page's rows to the copy.
        query(
                c,
                "SELECT u.object_id, u.display_name, u.mail, u.user_principal_name, u.guest, u.enabled"
                        + " FROM directory_sync_seen s LEFT JOIN directory_user u ON u.connection_id = ?"
                        + " AND u.object_id = s.object_id WHERE s.run_id = ? AND s.page_no = ?"
                        + " AND u.object_id IS NOT NULL",
                rs -> stored.put(
                        rs.getString(1),
                        new UserColumns(
                                rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6))),
                connectionId,
                runId,
                pageNo);
        Map<String, Set<String>> storedKeys = new HashMap<>();
        if (!stored.isEmpty()) {
            query(
                    c,
                    "SELECT a.object_id, a.address_key FROM directory_sync_seen s LEFT JOIN directory_user_address a"
                            + " ON a.connection_id = ? AND a.object_id = s.object_id WHERE s.run_id = ? AND s.page_no = ?"
                            + " AND a.object_id IS NOT NULL",
                    rs -> storedKeys
                            .computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>())
                            .add(rs.getString(2)),
                    connectionId,
                    runId,
                    pageNo);
        }
        return store(c, connectionId, runId, byId, stored, storedKeys);
    }

    /** The page's users written against what the copy holds of them ({@code stored}, {@code storedKeys}). */
    private static int[] store(
            Connection c,
            long connectionId,
            long runId,
            Map<String, DeltaUser> byId,
            Map<String, UserColumns> stored,
            Map<String, Set<String>> storedKeys)
            throws SQLException {
        int changed = 0;
        int removed = 0;
        try (PreparedStatement insertUser = c.prepareStatement("INSERT INTO directory_user (connection_id, object_id,"
                        + " display_name, mail, user_principal_name, guest, enabled, seen_run)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement updateUser = c.prepareStatement("UPDATE directory_user SET display_name = ?,"
                        + " mail = ?, user_principal_name = ?, guest = ?, enabled = ?, seen_run = ?"
                        + " WHERE connection_id = ? AND object_id = ?");
                PreparedStatement deleteUser =
                        c.prepareStatement("DELETE FROM directory_user WHERE connection_id = ? AND object_id = ?");
                PreparedStatement deleteAddressesOfUser = c.prepareStatement(
                        "DELETE FROM directory_user_address WHERE connection_id = ? AND object_id = ?");
                PreparedStatement insertAddress = c.prepareStatement(
                        "INSERT INTO directory_user_address (connection_id, address_key, object_id) VALUES (?, ?, ?)");
                PreparedStatement deleteAddress = c.prepareStatement("DELETE FROM directory_user_address"
                        + " WHERE connection_id = ? AND address_key = ? AND object_id = ?")) {
            Batch batch = new Batch();
            for (Map.Entry<String, DeltaUser> e : byId.entrySet()) {
                String objectId = e.getKey();
                DeltaUser user = e.getValue();
                UserColumns before = stored.get(objectId);
                if (user.removed()) {
                    if (before != null) {
                        batch.add(deleteAddressesOfUser, connectionId, objectId);
                        batch.add(deleteUser, connectionId, objectId);
                        removed++;
                    }
                    continue;
                }
                changed++;
                DirectoryEntry entry = DirectoryEntry.of(
                        objectId,
                        user.displayName(),
                        user.mail(),
                        user.userPrincipalName(),
                        user.otherMails(),
                        user.proxyAddresses(),
                        user.userType(),
                        user.accountEnabled());
                UserColumns now = UserColumns.of(user, entry);
                if (before == null) {
                    batch.add(
                            insertUser,
                            connectionId,
                            objectId,
                            now.displayName(),
                            now.mail(),
                            now.userPrincipalName(),
                            now.guest(),
                            now.enabled(),
                            runId);
                } else if (!before.equals(now)) {
                    batch.add(
                            updateUser,
                            now.displayName(),
                            now.mail(),
                            now.userPrincipalName(),
                            now.guest(),
                            now.enabled(),
                            runId,
                            connectionId,
                            objectId);
                }
                Set<String> keysBefore = storedKeys.getOrDefault(objectId, Set.of());
                Set<String> keysNow = new LinkedHashSet<>();
                for (String key : entry.addressKeys()) {
                    if (key.length() <= ADDRESS_MAX) {
                        keysNow.add(key);
                    }
                }
                for (String key : keysBefore) {
                    if (!keysNow.contains(key)) {
                        batch.add(deleteAddress, connectionId, key, objectId);
                    }
                }
                for (String key : keysNow) {
                    if (!keysBefore.contains(key)) {
                        batch.add(insertAddress, connectionId, key, objectId);
                    }
                }
            }
            batch.run(deleteAddressesOfUser, deleteAddress, deleteUser, updateUser, insertUser, insertAddress);
        }
        return new int[] {changed, removed};
    }

    /** After a full round: the copy's users (and their addresses) the run did not see are deleted; how many users. */
    static int removeUnseen(Connection c, long connectionId, long runId) throws SQLException {
        String unseen = " WHERE connection_id = ? AND NOT EXISTS (SELECT 1 FROM directory_sync_seen s"
                + " WHERE s.run_id = ? AND s.object_id = %s.object_id)";
        try (PreparedStatement addresses = c.prepareStatement(
                        "DELETE FROM directory_user_address" + unseen.formatted("directory_user_address"));
                PreparedStatement users =
                        c.prepareStatement("DELETE FROM directory_user" + unseen.formatted("directory_user"))) {
            for (PreparedStatement delete : List.of(addresses, users)) {
                delete.setLong(1, connectionId);
                delete.setLong(2, runId);
            }
            addresses.executeUpdate();
            return users.executeUpdate();
        }
    }

    /** The run's staging rows are not needed any more (it ended, or an instance stopped in the middle of it). */
    static void forgetSeen(Connection c, long runId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM directory_sync_seen WHERE run_id = ?")) {
            delete.setLong(1, runId);
            delete.executeUpdate();
        }
    }

    /** The lowest and highest person id of the site, or null when it has no people. */
    static long[] personIds(Connection c, long siteId) throws SQLException {
        long[][] ids = {null};
        query(
                c,
                "SELECT MIN(id), MAX(id) FROM person WHERE site_id = ?",
                rs -> {
                    long min = rs.getLong(1);
                    ids[0] = rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
                },
                siteId);
        return ids[0];
    }

    private static final String USER_COLUMNS = "u.object_id, u.display_name, u.mail, u.guest, u.enabled";

    /** See {@link io.tenantlink.mapping.MappingRepository#matchingWindow}. */
    static MatchingWindow matchingWindow(Connection c, long connectionId, long siteId, long afterId, long toId)
            throws SQLException {
        Map<Long, WindowPerson> people = new LinkedHashMap<>();
        Map<Long, List<String>> alternatives = new HashMap<>();
        // Every query of the window selects by the range of person ids alone, and the site is checked here: with the
        // site in the SQL, H2 reads the whole site through its index for each window (a cost growing with the site).
        query(
                c,
                "SELECT id, site_id, email FROM person WHERE id > ? AND id <= ? ORDER BY id",
                rs -> {
                    long id = rs.getLong(1);
                    if (rs.getLong(2) == siteId) {
                        List<String> alt = new ArrayList<>();
                        alternatives.put(id, alt);
                        people.put(id, new WindowPerson(id, rs.getString(3), alt));
                    }
                },
                afterId,
                toId);
        if (people.isEmpty()) {
            return new MatchingWindow(List.of(), Map.of(), Map.of(), Map.of());
        }
        // Alternative e-mails by the range of their key (people of other sites in the range are left out here).
        query(
                c,
                "SELECT person_id, email FROM person_alt_email WHERE person_id > ? AND person_id <= ?",
                rs -> {
                    List<String> alt = alternatives.get(rs.getLong(1));
                    if (alt != null) {
                        alt.add(rs.getString(2));
                    }
                },
                afterId,
                toId);
        // The users having one of the people's addresses: the e-mail (its stored lower-case key), then the others.
        // LEFT JOINs keep the order written (H2 does not reorder outer joins): from the window's people to the copy's
        // addresses and users through their indexes, never the whole copy.
        Map<Long, Map<String, Candidate>> found = new HashMap<>();
        String byEmail = "SELECT p.id, a.address_key, " + USER_COLUMNS + " FROM person p"
                + " LEFT JOIN directory_user_address a ON a.connection_id = ? AND a.address_key = p.email_key"
                + " LEFT JOIN directory_user u ON u.connection_id = a.connection_id AND u.object_id = a.object_id"
                + " WHERE p.id > ? AND p.id <= ? AND u.object_id IS NOT NULL";
        String byAlternative = "SELECT e.person_id, a.address_key, " + USER_COLUMNS + " FROM person_alt_email e"
                + " LEFT JOIN directory_user_address a ON a.connection_id = ? AND a.address_key = LOWER(e.email)"
                + " LEFT JOIN directory_user u ON u.connection_id = a.connection_id AND u.object_id = a.object_id"
                + " WHERE e.person_id > ? AND e.person_id <= ? AND u.object_id IS NOT NULL";
        for (String sql : List.of(byEmail, byAlternative)) {
            query(
                    c,
                    sql,
                    rs -> {
                        long personId = rs.getLong(1);
                        if (people.containsKey(personId)) {
                            found.computeIfAbsent(personId, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(rs.getString(3), k -> Candidate.of(rs, 3))
                                    .keys()
                                    .add(rs.getString(2));
                        }
                    },
                    connectionId,
                    afterId,
                    toId);
        }
        Map<Long, List<DirectoryEntry>> candidates = new HashMap<>();
        found.forEach((personId, users) -> candidates.put(
                personId, users.values().stream().map(Candidate::entry).toList()));
        Map<Long, StoredMapping> stored = new HashMap<>();
        query(
                c,
                "SELECT id, person_id, override_object_id, outcome, reason_key, object_id, display_name, mail,"
                        + " candidates, source FROM person_mapping WHERE connection_id = ? AND person_id > ?"
                        + " AND person_id <= ?",
                rs -> stored.put(
                        rs.getLong(2),
                        new StoredMapping(
                                rs.getLong(1),
                                PersonMapping.Source.valueOf(rs.getString(10)),
                                rs.getString(3),
                                new MappingRow(
                                        MappingKind.valueOf(rs.getString(4)),
                                        rs.getString(5),
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getString(8),
                                        rs.getString(9)))),
                connectionId,
                afterId,
                toId);
        Map<Long, DirectoryEntry> overrideUsers = new HashMap<>();
        query(
                c,
                "SELECT m.person_id, " + USER_COLUMNS + " FROM person_mapping m JOIN directory_user u"
                        + " ON u.connection_id = m.connection_id AND u.object_id = m.override_object_id"
                        + " WHERE m.connection_id = ? AND m.person_id > ? AND m.person_id <= ?"
                        + " AND m.override_object_id IS NOT NULL",
                rs -> overrideUsers.put(rs.getLong(1), Candidate.of(rs, 2).entry()),
                connectionId,
                afterId,
                toId);
        return new MatchingWindow(List.copyOf(people.values()), candidates, stored, overrideUsers);
    }

    /** A user found for a person, with the addresses it was found by. */
    private record Candidate(
            String objectId, String displayName, String mail, boolean guest, boolean enabled, Set<String> keys) {

        static Candidate of(ResultSet rs, int from) {
            try {
                return new Candidate(
                        rs.getString(from),
                        rs.getString(from + 1),
                        rs.getString(from + 2),
                        rs.getBoolean(from + 3),
                        rs.getBoolean(from + 4),
                        new LinkedHashSet<>());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        DirectoryEntry entry() {
            return new DirectoryEntry(objectId, displayName, mail, guest, enabled, keys);
        }
    }

    /** See {@link io.tenantlink.mapping.MappingRepository#saveMappings}. */
    static void saveMappings(
            Connection c, long connectionId, Map<Long, MappingRow> added, Map<Long, MappingRow> changed)
            throws SQLException {
        Timestamp now = Timestamp.from(Clock.now());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO person_mapping (connection_id, person_id,"
                        + " source, outcome, reason_key, object_id, display_name, mail, candidates, computed_at, version)"
                        + " VALUES (?, ?, 'AUTOMATIC', ?, ?, ?, ?, ?, ?, ?, 1)");
                PreparedStatement update = c.prepareStatement("UPDATE person_mapping SET outcome = ?, reason_key = ?,"
                        + " object_id = ?, display_name = ?, mail = ?, candidates = ?, computed_at = ?,"
                        + " version = version + 1 WHERE id = ?")) {
            Batch batch = new Batch();
            added.forEach((personId, row) -> batch.add(insert, values(List.of(connectionId, personId), row, now)));
            changed.forEach((id, row) -> batch.add(update, values(List.of(), row, now, id)));
            batch.run(insert, update);
        }
    }

    /** A statement's values: {@code lead}, the outcome's columns (outcome to candidates), then {@code tail}. */
    private static Object[] values(List<?> lead, MappingRow row, Object... tail) {
        List<Object> values = new ArrayList<>(lead);
        values.addAll(Arrays.asList(
                row.outcome().name(),
                row.reasonKey(),
                row.objectId(),
                row.displayName(),
                row.mail(),
                row.candidates()));
        values.addAll(Arrays.asList(tail));
        return values.toArray();
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs the query with these parameters, each row to the reader. */
    private static void query(Connection c, String sql, RowReader reader, Object... parameters) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    /** Rows added to statements' JDBC batches, then each statement's batch run once, in the order given. */
    private static final class Batch {
        private final Map<PreparedStatement, Integer> counts = new HashMap<>();

        void add(PreparedStatement statement, Object... values) {
            try {
                for (int i = 0; i < values.length; i++) {
                    Object value = values[i];
                    if (value == null) {
                        statement.setNull(i + 1, Types.VARCHAR);
                    } else {
                        statement.setObject(i + 1, value);
                    }
                }
                statement.addBatch();
                counts.merge(statement, 1, Integer::sum);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void run(PreparedStatement... inOrder) throws SQLException {
            for (PreparedStatement statement : inOrder) {
                if (Objects.requireNonNullElse(counts.get(statement), 0) > 0) {
                    statement.executeBatch();
                }
            }
        }
    }
}
