package io.tenantlink.incident;

import io.tenantlink.incident.StakeholderUpdateService.PendingMail;
import io.tenantlink.platform.mail.MailResult;
import io.tenantlink.platform.mail.MailSender;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a stakeholder update's e-mails once the transaction that recorded it has committed (a rollback sends nothing;
 * a failed send never undoes the update), on the container's managed executor so no page or API call waits for the
 * SMTP server. Each recipient's outcome is recorded as it comes.
 */
@ApplicationScoped
public class StakeholderUpdateDelivery {

    private static final Logger LOG = Logger.getLogger(StakeholderUpdateDelivery.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    StakeholderUpdateService updates;

    @Inject
    MailSender mail;

    void onPosted(@Observes(during = TransactionPhase.AFTER_SUCCESS) StakeholderUpdatePosted posted) {
        if (!mail.configured()) {
            return;
        }
        try {
            executor.execute(() -> deliver(posted.updateId()));
        } catch (RejectedExecutionException e) {
            LOG.log(
                    Level.WARNING,
                    "Stakeholder update {0}: e-mail not started, its recipients stay pending",
                    posted.updateId());
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
