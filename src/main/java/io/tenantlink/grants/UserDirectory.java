package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.GraphUser;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.Users;
import io.tenantlink.microsoft.GraphRequest.UsersByIds;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finding the users of a tenant for a limited-user approval, through Microsoft Graph with the
 * consent-management app's app-only token (Directory.Read.All), which the tenant must have consented to. Only Graph's
 * default ("basic") query capabilities are used ({@link Users}, {@link UsersByIds}: {@code startswith} on displayName,
 * givenName, surname, mail and userPrincipalName, {@code eq}/{@code in} on id, no ConsistencyLevel header). (Groups
 * are still chosen by object id: the Graph stand-in serves no group list yet.)
 */
@ApplicationScoped
public class UserDirectory {

    /** Results shown per search. */
    public static final int MAX_RESULTS = 25;
    /** The longest search text accepted. */
    public static final int MAX_TEXT = 100;
    /** Users picked through the search per job (more: paste object ids or choose a group). */
    public static final int MAX_PICKED = 100;
    /** Graph's limit on the values of one {@code in} clause on directory objects. */
    static final int IDS_PER_REQUEST = GraphRequest.IDS_PER_IN_CLAUSE;

    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    @Inject
    ManagementAccess management;

    /** A user as the search lists it. */
    public record DirectoryUser(String id, String displayName, String mail, String userPrincipalName) {
        /** The e-mail address, or the user name when the user has no mailbox. */
        public String contact() {
            return mail != null && !mail.isBlank() ? mail : userPrincipalName;
        }
    }

    /** Why the directory could not be read. */
    public enum Refusal {
        /** The tenant has not consented to the consent-management app (Microsoft refused its token). */
        NOT_CONSENTED,
        /** No consent-management app registration is configured (outside sandbox mode). */
        NOT_CONFIGURED,
        /** Graph answered 401 or 403: the app lacks a directory permission. */
        FORBIDDEN,
        /** Graph answered another error. */
        GRAPH_ERROR,
        /** Microsoft did not answer. */
        UNAVAILABLE
    }

    /** What a lookup found (more: Graph had further matches), or why there was nothing to read. */
    public record Result<T>(List<T> items, boolean more, Refusal refusal) {
        public Result {
            items = List.copyOf(items);
        }

        static <T> Result<T> refused(Refusal refusal) {
            return new Result<>(List.of(), false, refusal);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    /** Thrown inside a lookup to end it with a refusal. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final Refusal refusal;

        Stop(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }
    }

    /** Checks a search text: trimmed, at most {@link #MAX_TEXT} characters, no control characters; empty means no search. */
    public static String searchText(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.length() > MAX_TEXT) {
            throw new InvalidInputException("grants.search.error.tooLong", MAX_TEXT);
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("grants.search.error.characters");
        }
        return text;
    }

    /** Object ids as given (trimmed, lower case, duplicates dropped); anything that is not one is refused. */
    public static List<String> objectIds(List<String> raw) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (raw != null) {
            for (String value : raw) {
                String id = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
                if (id.isEmpty()) {
                    continue;
                }
                if (!GUID.matcher(id).matches()) {
                    throw new InvalidInputException("grants.search.error.notAnId");
                }
                ids.add(id);
            }
        }
        if (ids.size() > MAX_PICKED) {
            throw new InvalidInputException("grants.search.error.tooManyPicked", MAX_PICKED);
        }
        return List.copyOf(ids);
    }

    /** The users whose name, e-mail address or user name starts with the text, sorted by name. */
    public Result<DirectoryUser> findUsers(String tenantId, String text) throws InterruptedException {
        String checked = searchText(text);
        if (checked.isEmpty()) {
            return new Result<>(List.of(), false, null);
        }
        try {
            Page<GraphUser> page = page(graph(tenantId), new Users(checked, MAX_RESULTS));
            List<DirectoryUser> users = new ArrayList<>(page.items().stream()
                    .map(UserDirectory::user)
                    .filter(u -> u.id() != null)
                    .toList());
            users.sort(Comparator.comparing(
                            (DirectoryUser u) -> String.valueOf(u.displayName()).toLowerCase(Locale.ROOT))
                    .thenComparing(DirectoryUser::id));
            return new Result<>(users, page.more(), null);
        } catch (Stop stop) {
            return Result.refused(stop.refusal);
        }
    }

