package io.tenantlink.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credential warnings and where their dates came from, in the words the Warnings section shows. */
class WarningTextsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    @Test
    void aCredentialReadFromGraphIsNamedAndItsFixSaysToDeleteTheOldOne() {
        LifecycleWarning graph = new LifecycleWarning(
                1,
                new Finding(
                        WarningKind.CREDENTIAL_EXPIRY,
                        "chatops-secret/2f0c6a8e-1111-4a5b-8c6d-7e8f9a0b1c01",
                        Stage.DAYS_7,
                        "“TenantLink portal” (san…)",
                        Instant.parse("2026-12-14T00:00:00Z")),
                NOW);
        WarningTexts.Text text = WarningTexts.of(graph, Map.of());
        assertEquals(
                "The ChatOps app’s client secret “TenantLink portal” (san…) expires within 7 days, on 2026-12-14 00:00"
                        + " UTC",
                text.title());
        assertEquals(WarningTexts.ENTRA_APP_REGISTRATIONS, text.fixPath());
        assertEquals(
                "Add a new secret or certificate in Microsoft Entra (App registrations, Certificates & secrets), set it"
                        + " in the portal’s settings, restart the portal, then delete the old one",
                text.fixLabel());

        LifecycleWarning setting = new LifecycleWarning(
                1,
                new Finding(
                        WarningKind.CREDENTIAL_EXPIRY,
                        "management-certificate",
                        Stage.EXPIRED,
                        null,
                        Instant.parse("2020-01-01T00:00:00Z")),
                NOW);
        assertEquals(
                "The consent-management app’s certificate expired on 2020-01-01 00:00 UTC",
                WarningTexts.of(setting, Map.of()).title());
    }

    @Test
    void aForecastLinksToTheFeaturesPageAndToItsConsentAheadPage() {
        LifecycleWarning forecast = new LifecycleWarning(
                5,
                new Finding(
                        WarningKind.CONSENT_FORECAST,
                        "12/todo",
                        Stage.FORECAST,
                        "2027-01-15.1: Tasks.Read.Shared",
                        null),
                NOW);
        WarningTexts.Text text = WarningTexts.of(forecast, Map.of(12L, "Fabrikam"));
        assertEquals("Connection to Fabrikam: To Do will need new consent with catalog 2027-01-15.1", text.title());
        assertEquals("/sites/5/chat-tools/teams/12/features/todo", text.fixPath());
        assertEquals("/sites/5/chat-tools/teams/12/features/todo/ahead", text.aheadPath());
        assertEquals(
                null,
                WarningTexts.of(
                                new LifecycleWarning(
                                        5,
                                        new Finding(
                                                WarningKind.CONNECTION_SIGN_IN,
                                                "12",
                                                Stage.FAILING,
                                                "AADSTS700082",
                                                null),
                                        NOW),
                                Map.of())
                        .aheadPath(),
                "only forecasts have a consent-ahead page");
    }

    @Test
    void theSectionSaysWhereEachAppsDatesCameFromAndWhyGraphCouldNotBeRead() {
        assertEquals(
                List.of(
                        "From the portal’s settings (TENANTLINK_MICROSOFT_CLIENT_SECRET_EXPIRES, …) and certificate files"
                                + " only: no publisher tenant is set (TENANTLINK_MICROSOFT_PUBLISHER_TENANT), so Microsoft Graph"
                                + " is not asked."),
                WarningTexts.sources(false, List.of("chatops", "management"), Map.of()));

        CredentialSource chatops = source(
                "chatops",
                new RegistrationRead(
                        "chatops",
                        RegistrationRead.Outcome.READ,
                        null,
                        List.of(
                                new AppCredentials.Expiry("chatops-secret/k1", NOW, "a"),
                                new AppCredentials.Expiry("chatops-secret/k2", NOW, "b"),
                                new AppCredentials.Expiry("chatops-certificate/c1", NOW, "c"))));
        CredentialSource management = source(
                "management",
                new RegistrationRead(
                        "management",
                        RegistrationRead.Outcome.PERMISSION_MISSING,
                        "403 Authorization_RequestDenied",
                        List.of()));
        assertEquals(
                List.of(
                        "The ChatOps app: read from its app registration in the publisher tenant (Microsoft Graph) on"
                                + " 2026-12-07 02:00 UTC: 2 client secret(s), 1 certificate(s).",
                        "The consent-management app: from the portal’s settings and certificate file (checked"
                                + " 2026-12-07 02:00 UTC), because Microsoft Graph could not be read: Microsoft Graph"
                                + " refused to read the app registration (403 Authorization_RequestDenied); grant the app"
                                + " the application permission Application.Read.All in the publisher tenant."),
                WarningTexts.sources(
                        true, List.of("chatops", "management"), Map.of("chatops", chatops, "management", management)));

        CredentialSource refused = source(
                "chatops",
                new RegistrationRead("chatops", RegistrationRead.Outcome.SIGN_IN_REFUSED, "AADSTS700016", List.of()));
        assertEquals(
                List.of("The ChatOps app: from the portal’s settings and certificate file (checked 2026-12-07 02:00"
                        + " UTC), because Microsoft Graph could not be read: the app could not sign in to the"
                        + " publisher tenant (AADSTS700016); check TENANTLINK_MICROSOFT_PUBLISHER_TENANT and that"
                        + " the app is registered there."),
                WarningTexts.sources(true, List.of("chatops"), Map.of("chatops", refused)));
        assertEquals(
                List.of("The ChatOps app: not checked yet; a check reads its secrets and certificates from its app"
                        + " registration in the publisher tenant (Microsoft Graph)."),
                WarningTexts.sources(true, List.of("chatops"), Map.of()));
    }

    private static CredentialSource source(String app, RegistrationRead read) {
        CredentialSource source = new CredentialSource(app);
        source.record(read, NOW);
        return source;
    }
}
