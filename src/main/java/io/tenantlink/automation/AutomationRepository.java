package io.tenantlink.automation;

import java.util.List;
import java.util.Optional;

/** Automation rules and their runs. */
public interface AutomationRepository {

    void add(AutomationRule rule);

    Optional<AutomationRule> rule(long projectId, long ruleId);

    List<AutomationRule> rules(long projectId);

    void remove(AutomationRule rule);

    void add(AutomationRun run);

    /** The rule's newest runs first, at most {@code max}. */
    List<AutomationRun> runs(long ruleId, int max);
}
