package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.grants.GrantPlanner.ExistingGrant;
import io.tenantlink.grants.GrantPlanner.GrantAction;
import io.tenantlink.grants.GrantPlanner.UserPlan;
import io.tenantlink.microsoft.GraphRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantPlannerTest {

    static final Set<String> SCOPES = new LinkedHashSet<>(List.of("openid", "profile", "User.Read", "Tasks.ReadWrite"));

    @Test
    void createsWhenNoGrantAndAssignsWhenNoRole() {
        UserPlan plan = GrantPlanner.plan("u1", SCOPES, null, false);
        assertEquals(GrantAction.CREATE, plan.grant());
        assertTrue(plan.assignRole());
        assertEquals(2, plan.requests());
    }

    @Test
    void skipsAMatchingGrantWhateverTheOrderAndCase() {
        UserPlan plan = GrantPlanner.plan(
                "u1", SCOPES, new ExistingGrant("g", "u1", " tasks.readwrite  user.read OPENID profile"), true);
        assertEquals(GrantAction.NONE, plan.grant());
        assertFalse(plan.assignRole());
        assertEquals(0, plan.requests());
    }

    @Test
    void updatesAGrantWithOtherScopes() {
        UserPlan fewer =
                GrantPlanner.plan("u1", SCOPES, new ExistingGrant("g", "u1", "openid profile User.Read"), true);
        assertEquals(GrantAction.UPDATE, fewer.grant());
        UserPlan more = GrantPlanner.plan(
                "u1",
                SCOPES,
                new ExistingGrant("g", "u1", "openid profile User.Read Tasks.ReadWrite Mail.Read"),
                false);
        assertEquals(GrantAction.UPDATE, more.grant());
        assertTrue(more.assignRole());
    }

    @Test
    void batchesHoldAtMostTwentyRequestsAndNeverSplitAUser() {
        List<UserPlan> plans = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            plans.add(GrantPlanner.plan("u" + i, SCOPES, null, false)); // 2 requests each
        }
        plans.add(GrantPlanner.plan("skip", SCOPES, new ExistingGrant("g", "skip", String.join(" ", SCOPES)), true));
        plans.add(GrantPlanner.plan(
                "role-only", SCOPES, new ExistingGrant("g2", "role-only", String.join(" ", SCOPES)), false));
        GrantPlanner.Context context = new GrantPlanner.Context("client-sp", "graph-sp", SCOPES);
        List<GrantPlanner.Batch> batches = GrantPlanner.batches(plans, context, 20);
        assertEquals(3, batches.size(), "51 requests: 20 + 20 + 11");
        int total = 0;
        for (GrantPlanner.Batch b : batches) {
            assertTrue(b.requests().size() <= 20);
            total += b.requests().size();
            for (UserPlan u : b.users()) {
                long inThisBatch = b.writes().stream()
                        .filter(w -> w.userId().equals(u.userId()))
                        .count();
                assertEquals(u.requests(), inThisBatch, "all writes of a user in one batch");
            }
        }
        assertEquals(51, total);
        GrantPlanner.Batch first = batches.get(0);
        assertEquals(
                new GraphRequest.CreatePrincipalGrant(
                        "client-sp", "u0", "graph-sp", "openid profile User.Read Tasks.ReadWrite"),
                first.requests().get(0));
        assertEquals(
                new GrantPlanner.Write("u0", GrantPlanner.WriteKind.GRANT_CREATE),
                first.writes().get(0));
        assertEquals(
                new GraphRequest.AssignAppRole("client-sp", "u0", GrantPlanner.DEFAULT_APP_ROLE),
                first.requests().get(1));
        assertEquals(
                new GrantPlanner.Write("u0", GrantPlanner.WriteKind.ROLE_ASSIGN),
                first.writes().get(1));
        GrantPlanner.Batch last = batches.get(2);
        assertEquals(
                new GraphRequest.AssignAppRole("client-sp", "role-only", GrantPlanner.DEFAULT_APP_ROLE),
                last.requests().get(last.requests().size() - 1),
                "a user whose grant matches gets the app role only");
    }
}
