package io.tenantlink.sandbox.directory;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The directory's users as the stand-in's database keeps them (table sandbox_directory_user): seeded from the
 * directory file the first time a tenant is used, changed at run time through the control API (added, changed,
 * disabled, removed), and kept across restarts. Every change takes the next number of one sequence, so
 * {@code /users/delta} pages are range queries over (tenant, change number) and never hold the whole directory.
 * Changes are mirrored into the in-memory directory ({@link SandboxDirectory}) that sign-in and the other Graph
 * endpoints read: the tenant's user list is replaced, never changed in place, so readers see one or the other.
 */
@ApplicationScoped
public class DirectoryUsers {

    /** The stand-in's data source (SandboxDatabase.JNDI_NAME; named here to keep this package free of that one). */
    static final String JNDI_NAME = "java:app/jdbc/sandbox";

    private static final int BATCH = 1000;

    /** One user row: the user as Graph shows it, its change number, and whether it was removed. */
    public record Row(DirectoryData.User user, long changeNo, boolean removed) {}

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    @Inject
    SandboxDirectory directory;

    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    /** Change numbers below this one belong to the state before the last reset: delta tokens under it are gone (410). */
    private volatile long generationStart = 0;

    public DirectoryUsers() {}

    public DirectoryUsers(DataSource dataSource, SandboxDirectory directory) {
        this.dataSource = dataSource;
        this.directory = directory;
    }

    /** Seeds or loads every tenant (at start, after the migrations). */
    public void prepareAll() {
        for (DirectoryData.Tenant tenant : directory.tenants()) {
            prepare(tenant.id);
        }
    }

