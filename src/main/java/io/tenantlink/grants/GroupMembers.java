package io.tenantlink.grants;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.microsoft.GraphResponse;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A security group's user members, nested groups resolved (GET /groups/{id}/transitiveMembers, pages of 999). */
public final class GroupMembers {

    private GroupMembers() {}

    /** The users, or why there are none to approve (a plain-words refusal). */
    public record Resolved(List<String> userIds, String refusal) {}

    public static Resolved resolve(GrantGraph graph, String groupId, int max) throws IOException {
        Set<String> users = new LinkedHashSet<>();
        String next = "/groups/" + groupId + "/transitiveMembers?$select=id&$top=999";
        while (next != null) {
            GraphResponse response = graph.send("GET", next, null);
            if (response.status() == 404) {
                return new Resolved(
                        List.of(), "Microsoft Graph does not know the group " + groupId + " in this tenant.");
            }
            if (response.status() == 403) {
                return new Resolved(
                        List.of(), "Not allowed to read the group's members (Directory.Read.All is needed).");
            }
            if (!response.ok()) {
                throw new IOException("Microsoft Graph answered HTTP " + response.status() + " to the group's members");
            }
            Map<String, Object> body;
            try {
                body = JSONObjectUtils.parse(response.body());
            } catch (ParseException e) {
                throw new IOException("Microsoft Graph answered with something that is not JSON", e);
            }
            if (body.get("value") instanceof List<?> values) {
                for (Object v : values) {
                    if (v instanceof Map<?, ?> member
                            && "#microsoft.graph.user".equals(member.get("@odata.type"))
                            && member.get("id") != null) {
                        users.add(String.valueOf(member.get("id")).toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (users.size() > max) {
                return new Resolved(
                        List.of(),
                        "The group has more than " + max + " user members: split it, or approve for all users.");
            }
            Object link = body.get("@odata.nextLink");
            next = link == null ? null : GrantEngine.relative(String.valueOf(link));
        }
        if (users.isEmpty()) {
            return new Resolved(List.of(), "The group has no user members: nobody to approve.");
        }
        return new Resolved(new ArrayList<>(users), null);
    }
}
