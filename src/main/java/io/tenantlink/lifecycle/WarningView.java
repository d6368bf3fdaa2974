package io.tenantlink.lifecycle;

import java.time.Instant;

/** A warning as the site page shows it ({@code aheadPath}: a re-consent forecast's consent-ahead page, or null). */
public record WarningView(
        long id,
        String kind,
        String stage,
        String badge,
        String title,
        String reason,
        String fixLabel,
        String fixPath,
        boolean fixExternal,
        String aheadPath,
        Instant firstSeen,
        Instant lastMailed,
        String acknowledgedBy,
        Instant acknowledgedAt) {

    static WarningView of(LifecycleWarning w, WarningTexts.Text text, String acknowledgedByName) {
        return new WarningView(
                w.getId(),
                w.getKind().name(),
                w.getStage().name(),
                w.getStage().badge(),
                text.title(),
                text.reason(),
                text.fixLabel(),
                text.fixPath(),
                text.external(),
                text.aheadPath(),
                w.getFirstSeen(),
                w.getLastMailed(),
                acknowledgedByName,
                w.getAcknowledgedAt());
    }

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }
}
