package io.tenantlink.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry dates from settings, and a certificate's notAfter from the PKCS#12 file itself. */
class AppCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void secretExpiriesComeFromTheSettings() {
        Map<String, String> settings = Map.of(
                "tenantlink.microsoft.client-secret-expires", "2027-03-01",
                "tenantlink.microsoft.management-client-secret-expires", "2027-04-01T12:00:00Z");
        List<AppCredentials.Expiry> found = AppCredentials.read(k -> Optional.ofNullable(settings.get(k)));
        assertEquals(
                List.of(
                        new AppCredentials.Expiry("chatops-secret", Instant.parse("2027-03-01T00:00:00Z")),
                        new AppCredentials.Expiry("management-secret", Instant.parse("2027-04-01T12:00:00Z"))),
                found);
    }

    @Test
    void graphsDatesReplaceTheSettingsOfTheAppsItReadAndOnlyThose() {
        AppCredentials.Expiry chatopsSetting =
                new AppCredentials.Expiry("chatops-secret", Instant.parse("2020-01-01T00:00:00Z"));
        AppCredentials.Expiry chatopsCertificate =
                new AppCredentials.Expiry("chatops-certificate", Instant.parse("2027-01-01T00:00:00Z"));
        AppCredentials.Expiry managementSetting =
                new AppCredentials.Expiry("management-secret", Instant.parse("2027-04-01T00:00:00Z"));
        AppCredentials.Expiry inUse = new AppCredentials.Expiry(
                "chatops-secret/k1", Instant.parse("2026-12-14T00:00:00Z"), "“TenantLink portal” (san…)");
        AppCredentials.Expiry old =
                new AppCredentials.Expiry("chatops-secret/k2", Instant.parse("2026-12-01T00:00:00Z"), "“Old”");
        List<AppCredentials.Expiry> settings = List.of(chatopsSetting, chatopsCertificate, managementSetting);

        // The ChatOps registration read: its settings' secret and certificate file are warned once, with Graph's dates;
        // the management app's registration could not be read (403): its settings stay.
        assertEquals(
                List.of(inUse, old, managementSetting),
                AppCredentials.merge(
                        settings,
                        List.of(
                                new RegistrationRead(
                                        "chatops", RegistrationRead.Outcome.READ, null, List.of(inUse, old)),
                                new RegistrationRead(
                                        "management",
                                        RegistrationRead.Outcome.PERMISSION_MISSING,
                                        "403 Authorization_RequestDenied",
                                        List.of()))));
        // Nothing read (no publisher tenant, or every read refused): the settings as they are.
        assertEquals(settings, AppCredentials.merge(settings, List.of()));
        assertEquals(
                settings,
                AppCredentials.merge(
                        settings,
                        List.of(new RegistrationRead(
                                "chatops", RegistrationRead.Outcome.SIGN_IN_REFUSED, "AADSTS700016", List.of()))));
        assertEquals("chatops", inUse.app());
        assertEquals("management", managementSetting.app());
    }

    @Test
    void aDateThatIsNotOneIsIgnored() {
        assertEquals(
                List.of(),
                AppCredentials.read(k -> k.endsWith("secret-expires") ? Optional.of("next March") : Optional.empty()));
    }

    @Test
    void aCertificatesNotAfterIsReadFromItsPkcs12File() throws Exception {
        Path file = dir.resolve("chatops.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "chatops",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=TenantLink ChatOps",
                        "-validity",
                        "7",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        assertTrue(
                keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        Map<String, String> settings = Map.of(
                "tenantlink.microsoft.client-certificate",
                file.toString(),
                "tenantlink.microsoft.client-certificate-password",
                "changeit");
        List<AppCredentials.Expiry> found = AppCredentials.read(k -> Optional.ofNullable(settings.get(k)));
        assertEquals(1, found.size());
        assertEquals("chatops-certificate", found.get(0).subject());
        Duration left = Duration.between(Instant.now(), found.get(0).expiresAt());
        assertTrue(left.compareTo(Duration.ofDays(6)) > 0 && left.compareTo(Duration.ofDays(8)) < 0, left.toString());
        assertEquals(
                Optional.of(Stage.DAYS_7), WarningRules.stageOf(found.get(0).expiresAt(), Instant.now()));
    }

    @Test
    void anUnreadableCertificateGivesNoDate() {
        assertEquals(Optional.empty(), AppCredentials.notAfter(dir.resolve("missing.p12"), ""));
    }
}
