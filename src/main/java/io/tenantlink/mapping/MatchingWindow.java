package io.tenantlink.mapping;

import java.util.List;
import java.util.Map;

/**
 * What matching needs for one window of a site's people (person ids in a range), read with a few set-based queries:
 * the people and their addresses, the directory users having one of those addresses, the people's stored mappings,
 * and the users their site admin chose (overrides).
 *
 * @param people the site's people in the window, by id
 * @param candidates per person id: the users having one of the person's addresses, each with the matched addresses
 * @param stored per person id: the stored mapping
 * @param overrideUsers per person id: the user of the override, while it is in the directory copy
 */
public record MatchingWindow(
        List<WindowPerson> people,
        Map<Long, List<DirectoryEntry>> candidates,
        Map<Long, StoredMapping> stored,
        Map<Long, DirectoryEntry> overrideUsers) {

    /** A person of the window: id, e-mail and alternative e-mails. */
    public record WindowPerson(long id, String email, List<String> alternatives) {}

    /** A stored mapping: its row id, who chose its user (if anyone), the chosen user (or null), the outcome it holds. */
    public record StoredMapping(long id, PersonMapping.Source source, String overrideObjectId, MappingRow row) {}
}
