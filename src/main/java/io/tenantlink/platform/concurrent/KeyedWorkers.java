package io.tenantlink.platform.concurrent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work per key (an incident chat's row id) on a fixed number of background threads: different keys in parallel, one
 * key at most once at a time, and coalescing: a key requested while it waits is not queued twice, a key requested
 * while it runs runs once more afterwards (however often it was requested meanwhile), at the back of the queue.
 *
 * <p>The threads come from the given factory at construction (the container's ManagedThreadFactory at start-up: why
 * not the ManagedExecutorService, see {@link SerialWorker}). No library found in the portal's dependencies does this
 * (a keyed, coalescing, bounded executor); it is a map of states and a queue under one lock.
 */
public final class KeyedWorkers<K> {

    private static final Logger LOG = Logger.getLogger(KeyedWorkers.class.getName());

    private enum State {
        /** In the queue, not yet started. */
        QUEUED,
        /** Running, no request since it started. */
        RUNNING,
        /** Running, and requested again since it started: queued again when it ends. */
        RUNNING_AGAIN
    }

    private final String name;
    private final Consumer<K> task;
    private final Object lock = new Object();
    /** Keys queued or running; absent: idle. Guarded by {@link #lock}. */
    private final Map<K, State> states = new HashMap<>();
    /** May hold a key whose run a caller took over ({@link #runNow}): skipped when taken unless QUEUED. */
    private final BlockingQueue<K> queue;

    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts {@code workers} threads; {@code capacity}: keys that may wait before {@link #request} refuses more;
     * {@code task} runs for a key (its exceptions are logged).
     */
    public KeyedWorkers(ThreadFactory factory, String name, int workers, int capacity, Consumer<K> task) {
        if (workers < 1) {
            throw new IllegalArgumentException(name + ": at least one worker, not " + workers);
        }
        this.name = name;
        this.task = task;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < workers; i++) {
            Thread thread = factory.newThread(this::work);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    public int workers() {
        return threads.size();
    }

    /**
     * Runs the key's task soon: queued if idle; nothing more if already queued; once more after the current run if
     * running. False (and logged) when the queue is full and the key was idle.
     */
    public boolean request(K key) {
        synchronized (lock) {
            State state = states.get(key);
            if (state == null) {
                if (!queue.offer(key)) {
                    LOG.log(Level.WARNING, "{0}: too much work waiting; not done: {1}", new Object[] {name, key});
                    return false;
                }
                states.put(key, State.QUEUED);
            } else if (state == State.RUNNING) {
                states.put(key, State.RUNNING_AGAIN);
            }
            return true;
        }
    }

    /**
     * Runs {@code work} for the key on the calling thread, after a run of the key that is under way ends, never beside
     * one; a queued run of the key is taken over by this one. A request during it runs the task once more afterwards.
     */
    public <T> T runNow(K key, Interruptible<T> work) throws InterruptedException {
        synchronized (lock) {
            State state;
            while ((state = states.get(key)) == State.RUNNING || state == State.RUNNING_AGAIN) {
                lock.wait();
            }
            states.put(key, State.RUNNING);
        }
        try {
            return work.run();
        } finally {
            finished(key);
        }
    }

    /** Work that may be interrupted. */
    @FunctionalInterface
    public interface Interruptible<T> {
        T run() throws InterruptedException;
    }

    /** Stops the threads (a run under way is interrupted). */
    public void stop() {
        threads.forEach(Thread::interrupt);
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            K key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (states.get(key) != State.QUEUED) {
                    continue; // a caller ran it meanwhile (runNow), or it runs already: that run covers this entry
                }
                states.put(key, State.RUNNING);
            }
            try {
                task.accept(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + ": the work for " + key + " failed", e);
            } finally {
                finished(key);
            }
        }
    }

    private void finished(K key) {
        synchronized (lock) {
            if (states.get(key) == State.RUNNING_AGAIN) {
                if (queue.offer(key)) {
                    states.put(key, State.QUEUED);
                } else {
                    states.remove(key);
                    LOG.log(Level.WARNING, "{0}: too much work waiting; not done again: {1}", new Object[] {name, key});
                }
            } else {
                states.remove(key);
            }
            lock.notifyAll();
        }
    }
}
