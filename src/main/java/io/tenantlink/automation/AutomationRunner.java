package io.tenantlink.automation;

import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.Priority;
import io.tenantlink.incident.StakeholderUpdateService;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.incident.TimelineRecorded;
import io.tenantlink.mapping.PersonMappings;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.concurrent.SerialWorker;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.preference.TeamsAvailability;
import io.tenantlink.teams.IncidentChatService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the matching rules after an incident is created or changed (after the commit, in the background, one incident
 * at a time): the chat with the ChatOps app's application permissions, the stakeholder update; each run recorded and
 * audited with its outcome.
 */
@ApplicationScoped
public class AutomationRunner {

    private static final Logger LOG = Logger.getLogger(AutomationRunner.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    AutomationService automation;

    @Inject
    IncidentService incidents;

    @Inject
    IncidentChatService chats;

    @Inject
    StakeholderUpdateService updates;

    @Inject
    PersonMappings mappings;

    @Inject
    TeamsAvailability availability;

    private SerialWorker worker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        worker = new SerialWorker(threads, "automation rules", 10_000);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TimelineRecorded recorded) {
        if (recorded.type() != TimelineEntryType.CREATED && recorded.type() != TimelineEntryType.CHANGED) {
            return;
        }
        worker.offer("automation rules of " + recorded.incident().key(), () -> run(recorded));
    }

    private void run(TimelineRecorded recorded) {
        Priority priority = Priority.valueOf(recorded.incident().priority());
        for (AutomationRule rule : automation.rulesOf(recorded.incident().projectId())) {
            if (!rule.matches(recorded.type(), priority, recorded.incident().major())) {
                continue;
            }
            try {
                runOne(rule, recorded);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Automation rule " + rule.getId() + " failed", e);
                automation.ran(
                        recorded.incident().key(),
                        rule,
                        recorded.incident().id(),
                        RunOutcome.FAILED,
                        "internal error: " + e.getClass().getSimpleName());
            }
        }
    }

    private void runOne(AutomationRule rule, TimelineRecorded recorded) throws InterruptedException {
        long incidentId = recorded.incident().id();
        String key = recorded.incident().key();
        List<String> missing = automation.missingPermissions(rule);
        if (!missing.isEmpty()) {
            automation.ran(
                    key,
                    rule,
                    incidentId,
                    RunOutcome.BLOCKED,
                    "missing application permissions: " + String.join(", ", missing));
            return;
        }
        String actor = "automation:" + rule.getName();
        RunOutcome outcome = RunOutcome.DONE;
        List<String> notes = new ArrayList<>();
        if (rule.isCreateChat()) {
            List<String> ids = new ArrayList<>();
            if (availability.forProject(rule.getProjectId()) instanceof TeamsAvailability.Yes yes) {
                for (String email : rule.participantEmails()) {
                    mappings.userByAddress(yes.connection().getId(), email)
                            .ifPresentOrElse(u -> ids.add(u.objectId()), () -> notes.add("no user " + email));
                }
            }
            Incident incident = incidents.findById(incidentId).orElseThrow();
            IncidentChatService.Result result = chats.createChatAsApp(recorded.siteId(), incident, ids, actor);
            if (result.kind() == IncidentChatService.Result.Kind.DONE) {
                notes.add("chat created with " + result.arguments().get(0) + " members");
            } else if ("teams.error.chatExists".equals(result.messageKey())) {
                outcome = RunOutcome.CHAT_EXISTED;
            } else {
                outcome = RunOutcome.FAILED;
                notes.add(Messages.get(
                        Locale.ENGLISH, result.messageKey(), result.arguments().toArray()));
            }
        }
        if (rule.getUpdateText() != null && outcome != RunOutcome.FAILED) {
            try {
                updates.post(actor, rule.getName(), incidentId, rule.getUpdateText());
                notes.add("stakeholder update sent");
            } catch (InvalidInputException refused) {
                outcome = RunOutcome.FAILED;
                notes.add(Messages.get(Locale.ENGLISH, refused.messageKey(), refused.arguments()));
            }
        }
        automation.ran(key, rule, incidentId, outcome, String.join("; ", notes));
    }
}
