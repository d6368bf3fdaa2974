package io.tenantlink.incident;

import io.tenantlink.platform.InvalidInputException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The status rules of an incident. Open → Acknowledged → Resolved → Closed; an open incident can be resolved at once;
 * an acknowledged one can go back to open (handed back); a resolved one can be reopened. Closed is final. Staying in the
 * same status is no change and always allowed.
 */
public final class IncidentWorkflow {

    private static final Map<IncidentStatus, Set<IncidentStatus>> NEXT = Map.of(
            IncidentStatus.OPEN, EnumSet.of(IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED),
            IncidentStatus.ACKNOWLEDGED, EnumSet.of(IncidentStatus.OPEN, IncidentStatus.RESOLVED),
            IncidentStatus.RESOLVED, EnumSet.of(IncidentStatus.OPEN, IncidentStatus.CLOSED),
            IncidentStatus.CLOSED, EnumSet.noneOf(IncidentStatus.class));

    private IncidentWorkflow() {}

    public static boolean allows(IncidentStatus from, IncidentStatus to) {
        return from == to || NEXT.get(from).contains(to);
    }

    /** The statuses an incident in {@code from} may be set to, itself first. */
    public static Set<IncidentStatus> choices(IncidentStatus from) {
        Set<IncidentStatus> result = EnumSet.of(from);
        result.addAll(NEXT.get(from));
        return result;
    }

    public static void check(IncidentStatus from, IncidentStatus to) {
        if (!allows(from, to)) {
            throw new InvalidInputException("incident.error.transition", from.name(), to.name());
        }
    }

    /** A closed incident is read-only: notes and changes are refused. */
    public static boolean isFinal(IncidentStatus status) {
        return status == IncidentStatus.CLOSED;
    }
}
