package io.tenantlink.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.doctor.CheckStatus;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.doctor.ScopeDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The re-consent forecast: what a next catalog version will ask a tenant for that it has not granted. */
class ConsentForecastTest {

    static final String NEXT = """
            {"version": "2027-01-15.1", "baseScopes": ["openid", "profile", "email", "offline_access"],
             "features": [
               {"key": "email", "clientIdSetting": "tenantlink.catalog.email.client-id",
                "exampleClientId": "e7185a25-9df9-4d05-b779-76b04bf46424",
                "required": ["Mail.ReadWrite.Shared", "Mail.Send.Shared", "User.Read", "MailboxSettings.Read"],
                "optional": [], "application": []},
               {"key": "todo", "clientIdSetting": "tenantlink.catalog.todo.client-id",
                "exampleClientId": "a7185a25-9df9-4d05-b779-76b04bf46424",
                "required": ["Tasks.ReadWrite"], "optional": [], "application": ["Tasks.Read.All"]}
             ]}
            """;

    static FeatureCheck check(String key, CheckStatus status, List<String> delegated, List<String> application) {
        return new FeatureCheck(
                key,
                "client",
                status,
                new ScopeDiff(delegated, List.of(), List.of()),
                new ScopeDiff(application, List.of(), List.of()));
    }

    @Test
    void aNewRequiredScopeOfAnInstalledFeatureIsForecast() {
        FeatureCatalog next = FeatureCatalog.parse(NEXT);
        List<FeatureCheck> last = List.of(
                check(
                        "email",
                        CheckStatus.OK,
                        List.of("Mail.ReadWrite.Shared", "Mail.Send.Shared", "User.Read"),
                        List.of()),
                check("todo", CheckStatus.OK, List.of("Tasks.ReadWrite"), List.of()),
                check("calendar", CheckStatus.OK, List.of("Calendars.ReadWrite"), List.of()));
        assertEquals(
                List.of(
                        new ConsentForecast.Need("email", List.of("MailboxSettings.Read"), List.of()),
                        new ConsentForecast.Need("todo", List.of(), List.of("Tasks.Read.All"))),
                ConsentForecast.needs(next, last));
        assertEquals(
                List.of("Tasks.Read.All (application)"),
                ConsentForecast.need(next, last, "todo").orElseThrow().missing());
        assertEquals(Optional.empty(), ConsentForecast.need(next, last, "calendar"));
    }

    @Test
    void featuresNotInstalledOrAlreadyGrantedNeedNothing() {
        FeatureCatalog next = FeatureCatalog.parse(NEXT);
        List<FeatureCheck> last = List.of(
                check("email", CheckStatus.NOT_INSTALLED, List.of(), List.of()),
                check("todo", CheckStatus.OK, List.of("Tasks.ReadWrite"), List.of("Tasks.Read.All")));
        assertEquals(List.of(), ConsentForecast.needs(next, last));
    }

    @Test
    void theNextCatalogIsReadFromItsSetting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("next.json");
        Files.writeString(file, NEXT);
        assertEquals(
                "2027-01-15.1",
                ConsentForecast.next(k -> Optional.ofNullable(Map.of("tenantlink.catalog.next", file.toString())
                                .get(k)))
                        .orElseThrow()
                        .version());
        assertEquals(Optional.empty(), ConsentForecast.next(k -> Optional.empty()));
        Files.writeString(file, "{not json");
        assertEquals(
                Optional.empty(),
                ConsentForecast.next(k -> Optional.ofNullable(
                        Map.of("tenantlink.catalog.next", file.toString()).get(k))));
    }
}
