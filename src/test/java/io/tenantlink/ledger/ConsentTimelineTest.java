package io.tenantlink.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.ledger.ConsentTimelineView.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentTimelineTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final ConsentTimeline.Words WORDS = (key, args) -> args.length == 0 ? key : key + Arrays.toString(args);

    final List<AuditRecord> records = new ArrayList<>();

    private void record(long minutes, AuditAction action, AuditOutcome outcome, String actor, String detail) {
        records.add(new AuditRecord(
                records.size() + 1,
                new AuditEntry(
                        T0.plusSeconds(60 * minutes), actor, action, outcome, 7L, "tenant", "connection 3", detail),
                "0".repeat(64)));
    }

    private List<ConsentTimeline.Event> events() {
        return ConsentTimeline.events(
                records, key -> "name of " + key, a -> a.equals("portal:sam") ? "Sam Siteadmin" : a, WORDS);
    }

    @Test
    void classifiesGrantsDriftRevocationsAndRepairs() {
        record(0, AuditAction.TENANT_SIGNED_IN, AuditOutcome.SUCCESS, "portal:sam", "Microsoft account Megan");
        record(1, AuditAction.CONSENT_CONFIRMED, AuditOutcome.SUCCESS, "portal:sam", "admin consent confirmed");
        record(2, AuditAction.CONSENT_CONFIRMED, AuditOutcome.REFUSED, "portal:sam", "refused");
        record(
                3,
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.FAILURE,
                "portal:sam",
                "feature chatops: OK → MISSING; delegated missing: Chat.Create; lost: Chat.Create");
        record(4, AuditAction.CONNECTION_NEEDS_ATTENTION, AuditOutcome.FAILURE, "portal:sam", "CHATOPS_MISSING");
        record(
                5,
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.SUCCESS,
                "system:consent-doctor",
                "feature chatops: MISSING → OK; gained: Chat.Create");
        record(
                6,
                AuditAction.CONNECTION_ATTENTION_CLEARED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "was CHATOPS_MISSING feature chatops");
        record(
                7,
                AuditAction.CONSENT_REVOKED,
                AuditOutcome.FAILURE,
                "portal:sam",
                "feature chatops: OK → MISSING; lost: app:Chat.Create app:User.Read.All");
        record(
                8,
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                "Megan Bowen (megan@contoso)",
                "link 5 (chatops-v1)");
        record(
                9,
                AuditAction.CONSENT_CONFIRMED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "approved through a link by Megan");
        record(
                10,
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "feature email: NOT_INSTALLED → OK; gained: Mail.Send");
        record(
                11,
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "feature email: OK → OK; gained: Mail.Read");
        record(
                12,
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                "Megan",
                "link 6 (feature:todo:3:optional)");
        record(13, AuditAction.CONSENT_REMOVED, AuditOutcome.SUCCESS, "portal:sam", "removed 1 grant");
        record(
                14,
                AuditAction.GRANT_CREATED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "app x (email), job 1: scopes '' -> 'Mail.Send'");

        List<ConsentTimeline.Event> events = events();
        assertEquals(
                List.of(
                        Kind.GRANTED, // Give permission
                        Kind.DRIFT, // Chat.Create lost
                        Kind.REPAIRED, // found back
                        Kind.REVOKED, // application permissions gone
                        Kind.REPAIRED, // a link approved while revoked
                        Kind.GRANTED, // email installed
                        Kind.DRIFT, // an extra scope appeared
                        Kind.GRANTED, // a feature link
                        Kind.REVOKED), // removed through TenantLink
                events.stream().map(ConsentTimeline.Event::kind).toList());
        assertEquals("chatops", events.get(0).featureKey());
        assertEquals("name of chatops", events.get(0).featureName());
        assertEquals("Sam Siteadmin", events.get(0).who(), "people's names, not their ids");
        assertEquals("consentTimeline.what.givePermission", events.get(0).what());
        assertEquals("consentTimeline.what.lost[Chat.Create]", events.get(1).what());
        assertEquals(
                "consentTimeline.what.lost[consentTimeline.what.application[Chat.Create], "
                        + "consentTimeline.what.application[User.Read.All]]",
                events.get(3).what());
        assertEquals("Megan Bowen (megan@contoso)", events.get(4).who());
        assertEquals("todo", events.get(7).featureKey());
        assertEquals(4L, events.get(1).seq());
    }

    @Test
    void attentionClearedRepairsOnlyWhatNoCheckRepairedAlready() {
        record(0, AuditAction.CONSENT_REVOKED, AuditOutcome.FAILURE, "system", "feature chatops: OK → NOT_INSTALLED");
        record(
                1,
                AuditAction.CONNECTION_ATTENTION_CLEARED,
                AuditOutcome.SUCCESS,
                "system",
                "was CHATOPS_REVOKED feature chatops");
        record(
                2,
                AuditAction.CONNECTION_ATTENTION_CLEARED,
                AuditOutcome.SUCCESS,
                "system",
                "was CHATOPS_REVOKED feature chatops");
        List<ConsentTimeline.Event> events = events();
        assertEquals(
                List.of(Kind.REVOKED, Kind.REPAIRED),
                events.stream().map(ConsentTimeline.Event::kind).toList());
        assertEquals("consentTimeline.what.changed", events.get(0).what());
    }

    @Test
    void placesEventsInLanesAlongTime() {
        List<ConsentTimeline.Event> events = List.of(
                event(0, Kind.GRANTED), event(60, Kind.DRIFT), event(120, Kind.REPAIRED), event(600, Kind.REVOKED));
        ConsentTimelineView view = ConsentTimeline.layout(events);
        assertEquals(4, view.markers().size());
        assertEquals(4, view.lanes().size());
        // time runs left to right, within the plot, with a margin at both ends
        List<Integer> xs =
                view.markers().stream().map(ConsentTimelineView.Marker::x).toList();
        for (int i = 1; i < xs.size(); i++) {
            assertTrue(xs.get(i) > xs.get(i - 1), "later is further right: " + xs);
        }
        assertTrue(xs.get(0) > ConsentTimeline.PLOT_LEFT && xs.get(3) < ConsentTimeline.PLOT_RIGHT, xs.toString());
        // proportional: 60 s then 540 s
        double ratio = (double) (xs.get(3) - xs.get(1)) / (xs.get(1) - xs.get(0));
        assertTrue(Math.abs(ratio - 9) < 0.2, "x is proportional to time: " + ratio);
        // lanes by kind, top to bottom in the enum's order
        assertEquals(ConsentTimeline.laneY(0), view.markers().get(0).y());
        assertEquals(ConsentTimeline.laneY(1), view.markers().get(1).y());
        assertEquals(ConsentTimeline.laneY(3), view.markers().get(2).y());
        assertEquals(ConsentTimeline.laneY(2), view.markers().get(3).y());
        assertTrue(view.plotBottom() > ConsentTimeline.laneY(3) + ConsentTimeline.MARKER);
        assertTrue(view.axisLabelY() < view.height());
        // ticks at both ends of the plot, labelled in UTC
        assertEquals(ConsentTimeline.TICKS, view.ticks().size());
        assertEquals(ConsentTimeline.PLOT_LEFT, view.ticks().get(0).x());
        assertEquals(
                ConsentTimeline.PLOT_RIGHT,
                view.ticks().get(ConsentTimeline.TICKS - 1).x());
        assertEquals("12-01 09:59:30", view.ticks().get(0).label());
        // each kind its own shape
        assertEquals(
                4,
                view.lanes().stream()
                        .map(l -> l.sample().replaceAll("[0-9.-]+", "n"))
                        .distinct()
                        .count());
        assertTrue(view.markers().get(0).shape().startsWith("M" + (xs.get(0) - ConsentTimeline.MARKER) + " "));
    }

    @Test
    void aSingleEventAndAnEmptyTimeline() {
        ConsentTimelineView one = ConsentTimeline.layout(List.of(event(0, Kind.GRANTED)));
        int x = one.markers().get(0).x();
        assertTrue(x > ConsentTimeline.PLOT_LEFT && x < ConsentTimeline.PLOT_RIGHT, "in the plot: " + x);
        ConsentTimelineView none = ConsentTimeline.layout(List.of());
        assertTrue(none.empty());
        assertTrue(none.markers().isEmpty());
    }

    @Test
    void longSpansAreLabelledByDayAndOnlyTheLatestEventsAreDrawn() {
        List<ConsentTimeline.Event> many = new ArrayList<>();
        for (int i = 0; i < ConsentTimeline.MAX_DRAWN + 10; i++) {
            many.add(event(i * 3600L, Kind.DRIFT));
        }
        ConsentTimelineView view = ConsentTimeline.layout(many);
        assertEquals(ConsentTimeline.MAX_DRAWN, view.markers().size());
        assertEquals(10, view.notDrawn());
        assertEquals(many.size(), view.events().size(), "the table lists them all");
        assertTrue(
                view.ticks().get(0).label().matches("\\d{4}-\\d{2}-\\d{2}"),
                view.ticks().get(0).label());
    }

    private static ConsentTimeline.Event event(long seconds, Kind kind) {
        return new ConsentTimeline.Event(seconds, T0.plusSeconds(seconds), kind, "chatops", "ChatOps", "Sam", "what");
    }
}
