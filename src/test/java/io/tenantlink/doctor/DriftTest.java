package io.tenantlink.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Drift between two checks, and the needs-attention decision the timer and Check now apply. */
class DriftTest {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();
    static final FeatureApp CHATOPS = CATALOG.feature("chatops").orElseThrow();
    static final String CHATOPS_ID = CHATOPS.exampleClientId();
    static final FeatureApp TODO = CATALOG.feature("todo").orElseThrow();
    static final String TODO_ID = TODO.exampleClientId();

    static List<FeatureCheck> check(ClientFacts... facts) {
        Map<String, String> ids = new java.util.HashMap<>();
        CATALOG.features().forEach(f -> ids.put(f.key(), f.exampleClientId()));
        return ConsentComparison.compareAll(
                CATALOG,
                ids,
                java.util.Arrays.stream(facts).collect(Collectors.toMap(ClientFacts::clientId, Function.identity())));
    }

    static Map<String, FeatureCheck> byKey(List<FeatureCheck> checks) {
        return checks.stream().collect(Collectors.toMap(FeatureCheck::featureKey, Function.identity()));
    }

    static ClientFacts chatops(Set<String> delegated, Set<String> application) {
        return new ClientFacts(CHATOPS_ID, "sp-chatops", delegated, application);
    }

    static ClientFacts fullChatops() {
        return chatops(Set.copyOf(CHATOPS.required()), Set.copyOf(CHATOPS.application()));
    }

    static ClientFacts fullTodo() {
        return new ClientFacts(TODO_ID, "sp-todo", Set.copyOf(TODO.required()), Set.of());
    }

    @Test
    void theFirstCheckHasNoDriftAndACompleteTenantNeedsNoAttention() {
        List<FeatureCheck> now = check(fullChatops(), fullTodo());
        List<Drift.Change> changes = Drift.between(Map.of(), now);
        assertEquals(List.of(), changes);
        assertEquals(Optional.empty(), Attention.decide(now, changes, Optional.empty()));
    }

    @Test
    void anUnchangedTenantHasNoDriftAndARepeatedRunChangesNothing() {
        List<FeatureCheck> before = check(fullChatops(), fullTodo());
        List<FeatureCheck> now = check(fullChatops(), fullTodo());
        assertEquals(List.of(), Drift.between(byKey(before), now), "idempotent: the same facts twice are no drift");
    }

    @Test
    void aRemovedDelegatedScopeIsDriftWithBeforeAndAfterAndFlagsChatOps() {
        Set<String> fewer = new HashSet<>(CHATOPS.required());
        fewer.remove("Chat.Create");
        List<FeatureCheck> before = check(fullChatops());
        List<FeatureCheck> now = check(chatops(fewer, Set.copyOf(CHATOPS.application())));
        List<Drift.Change> changes = Drift.between(byKey(before), now);
        assertEquals(1, changes.size());
        Drift.Change change = changes.get(0);
        assertEquals("chatops", change.featureKey());
        assertEquals(Drift.Kind.DRIFT, change.kind());
        assertTrue(change.loss());
        assertEquals(List.of("Chat.Create"), change.lost());
        assertTrue(change.detail().contains("OK → MISSING; delegated missing: Chat.Create"), change.detail());
        Attention attention = Attention.decide(now, changes, Optional.empty()).orElseThrow();
        assertEquals(Attention.Reason.CHATOPS_MISSING, attention.reason());
        assertEquals("Chat.Create", attention.detail());
        // The next run sees the same state: no new drift, the flag stays.
        assertEquals(List.of(), Drift.between(byKey(now), now));
        assertEquals(Optional.of(attention), Attention.decide(now, List.of(), Optional.of(attention)));
    }

    @Test
    void theServicePrincipalGoneIsARevocation() {
        List<Drift.Change> changes = Drift.between(byKey(check(fullChatops())), check());
        Drift.Change change = changes.stream()
                .filter(c -> c.featureKey().equals("chatops"))
                .findFirst()
                .orElseThrow();
        assertEquals(Drift.Kind.REVOKED, change.kind());
        assertTrue(change.loss());
        assertEquals(
                Attention.Reason.CHATOPS_REVOKED,
                Attention.decide(check(), changes, Optional.empty())
                        .orElseThrow()
                        .reason());
    }

