package io.tenantlink.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApprovalLinkTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String TENANT = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";

    static TenantConnection connection() {
        TenantConnection connection = new TenantConnection(
                7,
                new MicrosoftSigner(
                        TENANT, "b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02", "alex@contoso.example", "Alex", false),
                "portal:site-admin",
                NOW);
        try {
            // As the database would after saving it.
            java.lang.reflect.Field id = TenantConnection.class.getDeclaredField("id");
            id.setAccessible(true);
            id.set(connection, 41L);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return connection;
    }

    static ApprovalLink link() {
        return new ApprovalLink(
                connection(),
                "hash",
                ChatOpsPermissions.SET_ID,
                "portal:site-admin",
                NOW,
                ApprovalLink.DEFAULT_LIFETIME);
    }

    @Test
    void aNewLinkIsPendingForSevenDaysAndBoundToItsConnectionsTenant() {
        ApprovalLink link = link();
        assertEquals(ApprovalLinkStatus.PENDING, link.statusAt(NOW));
        assertEquals(NOW.plus(Duration.ofDays(7)), link.getExpiresAt());
        assertEquals(TENANT, link.getTenantId());
        assertEquals(7, link.getSiteId());
        assertEquals(41, link.getConnectionId());
    }

    @Test
    void thePagesViewOfALinkIsItsStatusAtThePagesTime() throws ReflectiveOperationException {
        ApprovalLink link = link();
        java.lang.reflect.Field id = ApprovalLink.class.getDeclaredField("id");
        id.setAccessible(true);
        id.set(link, 5L); // as the database would after saving it
        ApprovalLinkView fresh = ApprovalLinkView.of(link, NOW.plusSeconds(60));
        assertEquals(5L, fresh.id());
        assertEquals(ApprovalLinkStatus.PENDING, fresh.status());
        assertTrue(fresh.usable());
        assertEquals("site-admin", fresh.createdBy(), "named, not by the actor id the record keeps");
        assertEquals(NOW.plus(Duration.ofDays(7)), fresh.expiresAt());
        ApprovalLinkView late = ApprovalLinkView.of(link, NOW.plus(Duration.ofDays(7)));
        assertEquals(ApprovalLinkStatus.EXPIRED, late.status(), "expired when shown, before the timer ran");
        assertFalse(late.usable());
        link.open(NOW.plusSeconds(60));
        link.approve("Megan", NOW.plusSeconds(120));
        ApprovalLinkView answered = ApprovalLinkView.of(link, NOW.plusSeconds(180));
        assertEquals(ApprovalLinkStatus.APPROVED, answered.status());
        assertEquals("Megan", answered.decidedBy());
        assertFalse(answered.usable());
    }

    @Test
    void openingThenApprovingSpendsTheLink() {
        ApprovalLink link = link();
        link.open(NOW.plusSeconds(60));
        assertEquals(ApprovalLinkStatus.OPENED, link.statusAt(NOW.plusSeconds(60)));
        link.approve("Megan", NOW.plusSeconds(120));
        assertEquals(ApprovalLinkStatus.APPROVED, link.getStatus());
        assertFalse(link.usableAt(NOW.plusSeconds(121)));
        assertThrows(IllegalStateException.class, () -> link.approve("Megan", NOW.plusSeconds(130)), "single use");
        assertThrows(IllegalStateException.class, () -> link.revoke("admin", NOW.plusSeconds(130)));
    }

    @Test
    void aLinkPastItsExpiryIsExpiredBeforeAndAfterTheTimerRan() {
        ApprovalLink link = link();
        Instant later = NOW.plus(Duration.ofDays(7));
        assertEquals(ApprovalLinkStatus.EXPIRED, link.statusAt(later), "readers see it expired at once");
        assertThrows(IllegalStateException.class, () -> link.open(later));
        assertTrue(link.expireIfDue(later));
        assertFalse(link.expireIfDue(later.plusSeconds(1)), "a second run changes nothing");
        assertEquals(ApprovalLinkStatus.EXPIRED, link.getStatus());
    }

    @Test
    void revokedAndDeclinedLinksAreNotUsable() {
        ApprovalLink revoked = link();
        revoked.revoke("portal:site-admin", NOW);
        assertFalse(revoked.usableAt(NOW));
        assertFalse(revoked.expireIfDue(NOW.plus(Duration.ofDays(30))), "a revoked link does not become expired");
        ApprovalLink declined = link();
        declined.decline("Megan", NOW);
        assertEquals(ApprovalLinkStatus.DECLINED, declined.statusAt(NOW));
    }

    @Test
    void noLinkForADisconnectedConnection() {
        TenantConnection connection = connection();
        connection.disconnect(NOW);
        assertThrows(
                IllegalStateException.class,
                () -> new ApprovalLink(
                        connection, "h", ChatOpsPermissions.SET_ID, "a", NOW, ApprovalLink.DEFAULT_LIFETIME));
    }
}
