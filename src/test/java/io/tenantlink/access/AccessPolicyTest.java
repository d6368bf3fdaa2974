package io.tenantlink.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessPolicyTest {

    private static final long SITE_A = 1;
    private static final long SITE_B = 2;
    private static final long PROJECT_P = 10; // in site A
    private static final long PROJECT_Q = 11; // in site A
    private static final long PROJECT_R = 20; // in site B

    private static final Set<Permission> GLOBAL =
            EnumSet.of(Permission.CREATE_SITE, Permission.MANAGE_ACCOUNTS, Permission.READ_GLOBAL_AUDIT);
    private static final Set<Permission> SITE_LEVEL = EnumSet.of(
            Permission.VIEW_SITE,
            Permission.EDIT_SITE,
            Permission.MANAGE_SITE_ROLES,
            Permission.CREATE_PROJECT,
            Permission.READ_SITE_AUDIT);
    private static final Set<Permission> PROJECT_LEVEL = EnumSet.of(Permission.VIEW_PROJECT, Permission.EDIT_PROJECT);

    private static AccessPolicy policy(RoleGrant... grants) {
        return new AccessPolicy(List.of(grants));
    }

    private static void assertNothingOnSite(AccessPolicy policy, long siteId, long... projectIds) {
        for (Permission p : SITE_LEVEL) {
            assertFalse(policy.allowsOnSite(p, siteId), () -> p + " must not be allowed on site " + siteId);
        }
        for (long projectId : projectIds) {
            for (Permission p : PROJECT_LEVEL) {
                assertFalse(
                        policy.allowsOnProject(p, siteId, projectId),
                        () -> p + " must not be allowed on project " + projectId + " of site " + siteId);
            }
        }
        assertFalse(policy.seesAllProjectsOf(siteId));
        assertEquals(Set.of(), policy.assignableRolesOnSite(siteId));
    }

    private static void assertNoGlobal(AccessPolicy policy) {
        for (Permission p : GLOBAL) {
            assertFalse(policy.allows(p), () -> "global " + p + " must not be allowed");
        }
    }

    // --- operator -------------------------------------------------------------------------

    @Test
    void operatorHasEveryGlobalPermission() {
        AccessPolicy operator = policy(RoleGrant.operator());
        assertTrue(operator.isOperator());
        for (Permission p : GLOBAL) {
            assertTrue(operator.allows(p), () -> "operator should have " + p);
        }
    }

    @Test
    void operatorViewsAnySiteManagesItsRolesAndReadsItsAudit() {
        AccessPolicy operator = policy(RoleGrant.operator());
        for (long site : new long[] {SITE_A, SITE_B, 999}) {
            assertTrue(operator.allowsOnSite(Permission.VIEW_SITE, site));
            assertTrue(operator.allowsOnSite(Permission.MANAGE_SITE_ROLES, site));
            assertTrue(operator.allowsOnSite(Permission.READ_SITE_AUDIT, site));
        }
    }

    @Test
    void onlyAnOperatorReadsEverySitesAuditWithoutAListOfSites() {
        assertTrue(policy(RoleGrant.operator()).allowsOnEverySite(Permission.READ_SITE_AUDIT));
        assertFalse(policy(RoleGrant.operator()).allowsOnEverySite(Permission.MANAGE_CONNECTIONS));
        assertFalse(policy(RoleGrant.onSite(Role.SITE_ADMIN, SITE_A), RoleGrant.onSite(Role.AUDITOR, SITE_B))
                .allowsOnEverySite(Permission.READ_SITE_AUDIT));
    }

    @Test
    void operatorViewsProjectsButMayNotEditThem() {
        AccessPolicy operator = policy(RoleGrant.operator());
        assertTrue(operator.allowsOnProject(Permission.VIEW_PROJECT, SITE_A, PROJECT_P));
        assertTrue(operator.allowsOnProject(Permission.VIEW_PROJECT, SITE_B, PROJECT_R));
        assertFalse(operator.allowsOnProject(Permission.EDIT_PROJECT, SITE_A, PROJECT_P));
        assertFalse(operator.allowsOnProject(Permission.EDIT_PROJECT, SITE_B, PROJECT_R));
    }

    @Test
    void operatorSeesAllProjectsAndMayAssignEverySiteRole() {
        AccessPolicy operator = policy(RoleGrant.operator());
        assertTrue(operator.seesAllProjectsOf(SITE_A));
        assertTrue(operator.seesAllProjectsOf(SITE_B));
        Set<Role> assignable = operator.assignableRolesOnSite(SITE_A);
        assertEquals(EnumSet.of(Role.SITE_ADMIN, Role.PROJECT_ADMIN, Role.AUDITOR), assignable);
        assertFalse(assignable.contains(Role.OPERATOR), "operator is never handed out on a site");
    }

    // --- site admin -----------------------------------------------------------------------

    @Test
    void siteAdminManagesOwnSite() {
        AccessPolicy admin = policy(RoleGrant.onSite(Role.SITE_ADMIN, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.VIEW_SITE, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.EDIT_SITE, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.CREATE_PROJECT, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.MANAGE_SITE_ROLES, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.READ_SITE_AUDIT, SITE_A));
        assertTrue(admin.allowsOnProject(Permission.VIEW_PROJECT, SITE_A, PROJECT_P));
        assertTrue(admin.allowsOnProject(Permission.EDIT_PROJECT, SITE_A, PROJECT_Q));
        assertTrue(admin.seesAllProjectsOf(SITE_A));
        assertEquals(
                EnumSet.of(Role.SITE_ADMIN, Role.PROJECT_ADMIN, Role.AUDITOR), admin.assignableRolesOnSite(SITE_A));
    }

    @Test
    void siteAdminOfAHasNothingOnBAndNothingGlobal() {
        AccessPolicy admin = policy(RoleGrant.onSite(Role.SITE_ADMIN, SITE_A));
        assertFalse(admin.isOperator());
        assertNoGlobal(admin);
        assertNothingOnSite(admin, SITE_B, PROJECT_R);
    }

    // --- auditor --------------------------------------------------------------------------

    @Test
    void auditorViewsSiteAndReadsItsAudit() {
        AccessPolicy auditor = policy(RoleGrant.onSite(Role.AUDITOR, SITE_A));
        assertTrue(auditor.allowsOnSite(Permission.VIEW_SITE, SITE_A));
        assertTrue(auditor.allowsOnSite(Permission.READ_SITE_AUDIT, SITE_A));
        assertTrue(auditor.allowsOnProject(Permission.VIEW_PROJECT, SITE_A, PROJECT_P));
        assertTrue(auditor.seesAllProjectsOf(SITE_A));
    }

    @Test
    void auditorMayChangeNothing() {
        AccessPolicy auditor = policy(RoleGrant.onSite(Role.AUDITOR, SITE_A));
        assertFalse(auditor.allowsOnSite(Permission.EDIT_SITE, SITE_A));
        assertFalse(auditor.allowsOnSite(Permission.CREATE_PROJECT, SITE_A));
        assertFalse(auditor.allowsOnSite(Permission.MANAGE_SITE_ROLES, SITE_A));
        assertFalse(auditor.allowsOnProject(Permission.EDIT_PROJECT, SITE_A, PROJECT_P));
        assertEquals(Set.of(), auditor.assignableRolesOnSite(SITE_A));
        assertNoGlobal(auditor);
        assertNothingOnSite(auditor, SITE_B, PROJECT_R);
    }

    // --- project admin --------------------------------------------------------------------

    @Test
    void projectAdminViewsSiteAndEditsOnlyOwnProject() {
        AccessPolicy admin = policy(RoleGrant.onProject(SITE_A, PROJECT_P));
        assertTrue(admin.allowsOnSite(Permission.VIEW_SITE, SITE_A));
        assertTrue(admin.allowsOnProject(Permission.VIEW_PROJECT, SITE_A, PROJECT_P));
        assertTrue(admin.allowsOnProject(Permission.EDIT_PROJECT, SITE_A, PROJECT_P));

        assertFalse(admin.allowsOnProject(Permission.VIEW_PROJECT, SITE_A, PROJECT_Q));
        assertFalse(admin.allowsOnProject(Permission.EDIT_PROJECT, SITE_A, PROJECT_Q));
    }

    @Test
    void projectAdminHasNoSiteLevelPowers() {
        AccessPolicy admin = policy(RoleGrant.onProject(SITE_A, PROJECT_P));
        assertFalse(admin.allowsOnSite(Permission.EDIT_SITE, SITE_A));
        assertFalse(admin.allowsOnSite(Permission.CREATE_PROJECT, SITE_A));
        assertFalse(admin.allowsOnSite(Permission.MANAGE_SITE_ROLES, SITE_A));
        assertFalse(admin.allowsOnSite(Permission.READ_SITE_AUDIT, SITE_A));
        assertFalse(admin.seesAllProjectsOf(SITE_A), "a project admin sees only the projects it administers");
        assertEquals(Set.of(), admin.assignableRolesOnSite(SITE_A));
        assertNoGlobal(admin);
        assertNothingOnSite(admin, SITE_B, PROJECT_R);
    }

    // --- combinations and defaults --------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Permission.class)
    void noGrantsMeansNothingIsAllowed(Permission permission) {
        AccessPolicy nobody = policy();
        assertFalse(nobody.isOperator());
        assertFalse(nobody.allows(permission));
        assertFalse(nobody.allowsOnSite(permission, SITE_A));
        assertFalse(nobody.allowsOnProject(permission, SITE_A, PROJECT_P));
        assertFalse(nobody.seesAllProjectsOf(SITE_A));
        assertEquals(Set.of(), nobody.assignableRolesOnSite(SITE_A));
    }

    @Test
    void projectPermissionsAreNeverGivenOnASite() {
        // Site-level checks only ever answer for site-level permissions.
        AccessPolicy everything = policy(RoleGrant.operator(), RoleGrant.onSite(Role.SITE_ADMIN, SITE_A));
        assertFalse(everything.allowsOnSite(Permission.VIEW_PROJECT, SITE_A));
        assertFalse(everything.allowsOnSite(Permission.EDIT_PROJECT, SITE_A));
    }

    @Test
    void grantsOnSeveralSitesAddUp() {
        AccessPolicy mixed = policy(RoleGrant.onSite(Role.AUDITOR, SITE_A), RoleGrant.onSite(Role.SITE_ADMIN, SITE_B));
        assertTrue(mixed.allowsOnSite(Permission.READ_SITE_AUDIT, SITE_A));
        assertFalse(mixed.allowsOnSite(Permission.EDIT_SITE, SITE_A));
        assertTrue(mixed.allowsOnSite(Permission.EDIT_SITE, SITE_B));
        assertEquals(Set.of(), mixed.assignableRolesOnSite(SITE_A));
        assertEquals(
                EnumSet.of(Role.SITE_ADMIN, Role.PROJECT_ADMIN, Role.AUDITOR), mixed.assignableRolesOnSite(SITE_B));
    }

    @Test
    void grantListIsACopy() {
        List<RoleGrant> grants = new java.util.ArrayList<>(List.of(RoleGrant.onSite(Role.AUDITOR, SITE_A)));
        AccessPolicy policy = new AccessPolicy(grants);
        grants.add(RoleGrant.operator());
        assertFalse(policy.isOperator(), "later changes to the caller's list must not widen the policy");
        assertEquals(1, policy.grants().size());
    }

    // --- RoleGrant ------------------------------------------------------------------------

    @Test
    void siteAdminNeedsASite() {
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.SITE_ADMIN, null, null));
    }

    @Test
    void auditorNeedsASiteAndNoProject() {
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.AUDITOR, null, null));
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.AUDITOR, SITE_A, PROJECT_P));
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.SITE_ADMIN, SITE_A, PROJECT_P));
    }

    @Test
    void globalRoleHasNoSiteOrProject() {
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.OPERATOR, SITE_A, null));
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.OPERATOR, null, PROJECT_P));
    }

    @Test
    void projectAdminNeedsSiteAndProject() {
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.PROJECT_ADMIN, SITE_A, null));
        assertThrows(IllegalArgumentException.class, () -> new RoleGrant(Role.PROJECT_ADMIN, null, PROJECT_P));
    }

    @Test
    void roleIsRequired() {
        assertThrows(NullPointerException.class, () -> new RoleGrant(null, SITE_A, null));
    }

    @Test
    void factoriesBuildValidGrants() {
        assertEquals(new RoleGrant(Role.OPERATOR, null, null), RoleGrant.operator());
        assertEquals(new RoleGrant(Role.AUDITOR, SITE_A, null), RoleGrant.onSite(Role.AUDITOR, SITE_A));
        assertEquals(new RoleGrant(Role.PROJECT_ADMIN, SITE_A, PROJECT_P), RoleGrant.onProject(SITE_A, PROJECT_P));
        assertThrows(IllegalArgumentException.class, () -> RoleGrant.onSite(Role.OPERATOR, SITE_A));
        assertThrows(IllegalArgumentException.class, () -> RoleGrant.onSite(Role.PROJECT_ADMIN, SITE_A));
    }

    // --- people, incidents, API tokens, plans (issue 13) ----------------------------------

    @Test
    void siteAdminManagesPeopleTokensAndWorksEveryIncidentOfItsSite() {
        AccessPolicy admin = policy(RoleGrant.onSite(Role.SITE_ADMIN, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.VIEW_PEOPLE, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.MANAGE_PEOPLE, SITE_A));
        assertTrue(admin.allowsOnSite(Permission.MANAGE_API_TOKENS, SITE_A));
        assertTrue(admin.allowsOnProject(Permission.WORK_INCIDENTS, SITE_A, PROJECT_P));
        assertTrue(admin.allowsOnProject(Permission.WORK_INCIDENTS, SITE_A, PROJECT_Q));
        assertFalse(admin.allowsOnSite(Permission.SET_SITE_PLAN, SITE_A), "the plan is the operator's");
        assertFalse(admin.allowsOnSite(Permission.MANAGE_PEOPLE, SITE_B));
        assertFalse(admin.allowsOnProject(Permission.VIEW_INCIDENTS, SITE_B, PROJECT_R));
    }

    @Test
    void projectAdminWorksIncidentsOfItsProjectOnlyAndReadsPeople() {
        AccessPolicy admin = policy(RoleGrant.onProject(SITE_A, PROJECT_P));
        assertTrue(admin.allowsOnProject(Permission.WORK_INCIDENTS, SITE_A, PROJECT_P));
        assertTrue(admin.allowsOnProject(Permission.VIEW_INCIDENTS, SITE_A, PROJECT_P));
        assertFalse(admin.allowsOnProject(Permission.WORK_INCIDENTS, SITE_A, PROJECT_Q));
        assertFalse(admin.allowsOnProject(Permission.VIEW_INCIDENTS, SITE_A, PROJECT_Q));
        assertTrue(admin.allowsOnSite(Permission.VIEW_PEOPLE, SITE_A));
        assertFalse(admin.allowsOnSite(Permission.MANAGE_PEOPLE, SITE_A));
        assertFalse(admin.allowsOnSite(Permission.MANAGE_API_TOKENS, SITE_A));
    }

    @Test
    void auditorReadsPeopleAndIncidentsButWorksNothing() {
        AccessPolicy auditor = policy(RoleGrant.onSite(Role.AUDITOR, SITE_A));
        assertTrue(auditor.allowsOnSite(Permission.VIEW_PEOPLE, SITE_A));
        assertTrue(auditor.allowsOnProject(Permission.VIEW_INCIDENTS, SITE_A, PROJECT_P));
        assertFalse(auditor.allowsOnProject(Permission.WORK_INCIDENTS, SITE_A, PROJECT_P));
        assertFalse(auditor.allowsOnSite(Permission.MANAGE_PEOPLE, SITE_A));
        assertFalse(auditor.allowsOnSite(Permission.MANAGE_API_TOKENS, SITE_A));
        assertFalse(auditor.allowsOnSite(Permission.SET_SITE_PLAN, SITE_A));
    }

    @Test
    void operatorSetsThePlanOfAnySiteButWorksNoIncident() {
        AccessPolicy operator = policy(RoleGrant.operator());
        assertTrue(operator.allowsOnSite(Permission.SET_SITE_PLAN, SITE_A));
        assertTrue(operator.allowsOnSite(Permission.SET_SITE_PLAN, SITE_B));
        assertFalse(operator.allowsOnSite(Permission.MANAGE_PEOPLE, SITE_A));
        assertFalse(operator.allowsOnSite(Permission.MANAGE_API_TOKENS, SITE_A));
        assertFalse(operator.allowsOnProject(Permission.WORK_INCIDENTS, SITE_A, PROJECT_P));
    }
}
