package io.tenantlink.incident;

import io.tenantlink.incident.StakeholderUpdateViews.RecipientView;
import io.tenantlink.incident.StakeholderUpdateViews.StakeholderView;
import io.tenantlink.incident.StakeholderUpdateViews.UpdateView;
import io.tenantlink.people.Person;
import io.tenantlink.people.PersonRepository;
import io.tenantlink.platform.mail.MailMessage;
import io.tenantlink.platform.mail.MailResult;
import io.tenantlink.platform.mail.MailSender;
import io.tenantlink.platform.web.PublicOrigin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stakeholder updates: recorded in one transaction (the update, its STAKEHOLDER_UPDATE timeline entry, one recipient
 * per stakeholder, and the {@link StakeholderUpdatePosted} event, which the incident chat and {@link
 * StakeholderUpdateDelivery} observe after commit); the e-mails go out only after that commit, each recipient's outcome
 * recorded in a transaction of its own. Callers have checked the caller's permission on the project.
 */
@ApplicationScoped
@Transactional
public class StakeholderUpdateService {

    /** An e-mail still to send, and the recipient whose outcome it is. */
    public record PendingMail(long recipientId, MailMessage mail) {}

    @Inject
    IncidentRepository incidents;

    @Inject
    StakeholderUpdateRepository updates;

    @Inject
    PersonRepository people;

    @Inject
    MailSender mail;

    @Inject
    Event<StakeholderUpdatePosted> posted;

    @Inject
    Event<TimelineRecorded> recorded;

    @Inject
    IncidentService incidentService;

    /**
     * Records an update on an open incident and fires {@link StakeholderUpdatePosted}; every stakeholder becomes a
     * recipient, PENDING (sent after commit) or NOT_CONFIGURED when no SMTP server is configured.
     */
    public UpdateView post(String actor, String authorName, long incidentId, String text) {
        Incident incident = incidents.find(incidentId).orElseThrow();
        StakeholderUpdateRules.allowedOn(incident.getStatus());
        String body = StakeholderUpdateRules.text(text);
        boolean configured = mail.configured();
        long entryId = updates.addEntry(
                new TimelineEntry(incident.getId(), actor, TimelineEntryType.STAKEHOLDER_UPDATE.name(), body));
        recorded.fire(new TimelineRecorded(
                incident.getSiteId(),
                incidentService.detail(incident),
                actor,
                TimelineEntryType.STAKEHOLDER_UPDATE,
                body,
                List.of(),
                io.tenantlink.platform.Clock.now()));
        StakeholderUpdate update = new StakeholderUpdate(incident.getId(), entryId, body, actor, authorName);
        updates.add(update);
        List<UpdateRecipient> recipients = new ArrayList<>();
        for (Long personId : incident.stakeholderIds()) {
            Optional<Person> person = people.find(personId);
            if (person.isPresent()) {
                UpdateRecipient recipient = new UpdateRecipient(
                        update.getId(),
                        personId,
                        person.get().getName(),
                        person.get().getEmail(),
                        configured);
                updates.addRecipient(recipient);
                recipients.add(recipient);
            }
        }
        incident.touch();
        posted.fire(new StakeholderUpdatePosted(
                incident.getSiteId(),
                incident.getProjectId(),
                incident.getId(),
                update.getId(),
                incident.getKey(),
                body,
                update.getAuthorName()));
        return view(update, recipients);
    }

    /** The incident's updates with their recipients, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UpdateView> updatesOf(long incidentId) {
        List<StakeholderUpdate> found = updates.findByIncident(incidentId);
        Map<Long, List<UpdateRecipient>> byUpdate =
                updates.recipients(found.stream().map(StakeholderUpdate::getId).toList()).stream()
                        .collect(Collectors.groupingBy(
                                UpdateRecipient::getUpdateId, LinkedHashMap::new, Collectors.toList()));
        return found.stream()
                .map(u -> view(u, byUpdate.getOrDefault(u.getId(), List.of())))
                .toList();
    }

    /** Each update's recipients by the id of its timeline entry, for the incident page's timeline. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, List<RecipientView>> deliveriesByEntry(long incidentId) {
        Map<Long, List<RecipientView>> deliveries = new LinkedHashMap<>();
        for (UpdateView update : updatesOf(incidentId)) {
            deliveries.put(update.timelineEntryId(), update.recipients());
        }
        return deliveries;
    }

    /** The stakeholders the next update goes to. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StakeholderView> stakeholders(Incident incident) {
        return incident.stakeholderIds().stream()
                .map(people::find)
                .flatMap(Optional::stream)
                .map(p -> new StakeholderView(p.getName(), p.getEmail()))
                .toList();
    }

    public boolean mailConfigured() {
        return mail.configured();
    }

    /**
     * The e-mails of the update's recipients that are still PENDING, built from the update and its incident now. In a
     * transaction of its own: it runs on the delivery thread, outside any request.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<PendingMail> pendingMails(long updateId) {
        StakeholderUpdate update = updates.find(updateId).orElse(null);
        List<UpdateRecipient> pending = update == null
                ? List.of()
                : updates.recipients(List.of(updateId)).stream()
                        .filter(r -> r.getStatus() == DeliveryStatus.PENDING)
                        .toList();
        if (pending.isEmpty()) {
            return List.of();
        }
        Incident incident = incidents.find(update.getIncidentId()).orElseThrow();
        String subject = StakeholderUpdateRules.subject(incident.getKey(), incident.getSummary());
        String body = StakeholderUpdateRules.body(
                update.getBody(),
                incident.getKey(),
                incident.getSummary(),
                incident.getStatus(),
                incident.getPriority(),
                PublicOrigin.absolute(StakeholderUpdateRules.incidentPath(
                        incident.getSiteId(), incident.getProjectId(), incident.getNumber())),
                update.getAuthorName());
        return pending.stream()
                .map(r -> new PendingMail(r.getId(), new MailMessage(r.getAddress(), r.getName(), subject, body)))
                .toList();
    }

    /** Records what became of one e-mail (in a transaction of its own: one failure never undoes another outcome). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settle(long recipientId, MailResult result) {
        updates.findRecipient(recipientId)
                .ifPresent(r -> r.settle(
                        switch (result.outcome()) {
                            case SENT -> DeliveryStatus.SENT;
                            case FAILED -> DeliveryStatus.FAILED;
                            case NOT_CONFIGURED -> DeliveryStatus.NOT_CONFIGURED;
                        },
                        result.reason()));
    }

    private static UpdateView view(StakeholderUpdate update, List<UpdateRecipient> recipients) {
        return new UpdateView(
                update.getId(),
                update.getTimelineEntryId(),
                update.getCreatedAt(),
                update.getAuthor(),
                update.getAuthorName(),
                update.getBody(),
                recipients.stream()
                        .map(r -> new RecipientView(
                                r.getName(), r.getAddress(), r.getStatus().name(), r.getReason()))
                        .toList());
    }
}
