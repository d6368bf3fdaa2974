package io.tenantlink.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantConnectionTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String TENANT = "1C6B9F0A-2D3E-4F5A-8B7C-9D0E1F2A3B4C";
    static final MicrosoftSigner ADMIN =
            new MicrosoftSigner(TENANT, "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01", "megan@contoso.example", "Megan", true);
    static final MicrosoftSigner TEAMS_ADMIN =
            new MicrosoftSigner(TENANT, "b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02", "alex@contoso.example", "Alex", false);

    @Test
    void aSignInWaitsForPermissionAndIsKeyedByObjectIdInTheTenant() {
        TenantConnection connection = new TenantConnection(3, ADMIN, "portal:admin", NOW);
        assertEquals(ConnectionStatus.PERMISSION_REQUIRED, connection.getStatus());
        assertEquals(TENANT.toLowerCase(), connection.getTenantId());
        assertEquals(
                "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01.1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c",
                connection.signerHomeAccountId());
        assertTrue(connection.isSignerCanConsent());
        assertEquals(connection.getTenantId(), connection.getDisplayName(), "the tenant id until Graph names it");
        connection.describeTenant("Contoso", "contoso.example");
        assertEquals("Contoso", connection.getDisplayName());
    }

    @Test
    void tenantAndObjectIdsMustBeGuids() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TenantConnection(
                        3, new MicrosoftSigner("organizations", ADMIN.objectId(), null, null, true), "a", NOW));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TenantConnection(
                        3, new MicrosoftSigner(TENANT, "megan@contoso.example", null, null, true), "a", NOW));
    }

    @Test
    void reconnectingReplacesTheSignerAndWaitsAgain() {
        TenantConnection connection = new TenantConnection(3, ADMIN, "portal:admin", NOW);
        connection.activate(NOW);
        connection.disconnect(NOW.plusSeconds(5));
        assertTrue(connection.isDisconnected());
        assertThrows(IllegalStateException.class, () -> connection.activate(NOW), "no activation while disconnected");
        connection.signedIn(TEAMS_ADMIN, "portal:other", NOW.plusSeconds(10));
        assertEquals(ConnectionStatus.PERMISSION_REQUIRED, connection.getStatus());
        assertFalse(connection.isSignerCanConsent());
        assertNull(connection.getDisconnectedAt());
        assertEquals("portal:other", connection.getConnectedBy());
    }

    @Test
    void aSignerOfAnotherTenantCannotSignInAnExistingConnection() {
        TenantConnection connection = new TenantConnection(3, ADMIN, "portal:admin", NOW);
        assertThrows(
                IllegalArgumentException.class,
                () -> connection.signedIn(
                        new MicrosoftSigner("2d7c0a1b-3e4f-4a6b-9c8d-0e1f2a3b4c5d", ADMIN.objectId(), null, null, true),
                        "a",
                        NOW));
    }

    @Test
    void permissionGrantedThroughALinkIsNotedUntilTheNextSignIn() {
        TenantConnection connection = new TenantConnection(3, TEAMS_ADMIN, "portal:admin", NOW);
        connection.permissionGrantedBy("Megan (megan@contoso.example)");
        assertEquals("Megan (megan@contoso.example)", connection.getPermissionGrantedBy());
        connection.signedIn(TEAMS_ADMIN, "portal:admin", NOW);
        assertNull(connection.getPermissionGrantedBy());
    }

    @Test
    void chatOpsPermissionsAreSeed000sTable() {
        assertEquals(19, ChatOpsPermissions.ALL.size());
        assertTrue(
                ChatOpsPermissions.delegatedGraph().contains("ChatMessage.Send"),
                "the incident chat posts as the user");
        assertTrue(
                ChatOpsPermissions.delegatedGraph().contains("Chat.Read"),
                "a post-incident review exports the chat's messages as the user (least privileged for listing them)");
        assertEquals(
                java.util.Set.of(
                        "Chat.Create",
                        "ChatMember.ReadWrite.All",
                        "TeamsAppInstallation.ReadWriteSelfForChat.All",
                        "User.Read.All"),
                ChatOpsPermissions.application());
        assertFalse(ChatOpsPermissions.delegatedGraph().contains("openid"), "OpenID scopes are not Graph permissions");
        assertTrue(ChatOpsPermissions.delegatedGraph().contains("TeamsAppInstallation.ReadWriteSelfForUser"));
    }

    @Test
    void microsoftErrorsTakeOnlyTheCodeFromTheDescription() {
        assertEquals(java.util.Optional.of(90094), MicrosoftErrors.codeOf("AADSTS90094: <b>admin</b> needed"));
        assertEquals(java.util.Optional.empty(), MicrosoftErrors.codeOf("<script>AADSTS1</script>"));
        assertEquals("aadsts.65004", MicrosoftErrors.keyOf(65004));
        assertEquals("aadsts.other", MicrosoftErrors.keyOf(12345));
        assertEquals("aadsts.other", MicrosoftErrors.keyOf(null));
    }
}