    /** The users with these object ids, in the order given; ids the tenant does not know are left out. */
    public Result<DirectoryUser> usersByIds(String tenantId, List<String> ids) throws InterruptedException {
        if (ids.isEmpty()) {
            return new Result<>(List.of(), false, null);
        }
        try {
            GraphGateway graph = graph(tenantId);
            Map<String, DirectoryUser> found = new LinkedHashMap<>();
            for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
                for (GraphUser item : page(graph, new UsersByIds(chunk)).items()) {
                    DirectoryUser user = user(item);
                    if (user.id() != null) {
                        found.put(user.id().toLowerCase(Locale.ROOT), user);
                    }
                }
            }
            return new Result<>(
                    ids.stream().map(found::get).filter(u -> u != null).toList(), false, null);
        } catch (Stop stop) {
            return Result.refused(stop.refusal);
        }
    }

    /**
     * Names many object ids at once (a job's users): $batch requests of 20 {@code id in (...)} lookups of 15 ids each,
     * so 300 users per round trip. Ids the tenant does not know are absent from the map; a lookup Graph refused or did
     * not answer makes the whole result a refusal (nothing is taken for "unknown" then).
     */
    public Result<DirectoryUser> usersByIdsBatched(String tenantId, List<String> ids) throws InterruptedException {
        List<String> valid = ids.stream()
                .map(id -> id.toLowerCase(Locale.ROOT))
                .filter(id -> GUID.matcher(id).matches())
                .distinct()
                .toList();
        if (valid.isEmpty()) {
            return new Result<>(List.of(), false, null);
        }
        try {
            GraphGateway graph = graph(tenantId);
            List<UsersByIds> requests = new ArrayList<>();
            for (int from = 0; from < valid.size(); from += IDS_PER_REQUEST) {
                requests.add(new UsersByIds(valid.subList(from, Math.min(valid.size(), from + IDS_PER_REQUEST))));
            }
            List<GraphAnswer<Page<GraphUser>>> results;
            try {
                results = graph.batch(requests);
            } catch (GraphGateway.BatchRefused e) {
                return Result.refused(e.status() == 401 || e.status() == 403 ? Refusal.FORBIDDEN : Refusal.GRAPH_ERROR);
            } catch (IOException e) {
                return Result.refused(Refusal.UNAVAILABLE);
            }
            List<DirectoryUser> found = new ArrayList<>();
            for (GraphAnswer<Page<GraphUser>> r : results) {
                if (r == null || !r.ok() || r.value() == null) {
                    return Result.refused(
                            r != null && (r.status() == 401 || r.status() == 403)
                                    ? Refusal.FORBIDDEN
                                    : Refusal.GRAPH_ERROR);
                }
                for (GraphUser item : r.value().items()) {
                    DirectoryUser user = user(item);
                    if (user.id() != null) {
                        found.add(user);
                    }
                }
            }
            return new Result<>(found, false, null);
        } catch (Stop stop) {
            return Result.refused(stop.refusal);
        }
    }

    private GraphGateway graph(String tenantId) throws Stop, InterruptedException {
        ManagementAccess.Access access;
        try {
            access = management.appOnly(tenantId);
        } catch (IOException e) {
            throw new Stop(Refusal.UNAVAILABLE);
        }
        if (access instanceof ManagementAccess.Granted granted) {
            return granted.gateway();
        }
        throw new Stop(access instanceof ManagementAccess.Refused ? Refusal.NOT_CONSENTED : Refusal.NOT_CONFIGURED);
    }

    /** One page of users, or the refusal that ends the lookup. */
    static Page<GraphUser> page(GraphGateway graph, GraphRequest<Page<GraphUser>> request) throws Stop {
        GraphAnswer<Page<GraphUser>> response;
        try {
            response = graph.send(request);
        } catch (IOException e) {
            throw new Stop(Refusal.UNAVAILABLE);
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new Stop(Refusal.FORBIDDEN);
        }
        if (!response.ok() || response.value() == null) {
            throw new Stop(Refusal.GRAPH_ERROR);
        }
        return response.value();
    }

    static DirectoryUser user(GraphUser user) {
        return new DirectoryUser(user.id(), user.displayName(), user.mail(), user.userPrincipalName());
    }
}
