package io.tenantlink.doctor;

import java.util.List;
import java.util.Optional;

/**
 * Why a connection needs a site admin's attention after a consent check (pure): the ChatOps app
 * (what the connection itself runs on) revoked or lacking required permissions, or any feature
 * that lost something since the last check. A flag for another feature stays while that feature
 * is still not complete; everything complete clears it.
 */
public record Attention(Reason reason, String featureKey, String detail) {

    public static final String CHATOPS = "chatops";

    public enum Reason {
        /** ChatOps has no service principal, or none of its application permissions. */
        CHATOPS_REVOKED,
        /** ChatOps lacks required scopes or application permissions. */
        CHATOPS_MISSING,
        /** A feature's service principal was removed. */
        REVOKED,
        /** A feature lost scopes or permissions since the last check. */
        DRIFT
    }

    public Attention {
        detail = detail == null ? "" : detail.length() > 500 ? detail.substring(0, 500) : detail;
    }

    public static Optional<Attention> decide(
            List<FeatureCheck> current, List<Drift.Change> changes, Optional<Attention> existing) {
        for (FeatureCheck check : current) {
            if (!CHATOPS.equals(check.featureKey()) || check.status() == CheckStatus.NOT_CONFIGURED) {
                continue;
            }
            if (check.status() == CheckStatus.NOT_INSTALLED) {
                return Optional.of(new Attention(Reason.CHATOPS_REVOKED, CHATOPS, ""));
            }
            if (check.status() == CheckStatus.MISSING) {
                boolean noApplication = !check.application().missing().isEmpty()
                        && check.application().matching().isEmpty();
                List<String> missing =
                        new java.util.ArrayList<>(check.delegated().missing());
                check.application().missing().forEach(s -> missing.add(s + " (application)"));
                return Optional.of(new Attention(
                        noApplication ? Reason.CHATOPS_REVOKED : Reason.CHATOPS_MISSING,
                        CHATOPS,
                        String.join(" ", missing)));
            }
        }
        for (Drift.Change change : changes) {
            if (change.loss()) {
                return Optional.of(new Attention(
                        change.kind() == Drift.Kind.REVOKED ? Reason.REVOKED : Reason.DRIFT,
                        change.featureKey(),
                        String.join(" ", change.lost())));
            }
        }
        if (existing.isPresent()
                && (existing.get().reason() == Reason.DRIFT || existing.get().reason() == Reason.REVOKED)) {
            String feature = existing.get().featureKey();
            boolean stillIncomplete = current.stream()
                    .anyMatch(c -> c.featureKey().equals(feature)
                            && (c.status() == CheckStatus.MISSING || c.status() == CheckStatus.NOT_INSTALLED));
            if (stillIncomplete) {
                return existing;
            }
        }
        return Optional.empty();
    }
}
