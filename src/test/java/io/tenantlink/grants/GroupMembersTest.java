package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.platform.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupMembersTest {

    final FakeGraph graph = new FakeGraph();

    static String user(String id) {
        return id;
    }

    static String group(String id) {
        return "group:" + id;
    }

    @Test
    void usersOfNestedGroupsAcrossPagesNotTheGroupsThemselves() throws Exception {
        graph.pageSize = 2;
        graph.groups.put("g1", List.of(user("A"), group("g2"), user("b"), user("a")));
        GroupMembers.Resolved r = GroupMembers.resolve(graph, "g1", 100);
        assertNull(r.refusal());
        assertEquals(List.of("a", "b"), r.userIds());
    }

    @Test
    void emptyHugeAndUnknownGroupsAreRefusedClearly() throws Exception {
        graph.groups.put("empty", List.of(group("g2")));
        assertTrue(GroupMembers.resolve(graph, "empty", 100).refusal().contains("no user members"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(user("u" + i));
        }
        graph.groups.put("big", many);
        assertTrue(GroupMembers.resolve(graph, "big", 10).refusal().contains("more than 10"));
        assertTrue(GroupMembers.resolve(graph, "nope", 10).refusal().contains("does not know the group"));
    }

    @Test
    void aGroupOfOneHundredThousandUsersIsOneJobAndOneMoreIsRefusedWithoutReadingFurther() throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < GrantRequest.MAX_USERS; i++) {
            members.add(user(String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", i)));
        }
        graph.groups.put("huge", members);
        GroupMembers.Resolved all = GroupMembers.resolve(graph, "huge", GrantRequest.MAX_USERS);
        assertNull(all.refusal());
        assertEquals(GrantRequest.MAX_USERS, all.userIds().size());
        assertEquals(101, graph.httpRequests.get(), "pages of 999");

        List<String> more = new ArrayList<>(members);
        for (int i = 0; i < 50_000; i++) {
            more.add(user(String.format(java.util.Locale.ROOT, "ffffffff-0000-4000-8000-%012d", i)));
        }
        graph.groups.put("huger", more);
        graph.httpRequests.set(0);
        GroupMembers.Resolved refused = GroupMembers.resolve(graph, "huger", GrantRequest.MAX_USERS);
        assertTrue(refused.refusal().contains("more than 100000 user members"), refused.refusal());
        assertTrue(refused.userIds().isEmpty(), "nobody to approve: the job starts nothing");
        assertEquals(101, graph.httpRequests.get(), "read until past the limit, not the 151 pages");
    }

    @Test
    void aRequestTakesUsersOrAGroupNotBoth() {
        FeatureCatalog catalog = FeatureCatalog.builtIn();
        GrantRequest byGroup =
                GrantRequest.of(catalog, "todo", false, List.of(), List.of(), " C0FFEE00-0001-4A5B-8C6D-7E8F9A0B1C01 ");
        assertEquals("c0ffee00-0001-4a5b-8c6d-7e8f9a0b1c01", byGroup.groupId());
        assertTrue(byGroup.userIds().isEmpty());
        assertEquals(
                "grants.error.usersOrGroup",
                org.junit.jupiter.api.Assertions.assertThrows(
                                InvalidInputException.class,
                                () -> GrantRequest.of(
                                        catalog,
                                        "todo",
                                        false,
                                        List.of(),
                                        List.of("x"),
                                        "c0ffee00-0001-4a5b-8c6d-7e8f9a0b1c01"))
                        .messageKey());
        assertEquals(
                "grants.error.groupId",
                org.junit.jupiter.api.Assertions.assertThrows(
                                InvalidInputException.class,
                                () -> GrantRequest.of(
                                        catalog, "todo", false, List.of(), List.of(), "Incident responders"))
                        .messageKey());
    }
}
