package io.tenantlink.grants;

import io.tenantlink.grants.UserDirectory.DirectoryUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The names (display name, user principal name) of a job's users, for its page and CSV: read from the tenant's
 * directory through the consent-management app's app-only token, once per user, and kept with the job. Only once the
 * job has ended: until then the lookups would share the tenant's Graph limits (and its throttling) with the job's own
 * reads and writes, and a job can wait, QUEUED, in the middle of its run; the page polling the job gets the names with
 * the final state. Best effort: a directory that cannot be read leaves the ids alone (asked again on the next view).
 */
@ApplicationScoped
public class GrantJobNames {

    private static final Logger LOG = Logger.getLogger(GrantJobNames.class.getName());
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    @Inject
    GrantJobStore store;

    @Inject
    UserDirectory directory;

    /** A user's name as the directory gave it; both null when it did not know the id. */
    public record Name(String displayName, String userPrincipalName) {
        public static final Name UNKNOWN = new Name(null, null);
    }

    /** The names of these users of the job (absent: not known yet). */
    public Map<String, Name> of(GrantJob job, List<String> userIds) throws InterruptedException {
        Map<String, Name> names = new HashMap<>();
        store.names(job.id, userIds).forEach((id, n) -> names.put(id, new Name(n.displayName, n.userPrincipalName)));
        if (!job.status.finished()) {
            return names;
        }
        List<String> missing = userIds.stream()
                .filter(id -> !names.containsKey(id) && GUID.matcher(id).matches())
                .distinct()
                .toList();
        if (missing.isEmpty()) {
            return names;
        }
        UserDirectory.Result<DirectoryUser> found = directory.usersByIdsBatched(job.tenantId, missing);
        if (found.refused()) {
            LOG.fine(() -> "Names of approval job " + job.id + " not read: " + found.refusal());
            return names;
        }
        Map<String, DirectoryUser> byId = new HashMap<>();
        found.items().forEach(u -> byId.put(u.id().toLowerCase(Locale.ROOT), u));
        Map<String, GrantJobUserName> rows = new HashMap<>();
        for (String id : missing) {
            DirectoryUser user = byId.get(id);
            GrantJobUserName row = new GrantJobUserName();
            row.userId = id;
            row.displayName = user == null ? null : user.displayName();
            row.userPrincipalName = user == null ? null : user.userPrincipalName();
            rows.put(id, row);
            names.put(id, user == null ? Name.UNKNOWN : new Name(user.displayName(), user.userPrincipalName()));
        }
        try {
            store.saveNames(job.id, rows);
        } catch (RuntimeException e) {
            // Another request named the same users at the same moment: theirs are kept; these are shown all the same.
            LOG.log(Level.FINE, "Names of approval job " + job.id + " not kept", e);
        }
        return names;
    }
}