    /**
     * The first use of a tenant since start or reset: an empty table is seeded from the directory file (change
     * numbers in the file's order); otherwise the database wins and the in-memory directory takes its users.
     */
    public synchronized void prepare(String tenantId) {
        String key = tenantId.toLowerCase(Locale.ROOT);
        if (ready.contains(key)) {
            return;
        }
        DirectoryData.Tenant tenant = directory.tenant(tenantId).orElse(null);
        if (tenant == null) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (count(c, key) == 0) {
                try (PreparedStatement s = c.prepareStatement(MERGE)) {
                    int n = 0;
                    for (DirectoryData.User u : tenant.users) {
                        bind(s, key, u, false);
                        s.addBatch();
                        if (++n % BATCH == 0) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
            } else {
                // The database wins for users it knows (changed, disabled or removed at run time); users the file
                // gained since are added.
                List<DirectoryData.User> users = new ArrayList<>();
                Set<String> known = new java.util.HashSet<>();
                Map<String, DirectoryData.User> byId = new LinkedHashMap<>();
                for (DirectoryData.User u : tenant.users) {
                    byId.put(u.id.toLowerCase(Locale.ROOT), u);
                }
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT * FROM sandbox_directory_user WHERE tenant_id = ? ORDER BY tenant_id, change_no")) {
                    s.setString(1, key);
                    s.setFetchSize(BATCH);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            DirectoryData.User u = user(r);
                            known.add(u.id.toLowerCase(Locale.ROOT));
                            if (r.getBoolean("removed")) {
                                continue;
                            }
                            DirectoryData.User file = byId.get(u.id.toLowerCase(Locale.ROOT));
                            if (file != null) {
                                u.roles = file.roles;
                            }
                            users.add(u);
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement(MERGE)) {
                    for (DirectoryData.User u : tenant.users) {
                        if (!known.contains(u.id.toLowerCase(Locale.ROOT))) {
                            bind(s, key, u, false);
                            s.executeUpdate();
                            users.add(u);
                        }
                    }
                }
                tenant.users = users;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ready.add(key);
    }

    /** Adds the user, or replaces the one with its id (a change: it gets a new change number). */
    public synchronized DirectoryData.User put(String tenantId, DirectoryData.User user) {
        prepare(tenantId);
        DirectoryData.Tenant tenant = directory.tenant(tenantId).orElseThrow();
        String key = tenant.id.toLowerCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(MERGE)) {
            bind(s, key, user, false);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<DirectoryData.User> users = new ArrayList<>(tenant.users);
        boolean replaced = false;
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).id.equalsIgnoreCase(user.id)) {
                if (user.roles == null || user.roles.isEmpty()) {
                    user.roles = users.get(i).roles;
                }
                users.set(i, user);
                replaced = true;
            }
        }
        if (!replaced) {
            users.add(user);
        }
        tenant.users = users;
        return user;
    }

    /** Adds or replaces many users in one batch (benchmarks: 100,000 users); as {@link #put} for each. */
    public synchronized void putAll(String tenantId, List<DirectoryData.User> added) {
        prepare(tenantId);
        DirectoryData.Tenant tenant = directory.tenant(tenantId).orElseThrow();
        String key = tenant.id.toLowerCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(MERGE)) {
            int pending = 0;
            for (DirectoryData.User user : added) {
                bind(s, key, user, false);
                s.addBatch();
                if (++pending == 1000) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                s.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        java.util.Map<String, DirectoryData.User> byId = new java.util.LinkedHashMap<>();
        for (DirectoryData.User user : tenant.users) {
            byId.put(user.id.toLowerCase(Locale.ROOT), user);
        }
        for (DirectoryData.User user : added) {
            DirectoryData.User before = byId.get(user.id.toLowerCase(Locale.ROOT));
            if (before != null && (user.roles == null || user.roles.isEmpty())) {
                user.roles = before.roles;
            }
            byId.put(user.id.toLowerCase(Locale.ROOT), user);
        }
        tenant.users = new ArrayList<>(byId.values());
    }

    /** Removes the user: gone from the directory; the next delta reports it with @removed. False if unknown. */
    public synchronized boolean remove(String tenantId, String userId) {
        prepare(tenantId);
        DirectoryData.Tenant tenant = directory.tenant(tenantId).orElseThrow();
        String key = tenant.id.toLowerCase(Locale.ROOT);
        int updated;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE sandbox_directory_user"
                        + " SET removed = TRUE, change_no = NEXT VALUE FOR sandbox_user_change"
                        + " WHERE tenant_id = ? AND LOWER(id) = ? AND removed = FALSE")) {
            s.setString(1, key);
            s.setString(2, userId.toLowerCase(Locale.ROOT));
            updated = s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<DirectoryData.User> users = new ArrayList<>(tenant.users);
        users.removeIf(u -> u.id.equalsIgnoreCase(userId));
        tenant.users = users;
        return updated > 0;
    }

    /** The user of the tenant with this id, if not removed. */
    public Optional<DirectoryData.User> find(String tenantId, String userId) {
        prepare(tenantId);
        return directory
                .tenant(tenantId)
                .flatMap(t -> t.users.stream()
                        .filter(u -> u.id.equalsIgnoreCase(userId))
                        .findFirst());
    }

    /** The newest change number of the tenant (at least the current generation's start, even without users). */
    public long latest(String tenantId) {
        prepare(tenantId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT COALESCE(MAX(change_no), 0) FROM sandbox_directory_user WHERE tenant_id = ?")) {
            s.setString(1, tenantId.toLowerCase(Locale.ROOT));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return Math.max(r.getLong(1), generationStart);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long generationStart() {
        return generationStart;
    }

    /**
     * Streams at most {@code limit} rows with {@code after < change_no <= upTo}, in change order; removed ones only when
     * asked. One indexed range query: memory is one page, however large the directory.
     */
    public void page(String tenantId, long after, long upTo, boolean includeRemoved, int limit, Consumer<Row> rows) {
        prepare(tenantId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM sandbox_directory_user"
                        + " WHERE tenant_id = ? AND change_no > ? AND change_no <= ?"
                        + (includeRemoved ? "" : " AND removed = FALSE")
                        // tenant_id first: H2 reads in the index's order only when ORDER BY names the index's
                        // columns from the first; by change_no alone it reads and sorts every later change per page.
                        + " ORDER BY tenant_id, change_no FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, tenantId.toLowerCase(Locale.ROOT));
            s.setLong(2, after);
            s.setLong(3, upTo);
            s.setInt(4, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.accept(new Row(user(r), r.getLong("change_no"), r.getBoolean("removed")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A sandbox reset: every user row is forgotten and the directory file read again; tenants are seeded anew on
     * their next use, and delta tokens from before answer 410.
     */
    public synchronized void reset() {
        forget();
        directory.reload();
    }

    /**
     * As a reset, but with this directory instead of the file's until the next reset: the tenants are seeded from it on
     * their next use.
     */
    public synchronized void replaceDirectory(DirectoryData replacement) {
        forget();
        directory.replace(replacement);
    }

    private void forget() {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM sandbox_directory_user")) {
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT NEXT VALUE FOR sandbox_user_change");
                    ResultSet r = s.executeQuery()) {
                r.next();
                generationStart = r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ready.clear();
    }

    // --- JDBC ------------------------------------------------------------------------------------------------------

    private static final String MERGE = "MERGE INTO sandbox_directory_user (tenant_id, id, change_no, removed,"
            + " user_principal_name, display_name, mail, other_mails, proxy_addresses, user_type, account_enabled)"
            + " KEY (tenant_id, id) VALUES (?, ?, NEXT VALUE FOR sandbox_user_change, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bind(PreparedStatement s, String tenantKey, DirectoryData.User u, boolean removed)
            throws SQLException {
        s.setString(1, tenantKey);
        s.setString(2, u.id);
        s.setBoolean(3, removed);
        s.setString(4, u.userPrincipalName);
        s.setString(5, u.displayName);
        s.setString(6, u.mail);
        s.setString(7, join(u.otherMails));
        s.setString(8, join(u.proxyAddresses));
        s.setString(9, u.userType == null ? "Member" : u.userType);
        s.setBoolean(10, u.accountEnabled == null || u.accountEnabled);
    }

    private static DirectoryData.User user(ResultSet r) throws SQLException {
        DirectoryData.User u = new DirectoryData.User();
        u.id = r.getString("id");
        u.userPrincipalName = r.getString("user_principal_name");
        u.displayName = r.getString("display_name");
        u.mail = r.getString("mail");
        u.otherMails = split(r.getString("other_mails"));
        u.proxyAddresses = split(r.getString("proxy_addresses"));
        u.userType = r.getString("user_type");
        u.accountEnabled = r.getBoolean("account_enabled");
        return u;
    }

    private static long count(Connection c, String tenantKey) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT COUNT(*) FROM sandbox_directory_user WHERE tenant_id = ?")) {
            s.setString(1, tenantKey);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Lists are stored one value a line (e-mail addresses hold no line breaks). */
    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join("\n", values);
    }

    private static List<String> split(String value) {
        return value == null || value.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(value.split("\n")));
    }
}
