package io.tenantlink.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SelfLinkInvitationTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final String CONTOSO = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";

    private static SelfLinkInvitation invitation() {
        return new SelfLinkInvitation("h".repeat(64), 1, 2, 3, CONTOSO, "portal:admin", NOW);
    }

    @Test
    void worksOnceUntilItExpires() {
        SelfLinkInvitation invitation = invitation();
        assertEquals(SelfLinkInvitation.State.OPEN, invitation.stateAt(NOW.plusSeconds(60)));
        assertEquals(SelfLinkInvitation.State.EXPIRED, invitation.stateAt(NOW.plus(SelfLinkInvitation.LIFETIME)));
        assertThrows(IllegalStateException.class, () -> invitation.use("oid", NOW.plus(SelfLinkInvitation.LIFETIME)));

        invitation.use("oid-1", NOW.plusSeconds(60));
        assertEquals(SelfLinkInvitation.State.USED, invitation.stateAt(NOW.plusSeconds(61)));
        assertEquals("oid-1", invitation.getLinkedObjectId());
        assertThrows(IllegalStateException.class, () -> invitation.use("oid-2", NOW.plusSeconds(62)));
        assertThrows(IllegalStateException.class, () -> invitation.withdraw(NOW.plusSeconds(62)));
    }

    @Test
    void aWithdrawnInvitationCannotBeUsed() {
        SelfLinkInvitation invitation = invitation();
        invitation.withdraw(NOW.plusSeconds(1));
        assertEquals(SelfLinkInvitation.State.WITHDRAWN, invitation.stateAt(NOW.plusSeconds(2)));
        assertFalse(invitation.usableAt(NOW.plusSeconds(2)));
        assertThrows(IllegalStateException.class, () -> invitation.use("oid", NOW.plusSeconds(3)));
    }

    @Test
    void onlyAnAccountOfTheInvitationsTenantMayUseIt() {
        SelfLinkInvitation invitation = invitation();
        assertTrue(invitation.isForTenant(CONTOSO.toUpperCase()));
        assertFalse(invitation.isForTenant("2d7c0a1b-3e4f-4a6b-9c8d-0e1f2a3b4c5d"));
        assertFalse(invitation.isForTenant(null));
    }

    @Test
    void aSelfLinkReadsAsLinkedByThePersonAndNeedsAttentionWhenItsUserGoes() {
        PersonMapping mapping = new PersonMapping(1, 3);
        mapping.selfLink("oid-1", "Pat (pat@contoso.example)");
        MappedUser user = new MappedUser("oid-1", "Pat", "pat@contoso.example");

        mapping.apply(
                new MappingOutcome(MappingKind.OVERRIDE, MatchRules.REASON_OVERRIDE, Optional.of(user), List.of()));
        assertEquals(MappingKind.SELF_LINKED, mapping.getOutcome());
        assertEquals(PersonMapping.REASON_SELF_LINKED, mapping.getReasonKey());
        assertEquals(PersonMapping.Source.SELF_LINK, mapping.getSource());

        mapping.apply(new MappingOutcome(
                MappingKind.OVERRIDE, MatchRules.REASON_OVERRIDE_DISABLED, Optional.empty(), List.of()));
        assertEquals(MappingKind.OVERRIDE, mapping.getOutcome(), "needs attention like a site admin's choice");
        assertEquals(PersonMapping.REASON_SELF_LINK_DISABLED, mapping.getReasonKey());

        mapping.apply(new MappingOutcome(
                MappingKind.OVERRIDE, MatchRules.REASON_OVERRIDE_REMOVED, Optional.empty(), List.of()));
        assertEquals(PersonMapping.REASON_SELF_LINK_REMOVED, mapping.getReasonKey());

        mapping.clearOverride();
        assertEquals(PersonMapping.Source.AUTOMATIC, mapping.getSource());
    }

    @Test
    void aSiteAdminsChoiceStaysAnOverride() {
        PersonMapping mapping = new PersonMapping(1, 3);
        mapping.override("oid-1", "portal:admin");
        mapping.apply(new MappingOutcome(
                MappingKind.OVERRIDE,
                MatchRules.REASON_OVERRIDE,
                Optional.of(new MappedUser("oid-1", "Pat", null)),
                List.of()));
        assertEquals(MappingKind.OVERRIDE, mapping.getOutcome());
        assertEquals(MatchRules.REASON_OVERRIDE, mapping.getReasonKey());
    }
}
