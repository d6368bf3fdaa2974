package io.tenantlink.preference;

import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The one question other code asks before creating Microsoft Teams chats or meetings for an
 * incident: may this project use Teams now, and through which tenant connection? The rule itself
 * is {@link TeamsDecision}; this class only gathers what it needs.
 */
@ApplicationScoped
public class TeamsAvailability {

    /** Why a project cannot use Microsoft Teams; each has a sentence under {@link #messageKey()}. */
    public enum Reason {
        /** The project does not have the Incidents work category. */
        NO_INCIDENTS_CATEGORY,
        /** The project switched Microsoft Teams off. */
        TEAMS_SWITCHED_OFF,
        /** The project chose no tenant and its site has no ACTIVE tenant connection. */
        NO_ACTIVE_CONNECTION,
        /** The tenant connection the project chose is no longer ACTIVE (disconnected, needs sign-in, permission required). */
        CONNECTION_NOT_ACTIVE;

        public String messageKey() {
            return "teams.reason." + name();
        }
    }

    /** Either {@link Yes} with the connection to use, or {@link No} with the reason. */
    public sealed interface Answer permits Yes, No {
        boolean available();
    }

    public record Yes(TenantConnection connection) implements Answer {
        public Yes {
            Objects.requireNonNull(connection, "connection");
        }

        @Override
        public boolean available() {
            return true;
        }
    }

    public record No(Reason reason) implements Answer {
        public No {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean available() {
            return false;
        }
    }

    @Inject
    ProjectRepository projects;

    @Inject
    PreferenceRepository preferences;

    @Inject
    ConnectionService connections;

    /** Throws NoSuchElementException for a project that does not exist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Answer forProject(long projectId) {
        ServiceProject project = projects.find(projectId)
                .orElseThrow(() -> new NoSuchElementException("no service project " + projectId));
        return decisionFor(project).answer();
    }

    /** The whole decision, for the page that shows and changes the preference. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TeamsDecision decisionFor(ServiceProject project) {
        return TeamsDecision.decide(
                project.handlesIncidents(),
                preferences.find(project.getId()).orElse(null),
                connections.ofSite(project.getSiteId()));
    }
}
