package io.tenantlink.consent;

import io.tenantlink.platform.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whom a limited-user approval script is for: chosen users (object ids) or one security group
 * (members resolved transitively when the script runs), and whether the optional scopes are
 * included. Parsed strictly from the query: GUIDs only, at most {@link #MAX_USERS} users.
 */
public record ScriptTarget(List<String> userIds, String groupId, boolean withOptional) {

    public static final int MAX_USERS = 5000;
    public static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    public ScriptTarget {
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
        if (userIds.isEmpty() == (groupId == null)) {
            throw new IllegalArgumentException("either users or a group");
        }
    }

    public boolean forGroup() {
        return groupId != null;
    }

    /**
     * @throws InvalidInputException with a message key (and arguments) saying what is wrong; nothing else is accepted
     */
    public static ScriptTarget parse(String users, String group, String optional) {
        boolean hasUsers = users != null && !users.isBlank();
        boolean hasGroup = group != null && !group.isBlank();
        if (hasUsers == hasGroup) {
            throw new InvalidInputException("featureApps.script.error.usersOrGroup");
        }
        boolean withOptional;
        if (optional == null || optional.isBlank() || optional.equals("false")) {
            withOptional = false;
        } else if (optional.equals("true")) {
            withOptional = true;
        } else {
            throw new InvalidInputException("featureApps.script.error.optional");
        }
        if (hasGroup) {
            String id = group.strip();
            if (!GUID.matcher(id).matches()) {
                throw new InvalidInputException("featureApps.script.error.group");
            }
            return new ScriptTarget(List.of(), id.toLowerCase(Locale.ROOT), withOptional);
        }
        if (users.length() > MAX_USERS * 40) {
            throw new InvalidInputException("featureApps.script.error.tooMany", MAX_USERS);
        }
        Set<String> ids = new LinkedHashSet<>();
        String[] parts = users.split(",", -1);
        if (parts.length > MAX_USERS) {
            throw new InvalidInputException("featureApps.script.error.tooMany", MAX_USERS);
        }
        for (int i = 0; i < parts.length; i++) {
            String id = parts[i].strip();
            if (!GUID.matcher(id).matches()) {
                throw new InvalidInputException("featureApps.script.error.user", i + 1);
            }
            ids.add(id.toLowerCase(Locale.ROOT));
        }
        return new ScriptTarget(new ArrayList<>(ids), null, withOptional);
    }
}
