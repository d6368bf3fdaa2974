package io.tenantlink.incident;

import io.tenantlink.incident.StakeholderUpdateService.PendingMail;
import io.tenantlink.platform.mail.MailResult;
import io.tenantlink.platform.mail.MailSender;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a stakeholder update's e-mails once the transaction that recorded it has committed (a rollback sends nothing;
 * a failed send never undoes the update), so no page or API call waits for the SMTP server. Each recipient's outcome
 * is recorded as it comes, in a transaction of its own.
 *
 * <p>The work runs on one container-managed thread made at start-up, which takes update ids from a queue. It is not
 * handed to the ManagedExecutorService from the request: such a task carries the request's component invocation, and
 * when it ends Payara closes that invocation's non-transactional EntityManagers, which the request may still be using
 * ("Attempting to execute an operation on a closed EntityManager" on the request's next query).
 */
@ApplicationScoped
public class StakeholderUpdateDelivery {

    private static final Logger LOG = Logger.getLogger(StakeholderUpdateDelivery.class.getName());
    private static final int MAX_QUEUED = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    StakeholderUpdateService updates;

    @Inject
    MailSender mail;

    private final BlockingQueue<Long> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private Thread worker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        worker = threads.newThread(this::work);
        worker.setDaemon(true);
        worker.start();
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.interrupt();
        }
    }

    void onPosted(@Observes(during = TransactionPhase.AFTER_SUCCESS) StakeholderUpdatePosted posted) {
        if (mail.configured() && !queue.offer(posted.updateId())) {
            LOG.log(
                    Level.WARNING,
                    "Stakeholder update {0}: too many e-mails waiting; its recipients stay pending",
                    posted.updateId());
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            long updateId;
            try {
                updateId = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            deliver(updateId);
        }
    }

    /** Sends every pending e-mail of the update, one at a time, recording each outcome. */
    void deliver(long updateId) {
        List<PendingMail> pending;
        try {
            pending = updates.pendingMails(updateId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stakeholder update " + updateId + ": its e-mails could not be prepared", e);
            return;
        }
        for (PendingMail one : pending) {
            MailResult result;
            try {
                result = mail.send(one.mail());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stakeholder update " + updateId + ": sending failed", e);
                result = MailResult.failed("the e-mail could not be sent (internal error)");
            }
            try {
                updates.settle(one.recipientId(), result);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stakeholder update " + updateId + ": an outcome could not be recorded", e);
            }
        }
    }
}
