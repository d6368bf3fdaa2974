package io.tenantlink.platform.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reading of incident chats' scheduling rules, on plain threads: chats in parallel, one chat once at a time, a
 * chat notified again while it is read read once more (not once per notification), a full queue refused.
 */
class KeyedWorkersTest {

    /** Every run's key, in the order runs started. */
    final List<String> started = new CopyOnWriteArrayList<>();
    /** Runs of a key under way right now, and the most there ever were at once. */
    final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    final AtomicInteger mostAtOnceOfOneKey = new AtomicInteger();
    /** Runs wait for a permit each: the test decides when a run ends. */
    final Semaphore release = new Semaphore(0);

    final BlockingQueue<String> startedSignal = new LinkedBlockingQueue<>();

    KeyedWorkers<String> workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.stop();
        }
    }

    private KeyedWorkers<String> workers(int threads, int capacity) {
        Consumer<String> task = key -> {
            int now = running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            mostAtOnceOfOneKey.accumulateAndGet(now, Math::max);
            started.add(key);
            startedSignal.add(key);
            try {
                release.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.get(key).decrementAndGet();
            }
        };
        workers = new KeyedWorkers<>(Thread::new, "test", threads, capacity, task);
        return workers;
    }

    private String nextStart() throws InterruptedException {
        String key = startedSignal.poll(5, TimeUnit.SECONDS);
        if (key == null) {
            throw new AssertionError("no run started within 5 s; started so far: " + started);
        }
        return key;
    }

    private void assertNoMoreStarts() throws InterruptedException {
        String key = startedSignal.poll(300, TimeUnit.MILLISECONDS);
        assertEquals(null, key, "a run started that should not have: " + started);
    }

    @Test
    void differentChatsAreReadInParallelUpToTheNumberOfWorkers() throws Exception {
        workers(3, 100);
        for (String key : List.of("a", "b", "c", "d")) {
            assertTrue(workers.request(key));
        }
        // three start without any run ending; the fourth waits for a free worker
        assertEquals(java.util.Set.of("a", "b", "c"), java.util.Set.of(nextStart(), nextStart(), nextStart()));
        assertNoMoreStarts();
        release.release();
        assertEquals("d", nextStart());
        release.release(3);
    }

    @Test
    void aChatNotifiedManyTimesWhileBeingReadIsReadOnceMoreAfterwardsNeverBeside() throws Exception {
        workers(4, 100);
        workers.request("chat");
        assertEquals("chat", nextStart());
        for (int i = 0; i < 50; i++) {
            assertTrue(workers.request("chat"));
        }
        // free workers are idle, yet the second read waits for the first
        assertNoMoreStarts();
        release.release();
        assertEquals("chat", nextStart());
        release.release();
        assertNoMoreStarts();
        assertEquals(List.of("chat", "chat"), started);
        assertEquals(1, mostAtOnceOfOneKey.get());
    }

    @Test
    void aChatNotifiedManyTimesWhileWaitingIsReadOnce() throws Exception {
        workers(1, 100);
        workers.request("busy");
        assertEquals("busy", nextStart());
        for (int i = 0; i < 20; i++) {
            workers.request("waiting");
        }
        release.release();
        assertEquals("waiting", nextStart());
        release.release();
        assertNoMoreStarts();
        assertEquals(List.of("busy", "waiting"), started);
    }

    @Test
    void aChatReadAgainGoesBehindTheChatsAlreadyWaiting() throws Exception {
        workers(1, 100);
        workers.request("a");
        assertEquals("a", nextStart());
        workers.request("a"); // again, while it runs
        workers.request("b");
        release.release();
        assertEquals("b", nextStart());
        release.release();
        assertEquals("a", nextStart());
        release.release();
    }

    @Test
    void aReadOnTheCallersThreadWaitsForTheBackgroundReadOfThatChatAndTakesOverAQueuedOne() throws Exception {
        workers(1, 100);
        workers.request("a");
        assertEquals("a", nextStart());
        workers.request("b"); // queued behind a; the caller's read takes it over
        CountDownLatch callerRan = new CountDownLatch(1);
        AtomicInteger besideBackground = new AtomicInteger(-1);
        Thread caller = new Thread(() -> {
            try {
                workers.runNow("b", () -> null); // at once: b only waits in the queue
                workers.runNow("a", () -> {
                    besideBackground.set(running.get("a").get());
                    callerRan.countDown();
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        caller.start();
        assertFalse(callerRan.await(300, TimeUnit.MILLISECONDS), "the caller's read ran beside the background one");
        release.release();
        assertTrue(callerRan.await(5, TimeUnit.SECONDS));
        assertEquals(0, besideBackground.get());
        caller.join(5_000);
        // b was read by the caller: the worker skips its queue entry
        assertNoMoreStarts();
        assertEquals(List.of("a"), started);
    }

    @Test
    void aChatNotifiedDuringTheCallersReadIsReadOnceMoreInTheBackground() throws Exception {
        workers(2, 100);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                workers.runNow("a", () -> {
                    inside.countDown();
                    leave.await();
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        caller.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        workers.request("a");
        workers.request("a");
        assertNoMoreStarts();
        leave.countDown();
        assertEquals("a", nextStart());
        release.release();
        assertNoMoreStarts();
        caller.join(5_000);
    }

    @Test
    void aFullQueueRefusesANewChatButStillCoversOnesAlreadyWaiting() throws Exception {
        workers(1, 2);
        workers.request("running");
        assertEquals("running", nextStart());
        assertTrue(workers.request("b"));
        assertTrue(workers.request("c"));
        assertFalse(workers.request("d"), "the queue holds two");
        assertTrue(workers.request("b"), "b waits already: covered");
        release.release(3);
        assertEquals("b", nextStart());
        assertEquals("c", nextStart());
        assertNoMoreStarts();
    }

    @Test
    void aFailingReadDoesNotStopTheWorker() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(1);
        workers = new KeyedWorkers<>(Thread::new, "test", 1, 10, key -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("Graph did not answer");
            }
            second.countDown();
        });
        workers.request("a");
        workers.request("b");
        assertTrue(second.await(5, TimeUnit.SECONDS));
    }
}
