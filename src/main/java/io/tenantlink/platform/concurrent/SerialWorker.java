package io.tenantlink.platform.concurrent;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work done after a request, in the background, one task at a time on one container-managed thread that takes tasks
 * from a bounded queue (e-mail to stakeholders, posts into incident chats).
 *
 * <p>Why not the ManagedExecutorService: a task submitted from a request carries the request's component invocation,
 * and when it ends Payara closes that invocation's non-transactional EntityManagers, which the request may still be
 * using ("Attempting to execute an operation on a closed EntityManager" on the request's next query). A thread made
 * by the ManagedThreadFactory at start-up belongs to no request (one made later, from a request, took that
 * context along and ran none of its tasks: IncidentChatIT). Tasks open their own transactions.
 */
public final class SerialWorker {

    private static final Logger LOG = Logger.getLogger(SerialWorker.class.getName());

    private final String name;
    private final BlockingQueue<Runnable> queue;
    private final Thread thread;

    /** Starts the worker's thread; {@code capacity}: tasks that may wait before {@link #offer} refuses more. */
    public SerialWorker(ManagedThreadFactory threads, String name, int capacity) {
        this.name = name;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = threads.newThread(this::work);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the task; false (and logged) when the queue is full. */
    public boolean offer(String what, Runnable task) {
        boolean queued = queue.offer(task);
        if (!queued) {
            LOG.log(Level.WARNING, "{0}: too much work waiting; not done: {1}", new Object[] {name, what});
        }
        return queued;
    }

    public void stop() {
        thread.interrupt();
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + ": a task failed", e);
            }
        }
    }
}
