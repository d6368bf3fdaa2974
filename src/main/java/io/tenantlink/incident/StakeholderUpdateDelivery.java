package io.tenantlink.incident;

import io.tenantlink.incident.StakeholderUpdateService.PendingMail;
import io.tenantlink.platform.concurrent.SerialWorker;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a stakeholder update's e-mails once the transaction that recorded it has committed (a rollback sends nothing;
 * a failed send never undoes the update), so no page or API call waits for the SMTP server. Each recipient's outcome
 * is recorded as it comes, in a transaction of its own.
 *
 * <p>The work runs on a {@link SerialWorker} of its own (one managed thread made at start-up; why not the
 * ManagedExecutorService: see there).
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

    private SerialWorker worker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        worker = new SerialWorker(threads, "stakeholder e-mail", MAX_QUEUED);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    void onPosted(@Observes(during = TransactionPhase.AFTER_SUCCESS) StakeholderUpdatePosted posted) {
        if (mail.configured()) {
            long updateId = posted.updateId();
            worker.offer(
                    "the e-mails of stakeholder update " + updateId + " (its recipients stay pending)",
                    () -> deliver(updateId));
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
