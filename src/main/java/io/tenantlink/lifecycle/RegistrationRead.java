package io.tenantlink.lifecycle;

import java.util.List;

/**
 * What the lifecycle check learned of one of the portal's app registrations in the publisher tenant: its secrets' and
 * certificates' dates as Microsoft Graph listed them ({@link Outcome#READ}), or why Graph could not be read. {@code
 * app}: "chatops" or "management"; {@code detail}: Microsoft's code or status (AADSTS700016, "403
 * Authorization_RequestDenied"), never a secret.
 */
public record RegistrationRead(String app, Outcome outcome, String detail, List<AppCredentials.Expiry> expiries) {

    /** How reading the app registration went; every outcome but READ leaves the settings' dates in use. */
    public enum Outcome {
        /** Graph listed the app registration's secrets and certificates. */
        READ,
        /** Microsoft refused the app's app-only token in the publisher tenant (not registered there, unknown tenant). */
        SIGN_IN_REFUSED,
        /** Graph answered 403: the app lacks Application.Read.All in the publisher tenant. */
        PERMISSION_MISSING,
        /** Graph answered 404: the publisher tenant holds no app registration with the client id. */
        NOT_FOUND,
        /** Graph refused otherwise (401, another status, an answer that is not an application). */
        GRAPH_REFUSED,
        /** Neither Microsoft's token endpoint nor Graph answered in time. */
        UNANSWERED
    }

    public RegistrationRead {
        expiries = expiries == null ? List.of() : List.copyOf(expiries);
    }

    static RegistrationRead failed(String app, Outcome outcome, String detail) {
        return new RegistrationRead(app, outcome, detail, List.of());
    }
}
