package io.tenantlink.lifecycle;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.concurrent.SerialWorker;
import io.tenantlink.platform.mail.MailMessage;
import io.tenantlink.platform.mail.MailResult;
import io.tenantlink.platform.mail.MailSender;
import io.tenantlink.platform.web.PublicOrigin;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the lifecycle check of a site: records what holds now ({@link LifecycleService#record}), then e-mails the
 * warnings due to the site's admins, one e-mail per admin listing them all, outside any transaction; from a request
 * the e-mail goes through a {@link SerialWorker} of its own, so the page does not wait for SMTP.
 */
@ApplicationScoped
public class LifecycleChecker {

    private static final Logger LOG = Logger.getLogger(LifecycleChecker.class.getName());
    private static final int MAX_QUEUED = 200;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    LifecycleService service;

    @Inject
    MailSender mail;

    @Inject
    SiteRepository sites;

    @Inject
    PublisherCredentials publisher;

    private SerialWorker worker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        worker = new SerialWorker(threads, "lifecycle warning e-mail", MAX_QUEUED);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Whether e-mail can go out at all (the page says so when not). */
    public boolean mailConfigured() {
        return mail.configured();
    }

    /**
     * The portal's credential dates now: the settings' and certificate files', and, with a publisher tenant
     * configured, Microsoft Graph's for each app whose registration it could read there (in place of that app's
     * settings: {@link AppCredentials#merge}); where each app's dates came from is recorded for the Warnings section.
     * Graph is asked once per call: the timer calls this once per run, not once per site.
     */
    public List<AppCredentials.Expiry> credentialExpiries() {
        List<AppCredentials.Expiry> settings = service.settingsExpiries();
        List<RegistrationRead> reads;
        try {
            reads = publisher.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return settings;
        }
        if (!reads.isEmpty()) {
            try {
                service.recordSources(reads, Clock.now());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Lifecycle warnings: where the credential dates came from was not recorded", e);
            }
        }
        return AppCredentials.merge(settings, reads);
    }

    /** The timer's check with the credential dates of this run: records and e-mails on the caller's thread. */
    public void check(long siteId, String actor, List<AppCredentials.Expiry> expiries) {
        List<LifecycleService.DueMail> due = record(siteId, actor, expiries);
        if (!due.isEmpty()) {
            send(siteId, due);
        }
    }

    /** A site admin's Check now: reads the credential dates and records now, e-mails after, on the worker. */
    public void checkNow(long siteId, String actor) {
        List<LifecycleService.DueMail> due = record(siteId, actor, credentialExpiries());
        if (!due.isEmpty() && worker != null) {
            worker.offer("lifecycle warnings of site " + siteId, () -> send(siteId, due));
        }
    }

    private List<LifecycleService.DueMail> record(long siteId, String actor, List<AppCredentials.Expiry> expiries) {
        Instant now = Clock.now();
        return service.record(siteId, service.findings(siteId, expiries, service.nextCatalog(), now), actor, now);
    }

    void send(long siteId, List<LifecycleService.DueMail> due) {
        if (!mail.configured()) {
            return; // nothing recorded: the page says e-mail is not configured; due again on the next run
        }
        List<LifecycleService.Recipient> recipients = service.recipients(siteId);
        if (recipients.isEmpty()) {
            return; // no site admin gave an address: the page says so; due again on the next run
        }
        String siteName = sites.find(siteId).map(Site::getName).orElse(String.valueOf(siteId));
        String subject = WarningTexts.text("lifecycle.mail.subject", due.size(), siteName);
        String body = body(siteId, siteName, due);
        int sent = 0;
        String failure = null;
        for (LifecycleService.Recipient to : recipients) {
            MailResult result = mail.send(new MailMessage(to.email(), null, subject, body));
            if (result.outcome() == MailResult.Outcome.SENT) {
                sent++;
            } else {
                failure = result.reason();
            }
        }
        int s = sent;
        LOG.fine(() -> "Lifecycle warnings of site " + siteId + ": " + due.size() + " e-mailed to " + s + " admin(s)");
        service.mailed(siteId, due, sent, failure, Clock.now());
    }

    static String body(long siteId, String siteName, List<LifecycleService.DueMail> due) {
        StringBuilder text = new StringBuilder();
        text.append(WarningTexts.text("lifecycle.mail.intro", siteName)).append("\n\n");
        for (LifecycleService.DueMail d : due) {
            WarningTexts.Text t = d.text();
            text.append("* ").append(t.title()).append('\n');
            text.append("  ").append(t.reason()).append('\n');
            text.append("  ")
                    .append(t.fixLabel())
                    .append(": ")
                    .append(t.external() ? t.fixPath() : PublicOrigin.absolute(t.fixPath()))
                    .append('\n');
            if (t.aheadPath() != null) {
                // The portal's page (for site admins: it asks for the permission that governs consent), no token.
                text.append("  ")
                        .append(WarningTexts.text("lifecycle.ahead.mail"))
                        .append(": ")
                        .append(PublicOrigin.absolute(t.aheadPath()))
                        .append('\n');
            }
            text.append('\n');
        }
        text.append(WarningTexts.text("lifecycle.mail.outro", PublicOrigin.absolute("/sites/" + siteId + "#warnings")))
                .append('\n');
        return text.toString();
    }
}
