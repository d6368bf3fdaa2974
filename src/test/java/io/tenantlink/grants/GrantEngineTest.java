package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrantEngineTest {

    static final String CLIENT_APP = "89d5ca9f-d63b-4885-bd30-6e7433c1540c";
    static final Set<String> SCOPES =
            new LinkedHashSet<>(List.of("openid", "profile", "email", "offline_access", "User.Read"));

    final ExecutorService pool = Executors.newFixedThreadPool(4);
    final FakeGraph graph = new FakeGraph();
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Collects results as the job's store would: the last result per user wins. */
    static class Recorder implements GrantEngine.Progress {
        final Map<String, UserResult> results = new ConcurrentHashMap<>();
        final AtomicBoolean cancel = new AtomicBoolean();
        int calls;
        int cancelAfterCalls = -1;

        @Override
        public boolean cancelled() {
            return cancel.get();
        }

        @Override
        public synchronized void record(List<UserResult> batch) {
            batch.forEach(r -> results.put(r.userId(), r));
            calls++;
            if (calls == cancelAfterCalls) {
                cancel.set(true);
            }
        }

        long count(GrantOutcome outcome) {
            return results.values().stream().filter(r -> r.outcome() == outcome).count();
        }
    }

    List<String> users(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            graph.users.add(id);
            ids.add(id);
        }
        return ids;
    }

    GrantEngine engine() {
        return new GrantEngine(graph, pool, 4).sleeper(sleeps::add);
    }

    GrantEngine.Summary run(List<String> users, Set<String> scopes, Recorder recorder) throws Exception {
        return engine().run(new GrantEngine.Target(CLIENT_APP, scopes), users, recorder);
    }

    String clientSp() {
        return graph.servicePrincipals.get(CLIENT_APP);
    }

    @Test
    void createsGrantsAndAssignmentsWithFewRequestsThenSkipsOnASecondRun() throws Exception {
        List<String> users = users(100);
        Recorder first = new Recorder();
        GrantEngine.Summary summary = run(users, SCOPES, first);
        assertEquals(100, summary.count(GrantOutcome.CREATED));
        assertEquals(100, first.count(GrantOutcome.CREATED));
        assertTrue(clientSp() != null, "the client's service principal was created");
        for (String u : users) {
            assertEquals(1, graph.grantsOf(clientSp(), u).size());
            assertEquals(
                    "openid profile email offline_access User.Read",
                    graph.grantsOf(clientSp(), u).get(0).scope());
            assertTrue(graph.assignments.contains(clientSp() + "|" + u));
        }
        // 1 batch of SP lookups + 1 SP creation + 2 lists + 200 writes in 10 batches.
        assertEquals(1 + 1 + 2 + 10, graph.httpRequests.get());
        assertEquals(10, summary.batches());
        assertEquals(1, summary.rounds(), "every batch sent in the first round");

        graph.httpRequests.set(0);
        Recorder second = new Recorder();
        GrantEngine.Summary again = run(users, SCOPES, second);
        assertEquals(100, again.count(GrantOutcome.SKIPPED));
        assertEquals(0, again.batches());
        assertEquals(1 + 2, graph.httpRequests.get(), "lookups and two lists, no writes");
    }

    @Test
    void updatesChangedScopesAndReportsBeforeAndAfter() throws Exception {
        List<String> users = users(30);
        run(users, SCOPES, new Recorder());
        Set<String> more = new LinkedHashSet<>(SCOPES);
        more.add("Tasks.ReadWrite");
        Recorder recorder = new Recorder();
        GrantEngine.Summary summary = run(users, more, recorder);
        assertEquals(30, summary.count(GrantOutcome.UPDATED));
        UserResult r = recorder.results.get(users.get(0));
        assertEquals("openid profile email offline_access User.Read", r.scopesBefore());
        assertEquals("openid profile email offline_access User.Read Tasks.ReadWrite", r.scopesAfter());
        for (String u : users) {
            assertEquals(1, graph.grantsOf(clientSp(), u).size());
            assertEquals(
                    more,
                    GrantPlanner.split(graph.grantsOf(clientSp(), u).get(0).scope()));
        }
    }

    @Test
    void pagesThroughExistingGrants() throws Exception {
        graph.pageSize = 7;
        List<String> users = users(40);
        run(users, SCOPES, new Recorder());
        Recorder recorder = new Recorder();
        run(users, SCOPES, recorder);
        assertEquals(40, recorder.count(GrantOutcome.SKIPPED));
    }

    @Test
    void unknownUsersAndMalformedIdsFailClearlyOthersSucceed() throws Exception {
        List<String> users = new ArrayList<>(users(5));
        String stranger = UUID.randomUUID().toString();
        users.add(stranger);
        users.add("not-a-guid");
        Recorder recorder = new Recorder();
        run(users, SCOPES, recorder);
        assertEquals(5, recorder.count(GrantOutcome.CREATED));
        assertEquals(GrantOutcome.FAILED, recorder.results.get(stranger).outcome());
        assertTrue(
                recorder.results.get(stranger).detail().contains("does not know this user"),
                recorder.results.get(stranger).detail());
        assertEquals(GrantOutcome.FAILED, recorder.results.get("not-a-guid").outcome());
        assertTrue(graph.grants.values().stream().noneMatch(g -> g.principalId().equals(stranger)));
    }

    @Test
    void throttledWritesAreRetriedAfterRetryAfterWithoutDuplicates() throws Exception {
        List<String> users = users(60);
        graph.throttleNextWrites.set(70);
        Recorder recorder = new Recorder();
        GrantEngine.Summary summary = run(users, SCOPES, recorder);
        assertEquals(60, summary.count(GrantOutcome.CREATED), recorder.results.toString());
        for (String u : users) {
            assertEquals(1, graph.grantsOf(clientSp(), u).size());
            assertTrue(graph.assignments.contains(clientSp() + "|" + u));
        }
        assertTrue(summary.rounds() > 1);
        assertTrue(sleeps.stream().allMatch(d -> d.toSeconds() >= 1), "waited Retry-After between rounds");
    }

    @Test
    void lostBatchAnswersAreRetriedAndTheConflictsResolvedWithoutDuplicates() throws Exception {
        List<String> users = users(40);
        graph.loseNextBatchAnswers.set(3);
        Recorder recorder = new Recorder();
        GrantEngine.Summary summary = run(users, SCOPES, recorder);
        assertTrue(graph.createConflicts.get() > 0, "retried creates met 409");
        for (String u : users) {
            assertEquals(1, graph.grantsOf(clientSp(), u).size(), "never two grants");
            assertTrue(graph.assignments.contains(clientSp() + "|" + u));
            assertEquals(
                    GrantOutcome.CREATED,
                    recorder.results.get(u).outcome(),
                    "this job created it, even if an answer was lost");
        }
        assertEquals(40, summary.count(GrantOutcome.CREATED));
        assertTrue(
                recorder.results.values().stream().anyMatch(r -> GrantEngine.RECOVERED.equals(r.detail())),
                "the users whose create answer was lost say so");
    }

    @Test
    void aTokenGraphNoLongerAcceptsStopsTheRunAndKeepsTheRestPendingForASignInAgain() throws Exception {
        List<String> users = users(200);
        graph.batchDelayMillis = 20;
        Recorder first = new Recorder() {
            @Override
            public synchronized void record(List<UserResult> batch) {
                super.record(batch);
                if (calls == 2) {
                    graph.tokenRefused = true; // the consent was revoked, the token expired
                }
            }
        };
        GrantEngine.TokenRefused refused =
                assertThrows(GrantEngine.TokenRefused.class, () -> run(users, SCOPES, first));
        assertTrue(refused.getMessage().contains("no longer accepts the job's token"), refused.getMessage());
        List<String> pending =
                users.stream().filter(u -> !first.results.containsKey(u)).toList();
        assertTrue(!pending.isEmpty() && pending.size() < 200, "some done, some pending: " + pending.size());
        assertTrue(
                first.results.values().stream().allMatch(r -> r.outcome() == GrantOutcome.CREATED),
                "nobody failed for the token");
        for (String u : pending) {
            assertTrue(graph.grantsOf(clientSp(), u).isEmpty(), "nothing half-written for " + u);
        }
        assertTrue(sleeps.isEmpty(), "no rounds burnt on a refused token: " + sleeps);

        graph.tokenRefused = false; // signed in again
        Recorder resumed = new Recorder();
        run(pending, SCOPES, resumed);
        assertEquals(pending.size(), resumed.count(GrantOutcome.CREATED));
        for (String u : users) {
            assertEquals(1, graph.grantsOf(clientSp(), u).size());
            assertTrue(graph.assignments.contains(clientSp() + "|" + u));
        }
    }

    @Test
    void aTokenRefusedBeforeAnyWriteStopsWithoutFailingAnyone() throws Exception {
        List<String> users = users(3);
        graph.tokenRefused = true;
        Recorder recorder = new Recorder();
        assertThrows(GrantEngine.TokenRefused.class, () -> run(users, SCOPES, recorder));
        assertTrue(recorder.results.isEmpty());
    }

    @Test
    void transientServerErrorsOnTheListsAreRetried() throws Exception {
        List<String> users = users(5);
        run(users, SCOPES, new Recorder());
        graph.failNextReads.set(3);
        Recorder recorder = new Recorder();
        run(users, SCOPES, recorder);
        assertEquals(5, recorder.count(GrantOutcome.SKIPPED));
        assertEquals(0, graph.failNextReads.get());
    }

    @Test
    void resumeAfterACrashSkipsWhatWasDoneAndDuplicatesNothing() throws Exception {
        // 30 batches: at the third recorded batch at most 4 are in flight and 8 formed, however loaded the machine.
        List<String> users = users(300);
        graph.batchDelayMillis = 30;
        Recorder crashed = new Recorder();
        crashed.cancelAfterCalls = 3; // stops between batches, as a restart would
        GrantEngine.Summary partial = run(users, SCOPES, crashed);
        assertTrue(partial.cancelled());
        List<String> pending =
                users.stream().filter(u -> !crashed.results.containsKey(u)).toList();
        assertTrue(!pending.isEmpty() && pending.size() < 300, "some done, some pending: " + pending.size());
        // A write that happened without its result being persisted: the resumed run must not duplicate it.
        String half = pending.get(0);
        graph.grants.put(
                "pre", new FakeGraph.Grant("pre", clientSp(), half, FakeGraph.GRAPH_SP, String.join(" ", SCOPES)));

        Recorder resumed = new Recorder();
        run(pending, SCOPES, resumed);
        assertEquals(pending.size(), resumed.results.size());
        assertEquals(GrantOutcome.SKIPPED, resumed.results.get(half).outcome());
        for (String u : users) {
            assertEquals(1, graph.grantsOf(clientSp(), u).size());
            assertTrue(graph.assignments.contains(clientSp() + "|" + u));
        }
    }

    @Test
    void refusesWithoutScopes() {
        assertThrows(GrantEngine.Refused.class, () -> run(users(1), Set.of(), new Recorder()));
    }
}
