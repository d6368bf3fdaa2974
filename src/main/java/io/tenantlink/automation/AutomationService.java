package io.tenantlink.automation;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.automation.AutomationViews.RuleView;
import io.tenantlink.automation.AutomationViews.RunView;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.doctor.Attention;
import io.tenantlink.doctor.ConsentCheckRow;
import io.tenantlink.doctor.ConsentCheckStore;
import io.tenantlink.platform.Clock;
import io.tenantlink.preference.TeamsAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Automation rules of Incidents projects: kept, shown with whether their tenant lets them run, and their runs. */
@ApplicationScoped
@Transactional
public class AutomationService {

    static final int RUNS_SHOWN = 10;

    /** The ChatOps application permission creating a chat needs (Graph: Chat.Create, application). */
    public static final String CHAT_CREATE = "Chat.Create";

    /** Reading users by e-mail (the mapping's directory copy is read with it). */
    public static final String USER_READ_ALL = "User.Read.All";

    @Inject
    AutomationRepository rules;

    @Inject
    TeamsAvailability availability;

    @Inject
    ConsentCheckStore consentChecks;

    @Inject
    AuditLog auditLog;

    public long add(String actor, long siteId, long projectId, AutomationRule.Definition definition) {
        AutomationRule rule = new AutomationRule(siteId, projectId, definition, actor, Clock.now());
        rules.add(rule);
        audit(actor, AuditAction.AUTOMATION_RULE_ADDED, AuditOutcome.SUCCESS, rule, "rule \"" + rule.getName() + "\"");
        return rule.getId();
    }

    public boolean remove(String actor, long projectId, long ruleId) {
        AutomationRule rule = rules.rule(projectId, ruleId).orElse(null);
        if (rule == null) {
            return false;
        }
        rules.remove(rule);
        audit(
                actor,
                AuditAction.AUTOMATION_RULE_REMOVED,
                AuditOutcome.SUCCESS,
                rule,
                "rule \"" + rule.getName() + "\"");
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AutomationRule> rulesOf(long projectId) {
        return rules.rules(projectId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<RuleView> rule(long siteId, long projectId, long ruleId) {
        return rules.rule(projectId, ruleId).map(r -> view(siteId, r));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RuleView> views(long siteId, long projectId) {
        return rules.rules(projectId).stream().map(r -> view(siteId, r)).toList();
    }

    /** The application permissions the project's tenant lacks for this rule, as the consent doctor last found. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> missingPermissions(AutomationRule rule) {
        return missingPermissions(rule, connectionOf(rule));
    }

    private List<String> missingPermissions(AutomationRule rule, TenantConnection connection) {
        if (!rule.isCreateChat() || connection == null) {
            return List.of();
        }
        List<String> needed = new ArrayList<>(List.of(CHAT_CREATE));
        if (!rule.participantEmails().isEmpty()) {
            needed.add(USER_READ_ALL);
        }
        List<String> missing = consentChecks.rowsOf(connection.getId()).stream()
                .filter(row -> Attention.CHATOPS.equals(row.getFeatureKey()))
                .findFirst()
                .map(ConsentCheckRow::applicationMissingList)
                .orElse(List.of());
        return needed.stream().filter(missing::contains).toList();
    }

    /** Records a run and audits it with its outcome. */
    public void ran(String incidentKey, AutomationRule rule, long incidentId, RunOutcome outcome, String detail) {
        rules.add(new AutomationRun(rule.getId(), incidentId, Clock.now(), outcome, detail));
        audit(
                "automation:" + rule.getName(),
                AuditAction.AUTOMATION_RUN,
                outcome == RunOutcome.DONE || outcome == RunOutcome.CHAT_EXISTED
                        ? AuditOutcome.SUCCESS
                        : AuditOutcome.FAILURE,
                rule,
                incidentKey + ": " + outcome + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
    }

    /** The tenant the rule's project uses for Teams, or null when Teams is not available to it. */
    private TenantConnection connectionOf(AutomationRule rule) {
        return availability.forProject(rule.getProjectId()) instanceof TeamsAvailability.Yes yes
                ? yes.connection()
                : null;
    }

    private RuleView view(long siteId, AutomationRule rule) {
        TenantConnection connection = connectionOf(rule);
        String consentPath = connection == null ? null : "/sites/" + siteId + "/chat-tools/teams/" + connection.getId();
        return new RuleView(
                rule.getId(),
                rule.getName(),
                rule.isOnCreated(),
                rule.isOnChanged(),
                rule.getMaxPriority().name(),
                rule.isMajorOnly(),
                rule.participantEmails(),
                rule.isCreateChat(),
                rule.getUpdateText(),
                rule.getCreatedBy(),
                missingPermissions(rule, connection),
                consentPath,
                rules.runs(rule.getId(), RUNS_SHOWN).stream()
                        .map(r -> new RunView(r.getRanAt(), r.getIncidentId(), r.getOutcome(), r.getDetail()))
                        .toList());
    }

    private void audit(String actor, AuditAction action, AuditOutcome outcome, AutomationRule rule, String detail) {
        auditLog.record(new AuditEntry(
                Clock.now(), actor, action, outcome, rule.getSiteId(), null, "project " + rule.getProjectId(), detail));
    }
}
