package io.tenantlink.automation;

import io.tenantlink.platform.text.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of a rule on an incident and its outcome (the rule page's log; audited too). */
@Entity
@Table(name = "automation_run")
public class AutomationRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "rule_id", nullable = false, updatable = false)
    private long ruleId;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private long incidentId;

    @Column(name = "ran_at", nullable = false, updatable = false)
    private Instant ranAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private RunOutcome outcome;

    @Column(updatable = false)
    private String detail;

    protected AutomationRun() {}

    public AutomationRun(long ruleId, long incidentId, Instant ranAt, RunOutcome outcome, String detail) {
        this.ruleId = ruleId;
        this.incidentId = incidentId;
        this.ranAt = ranAt;
        this.outcome = outcome;
        this.detail = Text.shorten(detail, 500);
    }

    public long getRuleId() {
        return ruleId;
    }

    public long getIncidentId() {
        return incidentId;
    }

    public Instant getRanAt() {
        return ranAt;
    }

    public RunOutcome getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }
}
