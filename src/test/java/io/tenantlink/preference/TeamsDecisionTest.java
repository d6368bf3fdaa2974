package io.tenantlink.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.connection.MicrosoftSigner;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.preference.TeamsAvailability.Answer;
import io.tenantlink.preference.TeamsAvailability.No;
import io.tenantlink.preference.TeamsAvailability.Reason;
import io.tenantlink.preference.TeamsAvailability.Yes;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TeamsDecisionTest {

    private static final long SITE = 7;
    private static final long PROJECT = 70;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A connection of the site as the connect flow leaves it: signed in, waiting for permission. */
    private static TenantConnection connection(long id, String name) {
        TenantConnection c = new TenantConnection(
                SITE,
                new MicrosoftSigner(
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        "admin@" + name + ".example",
                        "Admin",
                        true),
                "portal:siteadmin",
                T0);
        c.describeTenant(name, name.toLowerCase() + ".example");
        try {
            Field field = TenantConnection.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(c, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    private static TenantConnection active(long id, String name, int activatedMinute) {
        TenantConnection c = connection(id, name);
        c.activate(T0.plusSeconds(60L * activatedMinute));
        return c;
    }

    private static TenantConnection disconnected(long id, String name) {
        TenantConnection c = active(id, name, 1);
        c.disconnect(T0.plusSeconds(3600));
        return c;
    }

    private static ProjectTeamsPreference saved(boolean on, Long connectionId) {
        return new ProjectTeamsPreference(PROJECT, on, connectionId, "portal:padmin", T0);
    }

    private static TenantConnection yes(Answer answer) {
        assertTrue(answer instanceof Yes, () -> "expected Yes, got " + answer);
        assertTrue(answer.available());
        return ((Yes) answer).connection();
    }

    private static void assertNo(Reason reason, Answer answer) {
        assertEquals(new No(reason), answer);
        assertFalse(answer.available());
    }

    // --- what the page reads: views of the decision, no entity --------------------------------------

    @Test
    void thePageReadsTheDecisionAndTheAnswerAsViews() {
        TenantConnection contoso = active(1, "Contoso", 5);
        TenantConnection fabrikam = active(2, "Fabrikam", 9);
        TeamsDecision d = TeamsDecision.decide(true, null, List.of(fabrikam, contoso));
        TeamsDecisionView view = TeamsDecisionView.of(d);
        assertTrue(view.incidents());
        assertTrue(view.switchUsable());
        assertTrue(view.choiceOffered());
        assertTrue(view.switchedOn());
        assertNull(view.blocker());
        assertEquals(1L, view.connection().id());
        assertEquals("Contoso", view.connection().tenantName());
        assertEquals(List.of(1L, 2L), view.active().stream().map(c -> c.id()).toList());
        TeamsDecisionView.AnswerView answer = TeamsDecisionView.AnswerView.of(d.answer());
        assertTrue(answer.available());
        assertNull(answer.reason());
        assertEquals(contoso.getTenantId(), answer.connection().tenantId());
    }

    @Test
    void aChosenConnectionThatStoppedIsShownWithItsStatusAndTheAnswerSaysWhy() {
        TenantConnection gone = disconnected(3, "Gone");
        TeamsDecision d = TeamsDecision.decide(true, saved(true, 3L), List.of(gone));
        TeamsDecisionView view = TeamsDecisionView.of(d);
        assertFalse(view.switchUsable());
        assertEquals(Reason.CONNECTION_NOT_ACTIVE, view.blocker());
        assertEquals(
                io.tenantlink.connection.ConnectionStatus.DISCONNECTED,
                view.connection().status());
        assertTrue(view.connection().disconnected());
        assertTrue(view.active().isEmpty());
        TeamsDecisionView.AnswerView answer = TeamsDecisionView.AnswerView.of(d.answer());
        assertFalse(answer.available());
        assertEquals(Reason.CONNECTION_NOT_ACTIVE, answer.reason());
        assertNull(answer.connection());
        assertNull(TeamsDecisionView.of(TeamsDecision.decide(true, null, List.of()))
                .connection());
    }

    // --- no saved preference: the site's default -------------------------------------------------

    @Test
    void oneActiveConnectionServesEveryIncidentsProjectByDefault() {
        TenantConnection contoso = active(1, "Contoso", 5);
        TeamsDecision d = TeamsDecision.decide(true, null, List.of(contoso));
        assertSame(contoso, yes(d.answer()));
        assertTrue(d.isSwitchedOn(), "on by default once a tenant is connected");
        assertFalse(d.isSaved());
        assertFalse(d.isChosen());
        assertTrue(d.isSwitchUsable());
        assertNull(d.getBlocker());
        assertFalse(d.isChoiceOffered(), "one active tenant: nothing to choose");
    }

    @Test
    void severalActiveConnectionsDefaultToTheEarliestActivatedNotTheEarliestCreated() {
        TenantConnection createdFirstActivatedLast = active(1, "Contoso", 30);
        TenantConnection createdLaterActivatedFirst = active(2, "Fabrikam", 10);
        TeamsDecision d =
                TeamsDecision.decide(true, null, List.of(createdFirstActivatedLast, createdLaterActivatedFirst));
        assertSame(createdLaterActivatedFirst, yes(d.answer()));
        assertEquals(List.of(createdLaterActivatedFirst, createdFirstActivatedLast), d.getActive());
        assertTrue(d.isChoiceOffered(), "several active tenants: the page offers the choice");
    }

    @Test
    void connectionsActivatedAtTheSameInstantAreOrderedById() {
        TenantConnection second = active(9, "Second", 10);
        TenantConnection first = active(4, "First", 10);
        assertSame(
                first,
                yes(TeamsDecision.decide(true, null, List.of(second, first)).answer()));
    }

    @Test
    void connectionsThatAreNotActiveAreNeverTheDefault() {
        TenantConnection waiting = connection(1, "Waiting");
        TenantConnection signIn = active(2, "Expired", 1);
        signIn.needsSignIn("AADSTS700082");
        TenantConnection gone = disconnected(3, "Gone");
        TenantConnection contoso = active(4, "Contoso", 50);
        assertSame(
                contoso,
                yes(TeamsDecision.decide(true, null, List.of(waiting, signIn, gone, contoso))
                        .answer()));
    }

    @Test
    void noActiveConnectionMeansNoAndTheSwitchIsUnavailable() {
        for (List<TenantConnection> connections :
                List.of(List.<TenantConnection>of(), List.of(connection(1, "Waiting"), disconnected(2, "Gone")))) {
            TeamsDecision d = TeamsDecision.decide(true, null, connections);
            assertNo(Reason.NO_ACTIVE_CONNECTION, d.answer());
            assertEquals(Reason.NO_ACTIVE_CONNECTION, d.getBlocker());
            assertFalse(d.isSwitchUsable());
            assertFalse(d.isChoiceOffered());
            assertNull(d.getConnection());
        }
    }

    // --- the Incidents work category ---------------------------------------------------------------

    @Test
    void withoutTheIncidentsCategoryTheAnswerIsAlwaysNo() {
        TenantConnection contoso = active(1, "Contoso", 1);
        TenantConnection fabrikam = active(2, "Fabrikam", 2);
        for (ProjectTeamsPreference preference :
                new ProjectTeamsPreference[] {null, saved(true, 1L), saved(false, 1L)}) {
            TeamsDecision d = TeamsDecision.decide(false, preference, List.of(contoso, fabrikam));
            assertNo(Reason.NO_INCIDENTS_CATEGORY, d.answer());
            assertEquals(Reason.NO_INCIDENTS_CATEGORY, d.getBlocker());
            assertFalse(d.isChoiceOffered());
        }
        assertNo(
                Reason.NO_INCIDENTS_CATEGORY,
                TeamsDecision.decide(false, null, List.of()).answer());
    }

    // --- a saved preference ------------------------------------------------------------------------

    @Test
    void switchedOffIsNoEvenWithAnActiveConnectionAndTheSwitchStaysUsable() {
        TenantConnection contoso = active(1, "Contoso", 1);
        TeamsDecision d = TeamsDecision.decide(true, saved(false, 1L), List.of(contoso));
        assertNo(Reason.TEAMS_SWITCHED_OFF, d.answer());
        assertTrue(d.isSwitchUsable(), "it can be switched on again");
        assertFalse(d.isSwitchedOn());
        assertSame(contoso, d.getConnection());
    }

    @Test
    void switchedOffWithoutAConnectionFollowsTheSiteForTheSwitch() {
        TeamsDecision d = TeamsDecision.decide(true, saved(false, null), List.of(active(1, "Contoso", 1)));
        assertNo(Reason.TEAMS_SWITCHED_OFF, d.answer());
        assertTrue(d.isSwitchUsable());
        assertTrue(d.isSaved());
        assertFalse(d.isChosen());
        assertNo(
                Reason.TEAMS_SWITCHED_OFF,
                TeamsDecision.decide(true, saved(false, null), List.of()).answer());
    }

    @Test
    void theChosenConnectionIsUsedEvenWhenAnEarlierOneIsActive() {
        TenantConnection contoso = active(1, "Contoso", 1);
        TenantConnection fabrikam = active(2, "Fabrikam", 2);
        TeamsDecision d = TeamsDecision.decide(true, saved(true, 2L), List.of(contoso, fabrikam));
        assertSame(fabrikam, yes(d.answer()));
        assertTrue(d.isChosen());
        assertTrue(d.isChoiceOffered());
    }

    @Test
    void aChosenConnectionThatStoppedWorkingIsNeverReplacedSilently() {
        TenantConnection gone = disconnected(1, "Contoso");
        TenantConnection fabrikam = active(2, "Fabrikam", 2);
        TeamsDecision d = TeamsDecision.decide(true, saved(true, 1L), List.of(gone, fabrikam));
        assertNo(Reason.CONNECTION_NOT_ACTIVE, d.answer());
        assertEquals(Reason.CONNECTION_NOT_ACTIVE, d.getBlocker());
        assertFalse(d.isSwitchUsable());
        assertSame(gone, d.getConnection(), "the page names the tenant that stopped working");
        assertTrue(d.isChoiceOffered(), "the project may move to the other active tenant, explicitly");
    }

    @Test
    void everyStatusOtherThanActiveStopsTheChosenConnection() {
        TenantConnection waiting = connection(1, "Waiting");
        TenantConnection signIn = active(2, "Expired", 1);
        signIn.needsSignIn("AADSTS50173");
        TenantConnection gone = disconnected(3, "Gone");
        for (TenantConnection c : List.of(waiting, signIn, gone)) {
            TeamsDecision d = TeamsDecision.decide(true, saved(true, c.getId()), List.of(c));
            assertNo(Reason.CONNECTION_NOT_ACTIVE, d.answer());
            assertFalse(d.isChoiceOffered(), "no other active tenant to move to");
        }
    }

    @Test
    void aChosenConnectionThatIsNotOfTheSiteCountsAsNotActive() {
        TenantConnection contoso = active(1, "Contoso", 1);
        TeamsDecision d = TeamsDecision.decide(true, saved(true, 99L), List.of(contoso));
        assertNo(Reason.CONNECTION_NOT_ACTIVE, d.answer());
        assertNull(d.getConnection());
    }

    @Test
    void switchedOffComesBeforeAConnectionProblemInTheAnswerButTheSwitchIsStillBlocked() {
        TenantConnection gone = disconnected(1, "Contoso");
        TeamsDecision d = TeamsDecision.decide(true, saved(false, 1L), List.of(gone));
        assertNo(Reason.TEAMS_SWITCHED_OFF, d.answer());
        assertEquals(Reason.CONNECTION_NOT_ACTIVE, d.getBlocker());
    }

    @Test
    void reactivatingTheChosenConnectionBringsTheProjectBack() {
        TenantConnection contoso = active(1, "Contoso", 1);
        contoso.needsSignIn("AADSTS700082");
        ProjectTeamsPreference preference = saved(true, 1L);
        assertNo(
                Reason.CONNECTION_NOT_ACTIVE,
                TeamsDecision.decide(true, preference, List.of(contoso)).answer());
        contoso.activate(T0.plusSeconds(7200));
        assertSame(
                contoso,
                yes(TeamsDecision.decide(true, preference, List.of(contoso)).answer()));
    }

    @Test
    void describeSaysWhatAuditReadersNeed() {
        TenantConnection contoso = active(1, "Contoso", 1);
        String tenant = contoso.getTenantId();
        assertEquals(
                "site default: on, tenant Contoso [" + tenant + "]",
                TeamsDecision.decide(true, null, List.of(contoso)).describe());
        assertEquals(
                "off, tenant Contoso [" + tenant + "]",
                TeamsDecision.decide(true, saved(false, 1L), List.of(contoso)).describe());
        contoso.disconnect(T0.plusSeconds(9000));
        assertEquals(
                "on, tenant Contoso [" + tenant + "] (DISCONNECTED)",
                TeamsDecision.decide(true, saved(true, 1L), List.of(contoso)).describe());
        assertEquals(
                "site default: on, no tenant",
                TeamsDecision.decide(true, null, List.of()).describe());
    }
}
