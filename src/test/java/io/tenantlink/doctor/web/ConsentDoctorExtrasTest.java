package io.tenantlink.doctor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.doctor.CheckStatus;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.doctor.ScopeDiff;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentDoctorExtrasTest {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();
    static final String MAIL_APP = "e7185a25-9df9-4d05-b779-76b04bf46424";

    static ConsentDoctorController.FeatureRow row(
            String feature, String clientId, List<String> delegatedExtra, List<String> appExtra) {
        return new ConsentDoctorController.FeatureRow(
                CATALOG.feature(feature).orElseThrow(),
                new FeatureCheck(
                        feature,
                        clientId,
                        CheckStatus.OK,
                        new ScopeDiff(List.of("User.Read"), List.of(), delegatedExtra),
                        new ScopeDiff(List.of(), List.of(), appExtra)),
                null);
    }

    @Test
    void oneMessagePerAppRegistrationNamingItsFeaturesAndExtras() {
        List<ConsentDoctorController.ExtraPermissions> extras = ConsentDoctorController.extras(List.of(
                row("email", MAIL_APP, List.of("Sites.Read.All"), List.of()),
                row("meetings", MAIL_APP.toUpperCase(), List.of("Sites.Read.All", "Files.Read"), List.of()),
                row("todo", "32d752a1-8945-4600-97c9-73ed32c3627a", List.of(), List.of()),
                row("chatops", "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f", List.of(), List.of("Group.Read.All"))));
        assertEquals(2, extras.size(), "To Do asks for nothing extra; Email and Meetings share one registration");
        assertEquals(MAIL_APP, extras.get(0).clientId());
        assertEquals(
                List.of("doctor.feature.email", "doctor.feature.meetings"),
                extras.get(0).featureNameKeys());
        assertEquals("Files.Read, Sites.Read.All", extras.get(0).getDelegatedText());
        assertTrue(extras.get(0).application().isEmpty());
        assertEquals("Group.Read.All", extras.get(1).getApplicationText());
    }

    @Test
    void nothingExtraNoMessage() {
        assertTrue(ConsentDoctorController.extras(
                        List.of(row("todo", "32d752a1-8945-4600-97c9-73ed32c3627a", List.of(), List.of())))
                .isEmpty());
    }
}
