package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.GroupUserMembers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A security group's user members, nested groups resolved (Graph's transitiveMembers, pages of 999). */
public final class GroupMembers {

    private GroupMembers() {}

    /** The users, or why there are none to approve (a plain-words refusal). */
    public record Resolved(List<String> userIds, String refusal) {}

    public static Resolved resolve(GrantGraph graph, String groupId, int max) throws IOException {
        Set<String> users = new LinkedHashSet<>();
        GraphRequest<Page<String>> first = new GroupUserMembers(groupId);
        GraphRequest<Page<String>> next = first;
        while (next != null) {
            GraphAnswer<Page<String>> response = graph.send(next);
            if (response.status() == 404) {
                return new Resolved(
                        List.of(), "Microsoft Graph does not know the group " + groupId + " in this tenant.");
            }
            if (response.status() == 403) {
                return new Resolved(
                        List.of(), "Not allowed to read the group's members (Directory.Read.All is needed).");
            }
            if (response.status() == 401) {
                throw new GrantEngine.TokenRefused(GrantEngine.errorMessage(response));
            }
            if (!response.ok() || response.value() == null) {
                throw new IOException("Microsoft Graph answered HTTP " + response.status() + " to the group's members");
            }
            for (String id : response.value().items()) {
                users.add(id.toLowerCase(Locale.ROOT));
            }
            if (users.size() > max) {
                return new Resolved(
                        List.of(),
                        "The group has more than " + max + " user members: split it, or approve for all users.");
            }
            next = response.value().next(first);
        }
        if (users.isEmpty()) {
            return new Resolved(List.of(), "The group has no user members: nobody to approve.");
        }
        return new Resolved(new ArrayList<>(users), null);
    }
}
