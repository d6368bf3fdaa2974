package io.tenantlink.preference;

import io.tenantlink.connection.TenantConnection;
import io.tenantlink.preference.TeamsAvailability.Answer;
import io.tenantlink.preference.TeamsAvailability.No;
import io.tenantlink.preference.TeamsAvailability.Reason;
import io.tenantlink.preference.TeamsAvailability.Yes;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether a project may use Microsoft Teams, decided from plain values (no container, no database):
 * <ul>
 *   <li>without the Incidents work category: never;</li>
 *   <li>a project that saved a preference uses the connection it chose, and only while that one is
 *       ACTIVE: when it is not, Teams stops working for the project; another tenant is never taken
 *       silently;</li>
 *   <li>a project that never saved one is switched on and uses the site's earliest-activated
 *       ACTIVE connection (the only one, once a single tenant is connected); none: unavailable.</li>
 * </ul>
 * Besides the answer it keeps what the page shows: the stored switch, the connection, the site's
 * ACTIVE connections, and why the switch itself cannot be used ({@link #getBlocker()}).
 */
public final class TeamsDecision {

    /** Earliest activation first; the id breaks ties (and orders connections activated at the same instant). */
    static final Comparator<TenantConnection> EARLIEST_ACTIVATED = Comparator.comparing(
                    TenantConnection::getActivatedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(TenantConnection::getId, Comparator.nullsLast(Comparator.<Long>naturalOrder()));

    private final boolean incidents;
    private final boolean saved;
    private final boolean switchedOn;
    private final boolean chosen;
    private final TenantConnection connection;
    private final List<TenantConnection> active;
    private final Reason connectionProblem;

    private TeamsDecision(
            boolean incidents,
            boolean saved,
            boolean switchedOn,
            boolean chosen,
            TenantConnection connection,
            List<TenantConnection> active,
            Reason connectionProblem) {
        this.incidents = incidents;
        this.saved = saved;
        this.switchedOn = switchedOn;
        this.chosen = chosen;
        this.connection = connection;
        this.active = active;
        this.connectionProblem = connectionProblem;
    }

    /**
     * @param handlesIncidents whether the project has the Incidents work category
     * @param preference the project's saved preference, or null when it never saved one
     * @param siteConnections all tenant connections of the project's site, in any status
     */
    public static TeamsDecision decide(
            boolean handlesIncidents, ProjectTeamsPreference preference, List<TenantConnection> siteConnections) {
        List<TenantConnection> active = siteConnections.stream()
                .filter(TenantConnection::isActive)
                .sorted(EARLIEST_ACTIVATED)
                .toList();
        if (preference != null && preference.getConnectionId() != null) {
            TenantConnection chosen = siteConnections.stream()
                    .filter(c -> Objects.equals(c.getId(), preference.getConnectionId()))
                    .findFirst()
                    .orElse(null);
            Reason problem = chosen != null && chosen.isActive() ? null : Reason.CONNECTION_NOT_ACTIVE;
            return new TeamsDecision(
                    handlesIncidents, true, preference.isTeamsEnabled(), true, chosen, active, problem);
        }
        TenantConnection fallback = active.isEmpty() ? null : active.get(0);
        return new TeamsDecision(
                handlesIncidents,
                preference != null,
                preference == null || preference.isTeamsEnabled(),
                false,
                fallback,
                active,
                fallback == null ? Reason.NO_ACTIVE_CONNECTION : null);
    }

    /**
     * The answer for other code. The project's own settings come first (no Incidents category,
     * switched off), then whether its connection works.
     */
    public Answer answer() {
        if (!incidents) {
            return new No(Reason.NO_INCIDENTS_CATEGORY);
        }
        if (!switchedOn) {
            return new No(Reason.TEAMS_SWITCHED_OFF);
        }
        if (connectionProblem != null) {
            return new No(connectionProblem);
        }
        return new Yes(connection);
    }

    /**
     * Why the switch cannot be used at all, or null when it can: the project lacks the Incidents
     * category, or there is no ACTIVE connection for it to work with.
     */
    public Reason getBlocker() {
        return incidents ? connectionProblem : Reason.NO_INCIDENTS_CATEGORY;
    }

    public boolean isSwitchUsable() {
        return getBlocker() == null;
    }

    /**
     * Whether the page offers a choice of tenant: when the switch works and the site has several
     * ACTIVE connections, and when the chosen one stopped working while another is ACTIVE (so the
     * project can move to it explicitly).
     */
    public boolean isChoiceOffered() {
        if (!incidents) {
            return false;
        }
        return connectionProblem == null
                ? active.size() > 1
                : connectionProblem == Reason.CONNECTION_NOT_ACTIVE && !active.isEmpty();
    }

    public boolean isIncidents() {
        return incidents;
    }

    /** Whether the project saved a preference (false: it follows the site's default). */
    public boolean isSaved() {
        return saved;
    }

    /** The switch as saved; on when the project never saved a preference. */
    public boolean isSwitchedOn() {
        return switchedOn;
    }

    /** Whether {@link #getConnection()} is the project's own choice rather than the site's default. */
    public boolean isChosen() {
        return chosen;
    }

    /** The chosen connection (in whatever status), else the default ACTIVE one; null when there is none. */
    public TenantConnection getConnection() {
        return connection;
    }

    /** The site's ACTIVE connections, earliest-activated first. */
    public List<TenantConnection> getActive() {
        return active;
    }

    /** For audit records: "on, tenant Contoso [tenant id]" (with "site default" when nothing was saved). */
    public String describe() {
        String tenant = connection == null
                ? "no tenant"
                : "tenant " + (connection.getTenantName() == null ? "" : connection.getTenantName() + " ") + "["
                        + connection.getTenantId() + "]"
                        + (connection.isActive() ? "" : " (" + connection.getStatus() + ")");
        String state = (switchedOn ? "on" : "off") + ", " + tenant;
        return saved ? state : "site default: " + state;
    }
}
