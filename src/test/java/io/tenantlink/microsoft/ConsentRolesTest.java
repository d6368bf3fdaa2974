package io.tenantlink.microsoft;

import static io.tenantlink.microsoft.ConsentRoles.APPLICATION_ADMINISTRATOR;
import static io.tenantlink.microsoft.ConsentRoles.CLOUD_APPLICATION_ADMINISTRATOR;
import static io.tenantlink.microsoft.ConsentRoles.GLOBAL_ADMINISTRATOR;
import static io.tenantlink.microsoft.ConsentRoles.PRIVILEGED_ROLE_ADMINISTRATOR;
import static io.tenantlink.microsoft.ConsentRoles.TEAMS_ADMINISTRATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentRolesTest {

    /** "Directory Readers", a role that grants nothing here. */
    private static final String DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";

    @Test
    void templateIdsAreMicrosofts() {
        assertEquals("62e90394-69f5-4237-9190-012177145e10", GLOBAL_ADMINISTRATOR);
        assertEquals("e8611ab8-c189-46e8-94e1-60213ab1f814", PRIVILEGED_ROLE_ADMINISTRATOR);
        assertEquals("158c047a-c907-4556-b7ef-446551a6b5f7", CLOUD_APPLICATION_ADMINISTRATOR);
        assertEquals("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", APPLICATION_ADMINISTRATOR);
        assertEquals("69091246-20e8-4a56-aa4d-066075b2a7a8", TEAMS_ADMINISTRATOR);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                GLOBAL_ADMINISTRATOR,
                PRIVILEGED_ROLE_ADMINISTRATOR,
                CLOUD_APPLICATION_ADMINISTRATOR,
                APPLICATION_ADMINISTRATOR
            })
    void consentAdminsCanGrantTenantWideConsent(String role) {
        assertTrue(ConsentRoles.canGrantTenantWideConsent(List.of(role)));
        assertTrue(ConsentRoles.canGrantTenantWideConsent(List.of(DIRECTORY_READERS, role)));
    }

    @Test
    void onlyGlobalAndPrivilegedRoleAdminsCanGrantApplicationPermissions() {
        assertTrue(ConsentRoles.canGrantApplicationPermissions(List.of(GLOBAL_ADMINISTRATOR)));
        assertTrue(ConsentRoles.canGrantApplicationPermissions(List.of(PRIVILEGED_ROLE_ADMINISTRATOR)));
        assertFalse(ConsentRoles.canGrantApplicationPermissions(List.of(CLOUD_APPLICATION_ADMINISTRATOR)));
        assertFalse(ConsentRoles.canGrantApplicationPermissions(List.of(APPLICATION_ADMINISTRATOR)));
        assertFalse(ConsentRoles.canGrantApplicationPermissions(
                List.of(APPLICATION_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR, TEAMS_ADMINISTRATOR)));
    }

    @Test
    void teamsAdministratorCannot() {
        assertFalse(ConsentRoles.canGrantTenantWideConsent(List.of(TEAMS_ADMINISTRATOR)));
        assertFalse(ConsentRoles.canGrantApplicationPermissions(List.of(TEAMS_ADMINISTRATOR)));
        assertFalse(ConsentRoles.canGrantTenantWideConsent(List.of(TEAMS_ADMINISTRATOR, DIRECTORY_READERS)));
    }

    @Test
    void noClaimMeansNoRole() {
        assertFalse(ConsentRoles.canGrantTenantWideConsent(null));
        assertFalse(ConsentRoles.canGrantTenantWideConsent(List.of()));
        assertFalse(ConsentRoles.canGrantApplicationPermissions(null));
        assertFalse(ConsentRoles.canGrantApplicationPermissions(List.of()));
        assertFalse(ConsentRoles.canGrantTenantWideConsent(Arrays.asList((String) null)));
    }

    @Test
    void roleNamesAreNotRoleIds() {
        // An app role named like a directory role is not one; only template ids count.
        assertFalse(ConsentRoles.canGrantTenantWideConsent(List.of("Global Administrator")));
        assertFalse(
                ConsentRoles.canGrantApplicationPermissions(List.of("GlobalAdministrator", "Company Administrator")));
        assertFalse(ConsentRoles.canGrantTenantWideConsent(List.of(GLOBAL_ADMINISTRATOR + "0")));
    }

    @Test
    void templateIdsCompareAsGuids() {
        assertTrue(ConsentRoles.canGrantApplicationPermissions(List.of(GLOBAL_ADMINISTRATOR.toUpperCase())));
    }
}
