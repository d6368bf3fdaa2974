package io.tenantlink.doctor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The consent doctor's finding for one feature in one tenant: its status, and granted against
 * required for delegated scopes and for application permissions separately.
 */
public record FeatureCheck(
        String featureKey, String clientId, CheckStatus status, ScopeDiff delegated, ScopeDiff application) {

    public boolean installed() {
        return status == CheckStatus.OK || status == CheckStatus.MISSING;
    }

    /**
     * The scope parameter of an admin-consent request asking for just what is missing: the base
     * scopes and the missing delegated scopes. Application permissions cannot be asked for one by
     * one (the identity platform takes them only through {@code .default}), so when any is missing
     * the request is {@code https://graph.microsoft.com/.default}: everything the app registration
     * declares. Empty when nothing is missing.
     */
    public String fixScope(List<String> baseScopes) {
        if (status == CheckStatus.NOT_CONFIGURED || status == CheckStatus.OK) {
            return "";
        }
        if (!application.missing().isEmpty()) {
            return io.tenantlink.microsoft.SignInFlow.GRAPH_DEFAULT;
        }
        Set<String> scope = new LinkedHashSet<>(baseScopes);
        scope.addAll(delegated.missing());
        return String.join(" ", scope);
    }

    /** A short, stable summary for the audit log: "MISSING delegated missing: A B; application missing: C". */
    public String summary() {
        StringBuilder s = new StringBuilder(status.name());
        if (!delegated.missing().isEmpty()) {
            s.append("; delegated missing: ").append(String.join(" ", delegated.missing()));
        }
        if (!application.missing().isEmpty()) {
            s.append("; application missing: ").append(String.join(" ", application.missing()));
        }
        if (!delegated.extra().isEmpty()) {
            s.append("; delegated extra: ").append(String.join(" ", delegated.extra()));
        }
        if (!application.extra().isEmpty()) {
            s.append("; application extra: ").append(String.join(" ", application.extra()));
        }
        return s.toString();
    }
}
