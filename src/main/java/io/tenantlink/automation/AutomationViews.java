package io.tenantlink.automation;

import java.time.Instant;
import java.util.List;

/** What the automation page shows: records, never entities. */
public final class AutomationViews {

    private AutomationViews() {}

    public record RunView(Instant ranAt, long incidentId, RunOutcome outcome, String detail) {}

    /**
     * A rule, with the application permissions its tenant lacks for it (from the consent doctor's last check; empty
     * when none are missing or nothing was checked) and where to give them.
     */
    public record RuleView(
            long id,
            String name,
            boolean onCreated,
            boolean onChanged,
            String maxPriority,
            boolean majorOnly,
            List<String> participants,
            boolean createChat,
            String updateText,
            String createdBy,
            List<String> missingPermissions,
            String consentPath,
            List<RunView> runs) {

        public boolean blocked() {
            return !missingPermissions.isEmpty();
        }
    }
}
