package io.tenantlink.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.catalog.FeatureView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantWideConsentTest {

    static final List<String> REQUIRED = List.of("Calendars.ReadWrite.Shared", "User.Read");
    static final List<String> OPTIONAL = List.of("Place.Read.All");

    @Test
    void noServicePrincipalMeansNothingGranted() {
        TenantWideConsent.Status s = TenantWideConsent.decide(null, REQUIRED, OPTIONAL);
        assertEquals(TenantWideConsent.State.NO_SERVICE_PRINCIPAL, s.state());
        assertEquals(REQUIRED, s.missing());
    }

    @Test
    void grantedWhenEveryRequiredScopeIsThereWhateverTheCase() {
        TenantWideConsent.Status s = TenantWideConsent.decide(
                Set.of("openid", "user.read", "Calendars.ReadWrite.Shared"), REQUIRED, OPTIONAL);
        assertEquals(TenantWideConsent.State.GRANTED, s.state());
        assertEquals(OPTIONAL, s.missingOptional());
    }

    @Test
    void missingScopesAreNamedAndOpenIdScopesAreNotGraphPermissions() {
        TenantWideConsent.Status s =
                TenantWideConsent.decide(Set.of("User.Read"), List.of("openid", "User.Read", "People.Read"), List.of());
        assertEquals(TenantWideConsent.State.MISSING_SCOPES, s.state());
        assertEquals(List.of("People.Read"), s.missing());
    }

    @Test
    void consentLinkScopesAreBaseRequiredAndOptionalInCatalogOrder() {
        FeatureCatalog catalog = FeatureCatalog.builtIn();
        FeatureApp meetings = catalog.feature("meetings").orElseThrow();
        assertEquals(
                "openid profile email offline_access Calendars.ReadWrite.Shared MailboxSettings.Read OnlineMeetings.ReadWrite "
                        + "User.Read User.ReadBasic.All",
                FeatureView.consentScope(catalog, meetings, false));
        assertEquals(
                FeatureView.consentScope(catalog, meetings, false) + " Place.Read.All",
                FeatureView.consentScope(catalog, meetings, true));
        FeatureView view = FeatureView.of(catalog, catalog.feature("chatops").orElseThrow(), null);
        assertEquals(
                "Chat.Create ChatMember.ReadWrite.All TeamsAppInstallation.ReadWriteSelfForChat.All User.Read.All",
                view.scopesOf("APPLICATION"));
        assertEquals(
                "feature.chatops.application.Chat.Create",
                view.rowsOf("APPLICATION").get(0).reasonKey());
    }
}
