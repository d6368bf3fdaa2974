package io.tenantlink.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.doctor.CheckStatus;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.doctor.ScopeDiff;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a consent ahead asks Microsoft for, its link's set id, and what the doctor's check afterwards still lacks. */
class ConsentAheadTest {

    static final List<String> BASE = List.of("openid", "profile", "email", "offline_access");

    static ConsentAhead.Plan plan(List<String> delegated, List<String> application) {
        return new ConsentAhead.Plan(
                "2027-01-15.1",
                "feature:todo:2027-01-15.1:ahead",
                "todo",
                "feature.todo.name",
                "client",
                BASE,
                delegated,
                application);
    }

    @Test
    void missingDelegatedScopesAreAskedForExplicitlyWithTheSignInScopes() {
        ConsentAhead.Plan plan = plan(List.of("Tasks.Read.Shared"), List.of());
        assertFalse(plan.throughDefault());
        assertEquals("openid profile email offline_access Tasks.Read.Shared", plan.scope());
        assertEquals(List.of("Tasks.Read.Shared"), plan.asked());
    }

    @Test
    void aMissingApplicationPermissionGoesThroughDefault() {
        ConsentAhead.Plan plan = plan(List.of("Tasks.Read.Shared"), List.of("Tasks.Read.All"));
        assertTrue(plan.throughDefault());
        assertEquals("https://graph.microsoft.com/.default", plan.scope());
        assertEquals(List.of("Tasks.Read.Shared", "app:Tasks.Read.All"), plan.asked());
    }

    @Test
    void theSetIdNamesFeatureAndNextVersionAndIsNoCurrentFeatureSet() {
        FeatureCatalog current = FeatureCatalog.builtIn();
        String id = FeatureLinkSet.aheadId(current, current.feature("todo").orElseThrow());
        assertEquals("feature:todo:" + current.version() + ":ahead", id);
        assertEquals(Optional.of(new FeatureLinkSet.Ahead("todo", current.version())), FeatureLinkSet.ahead(id));
        assertEquals(Optional.empty(), FeatureLinkSet.parse(id, current), "not a link for today's scopes");
        assertEquals(Optional.empty(), FeatureLinkSet.ahead("feature:todo:" + current.version()));
        assertEquals(Optional.empty(), FeatureLinkSet.ahead("chatops-2026-12b"));
        assertTrue(id.length() <= 64, "fits approval_link.permission_set");
    }

    @Test
    void whatTheDoctorFindsGrantedMatchingOrExtraIsNoLongerMissing() {
        FeatureCheck after = new FeatureCheck(
                "todo",
                "client",
                CheckStatus.OK,
                new ScopeDiff(List.of("Tasks.ReadWrite"), List.of(), List.of("tasks.read.shared")),
                new ScopeDiff(List.of(), List.of(), List.of()));
        assertEquals(List.of(), ConsentAhead.stillMissing(after, List.of("Tasks.Read.Shared")));
        assertEquals(
                List.of("app:Tasks.Read.All"),
                ConsentAhead.stillMissing(after, List.of("Tasks.Read.Shared", "app:Tasks.Read.All")));
        assertEquals(List.of("Tasks.Read.Shared"), ConsentAhead.stillMissing(null, List.of("Tasks.Read.Shared")));
    }
}