    @Test
    void everyApplicationPermissionGoneIsARevocation() {
        List<FeatureCheck> now = check(chatops(Set.copyOf(CHATOPS.required()), Set.of()));
        Drift.Change change = Drift.between(byKey(check(fullChatops())), now).get(0);
        assertEquals(Drift.Kind.REVOKED, change.kind());
        assertTrue(change.lost().contains("app:Chat.Create"), change.lost().toString());
        assertEquals(
                Attention.Reason.CHATOPS_REVOKED,
                Attention.decide(now, List.of(change), Optional.empty())
                        .orElseThrow()
                        .reason());
    }

    @Test
    void anotherFeatureLosingAScopeIsDriftUntilItIsCompleteAgain() {
        Set<String> fewer = new HashSet<>(TODO.required());
        fewer.remove("Tasks.ReadWrite");
        List<FeatureCheck> before = check(fullChatops(), fullTodo());
        List<FeatureCheck> now = check(fullChatops(), new ClientFacts(TODO_ID, "sp-todo", fewer, Set.of()));
        List<Drift.Change> changes = Drift.between(byKey(before), now);
        Attention attention = Attention.decide(now, changes, Optional.empty()).orElseThrow();
        assertEquals(Attention.Reason.DRIFT, attention.reason());
        assertEquals("todo", attention.featureKey());
        assertEquals(
                Optional.of(attention),
                Attention.decide(now, Drift.between(byKey(now), now), Optional.of(attention)),
                "still incomplete: the flag stays though nothing changed since");
        List<FeatureCheck> fixed = check(fullChatops(), fullTodo());
        List<Drift.Change> back = Drift.between(byKey(now), fixed);
        assertEquals(1, back.size());
        assertFalse(back.get(0).loss(), "getting a scope back is drift, not a loss");
        assertEquals(
                Optional.empty(), Attention.decide(fixed, back, Optional.of(attention)), "complete again: cleared");
    }

    @Test
    void extraScopesComingOrGoingAreDriftButNoLoss() {
        Set<String> more = new HashSet<>(TODO.required());
        more.add("Mail.Read");
        List<FeatureCheck> now = check(fullChatops(), new ClientFacts(TODO_ID, "sp-todo", more, Set.of()));
        List<Drift.Change> changes = Drift.between(byKey(check(fullChatops(), fullTodo())), now);
        assertEquals(1, changes.size());
        assertEquals(List.of("Mail.Read"), changes.get(0).gained());
        assertFalse(changes.get(0).loss());
        assertEquals(Optional.empty(), Attention.decide(now, changes, Optional.empty()));
        List<Drift.Change> gone = Drift.between(byKey(now), check(fullChatops(), fullTodo()));
        assertFalse(gone.get(0).loss(), "an extra scope removed is no loss");
    }

    @Test
    void anAppInstalledSinceTheLastCheckIsRecordedButNeedsNoAttention() {
        List<Drift.Change> changes = Drift.between(byKey(check(fullChatops())), check(fullChatops(), fullTodo()));
        Drift.Change todo = changes.stream()
                .filter(c -> c.featureKey().equals("todo"))
                .findFirst()
                .orElseThrow();
        assertEquals(Drift.Kind.INSTALLED, todo.kind());
        assertFalse(todo.loss());
    }

    @Test
    void aStoredCheckReadsBackAsItWasWritten() {
        FeatureCheck check = check(chatops(Set.of("User.Read", "Chat.ReadWrite"), Set.of("Chat.Create"))).stream()
                .filter(c -> c.featureKey().equals("chatops"))
                .findFirst()
                .orElseThrow();
        assertEquals(check, new ConsentCheckRow(1, check, java.time.Instant.EPOCH, "me").toCheck());
    }

    @Test
    void theTimerIntervalIsHoursUnlessSecondsAreGiven() {
        assertEquals(6 * 3_600_000L, ConsentDoctorTimer.intervalMillis(6, 0));
        assertEquals(2_000L, ConsentDoctorTimer.intervalMillis(6, 2));
        assertEquals(3_600_000L, ConsentDoctorTimer.intervalMillis(0, 0));
    }
}
