package io.tenantlink.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between a feature's previous check and this one (pure). A change that takes away
 * something the feature needs (the service principal, or a scope or application permission it asked
 * for, leaving it incomplete) is a loss; extra scopes coming or going are drift but no loss;
 * the service principal gone, or every application permission of an app that has them, is a revocation.
 */
public final class Drift {

    public enum Kind {
        /** Scopes or permissions changed (lost, gained, or extra ones appeared or went). */
        DRIFT,
        /** The service principal is gone, or every application permission it held. */
        REVOKED,
        /** The app was not installed before and is now. */
        INSTALLED
    }

    /** One feature's change; {@code before} and {@code after} are {@link FeatureCheck#summary()}s. */
    public record Change(
            String featureKey,
            Kind kind,
            boolean loss,
            String before,
            String after,
            List<String> lost,
            List<String> gained) {

        public String detail() {
            StringBuilder s = new StringBuilder("feature ")
                    .append(featureKey)
                    .append(": ")
                    .append(before)
                    .append(" → ")
                    .append(after);
            if (!lost.isEmpty()) {
                s.append("; lost: ").append(String.join(" ", lost));
            }
            if (!gained.isEmpty()) {
                s.append("; gained: ").append(String.join(" ", gained));
            }
            return s.toString();
        }
    }

    private Drift() {}

    /** The changes from {@code previous} (feature key → last recorded check; absent: never checked) to {@code current}. */
    public static List<Change> between(Map<String, FeatureCheck> previous, List<FeatureCheck> current) {
        List<Change> changes = new ArrayList<>();
        for (FeatureCheck now : current) {
            FeatureCheck before = previous.get(now.featureKey());
            if (before == null
                    || now.status() == CheckStatus.NOT_CONFIGURED
                    || before.status() == CheckStatus.NOT_CONFIGURED) {
                continue;
            }
            if (before.installed() && !now.installed()) {
                changes.add(new Change(
                        now.featureKey(),
                        Kind.REVOKED,
                        true,
                        before.summary(),
                        now.summary(),
                        granted(before),
                        List.of()));
                continue;
            }
            if (!before.installed() && now.installed()) {
                changes.add(new Change(
                        now.featureKey(),
                        Kind.INSTALLED,
                        false,
                        before.summary(),
                        now.summary(),
                        List.of(),
                        granted(now)));
                continue;
            }
            if (!now.installed()) {
                continue;
            }
            List<String> lost = minus(granted(before), granted(now));
            List<String> gained = minus(granted(now), granted(before));
            boolean extraChanged = !before.delegated()
                            .extra()
                            .equals(now.delegated().extra())
                    || !before.application().extra().equals(now.application().extra());
            if (lost.isEmpty() && gained.isEmpty() && !extraChanged) {
                continue;
            }
            boolean applicationRevoked = !before.application().matching().isEmpty()
                    && now.application().matching().isEmpty();
            boolean lostRequired = !minus(matching(before), matching(now)).isEmpty() && now.status() != CheckStatus.OK;
            changes.add(new Change(
                    now.featureKey(),
                    applicationRevoked ? Kind.REVOKED : Kind.DRIFT,
                    lostRequired,
                    before.summary(),
                    now.summary(),
                    lost,
                    gained));
        }
        return changes;
    }

    /** Everything granted that the check saw: matching and extra, delegated and application ("app:" prefixed). */
    private static List<String> granted(FeatureCheck check) {
        TreeSet<String> all = new TreeSet<>();
        all.addAll(check.delegated().matching());
        all.addAll(check.delegated().extra());
        check.application().matching().forEach(s -> all.add("app:" + s));
        check.application().extra().forEach(s -> all.add("app:" + s));
        return List.copyOf(all);
    }

    private static List<String> matching(FeatureCheck check) {
        TreeSet<String> all = new TreeSet<>(check.delegated().matching());
        check.application().matching().forEach(s -> all.add("app:" + s));
        return List.copyOf(all);
    }

    private static List<String> minus(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }
}
