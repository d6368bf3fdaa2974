package io.tenantlink.preference;

import io.tenantlink.connection.ConnectionView;
import io.tenantlink.preference.TeamsAvailability.Answer;
import io.tenantlink.preference.TeamsAvailability.No;
import io.tenantlink.preference.TeamsAvailability.Reason;
import io.tenantlink.preference.TeamsAvailability.Yes;
import java.util.List;

/**
 * A {@link TeamsDecision} as the incident-management page shows it: the switch, why it cannot be used, the
 * connection and the site's ACTIVE ones as {@link ConnectionView}s (no entity reaches the template).
 */
public record TeamsDecisionView(
        boolean incidents,
        Reason blocker,
        boolean switchUsable,
        boolean choiceOffered,
        boolean switchedOn,
        ConnectionView connection,
        List<ConnectionView> active) {

    /** The decision's {@link Answer}: available through a connection, or the reason why not. */
    public record AnswerView(boolean available, Reason reason, ConnectionView connection) {

        public static AnswerView of(Answer answer) {
            if (answer instanceof Yes yes) {
                return new AnswerView(true, null, ConnectionView.of(yes.connection()));
            }
            return new AnswerView(false, ((No) answer).reason(), null);
        }
    }

    public static TeamsDecisionView of(TeamsDecision decision) {
        return new TeamsDecisionView(
                decision.isIncidents(),
                decision.getBlocker(),
                decision.isSwitchUsable(),
                decision.isChoiceOffered(),
                decision.isSwitchedOn(),
                decision.getConnection() == null ? null : ConnectionView.of(decision.getConnection()),
                decision.getActive().stream().map(ConnectionView::of).toList());
    }
}
