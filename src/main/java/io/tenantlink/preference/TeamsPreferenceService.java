package io.tenantlink.preference;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Changes a project's communication preferences, each change in one transaction with its audit record. */
@ApplicationScoped
@Transactional
public class TeamsPreferenceService {

    public enum Outcome {
        CHANGED,
        UNCHANGED
    }

    @Inject
    PreferenceRepository preferences;

    @Inject
    ProjectRepository projects;

    @Inject
    ConnectionService connections;

    @Inject
    AuditLog auditLog;

    /**
     * Switches Microsoft Teams on or off for the project, with the connection given (which must be
     * an ACTIVE connection of the project's site) or, when none is given, with the connection it
     * works with now. Saving pins that connection: the project keeps it even when the site's
     * default would later be another one. Refuses with {@link InvalidInputException}, changing
     * nothing, when the project has no Incidents category, the connection is not usable, or no
     * connection is given while the switch is unavailable.
     */
    public Outcome change(String actor, long projectId, boolean enabled, Long connectionId) {
        ProjectTeamsPreference stored = preferences.findForUpdate(projectId).orElse(null);
        ServiceProject project = projects.find(projectId).orElseThrow();
        if (!project.handlesIncidents()) {
            throw new InvalidInputException("teams.error.noIncidents");
        }
        List<TenantConnection> siteConnections = connections.ofSite(project.getSiteId());
        TeamsDecision before = TeamsDecision.decide(true, stored, siteConnections);
        TenantConnection target;
        if (connectionId != null) {
            target = siteConnections.stream()
                    .filter(c -> Objects.equals(c.getId(), connectionId))
                    .filter(TenantConnection::isActive)
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException("teams.error.connection"));
        } else if (before.isSwitchUsable()) {
            target = before.getConnection();
        } else {
            throw new InvalidInputException("teams.error.unavailable");
        }

        Instant now = Clock.now();
        boolean changed;
        if (stored == null) {
            stored = new ProjectTeamsPreference(projectId, enabled, target.getId(), actor, now);
            preferences.add(stored);
            changed = true;
        } else {
            changed = stored.change(enabled, target.getId(), actor, now);
        }
        if (!changed) {
            return Outcome.UNCHANGED;
        }
        TeamsDecision after = TeamsDecision.decide(true, stored, siteConnections);
        auditLog.record(new AuditEntry(
                now,
                actor,
                AuditAction.PROJECT_TEAMS_CHANGED,
                AuditOutcome.SUCCESS,
                project.getSiteId(),
                target.getTenantId(),
                "project " + project.getKey(),
                "Microsoft Teams " + before.describe() + " -> " + after.describe()));
        return Outcome.CHANGED;
    }
}
