package io.tenantlink.platform.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MailSettingsTest {

    private static MailSettings read(Map<String, String> values) {
        return MailSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutAHostEMailIsNotConfigured() {
        MailSettings none = read(Map.of("tenantlink.smtp.from", "portal@example.com"));
        assertFalse(none.configured());
        assertEquals("SMTP not configured", none.toString());
        assertFalse(read(Map.of("tenantlink.smtp.host", "  ")).configured(), "blank is unset");
    }

    @Test
    void startTlsIsTheRequiredDefaultWithCheckedCertificates() {
        MailSettings s =
                read(Map.of("tenantlink.smtp.host", "smtp.example.com", "tenantlink.smtp.from", "p@example.com"));
        assertTrue(s.configured());
        assertNull(s.problem());
        assertEquals(MailSettings.Security.STARTTLS, s.security());
        assertEquals(587, s.port());
        Properties p = s.sessionProperties();
        assertEquals("true", p.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", p.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("20000", p.getProperty("mail.smtp.connectiontimeout"));
        assertEquals("20000", p.getProperty("mail.smtp.timeout"));
        assertEquals("20000", p.getProperty("mail.smtp.writetimeout"));
        assertEquals("false", p.getProperty("mail.smtp.auth"));
    }

    @Test
    void implicitTlsAndPlainHaveTheirPorts() {
        MailSettings tls = read(Map.of(
                "tenantlink.smtp.host",
                "h",
                "tenantlink.smtp.from",
                "p@example.com",
                "tenantlink.smtp.security",
                "TLS"));
        assertEquals(465, tls.port());
        assertEquals("smtps", tls.sessionProperties().getProperty("mail.transport.protocol"));
        assertEquals("true", tls.sessionProperties().getProperty("mail.smtps.ssl.enable"));
        MailSettings plain = read(Map.of(
                "tenantlink.smtp.host",
                "127.0.0.1",
                "tenantlink.smtp.from",
                "p@example.com",
                "tenantlink.smtp.security",
                "none",
                "tenantlink.smtp.port",
                "2525",
                "tenantlink.smtp.timeout-seconds",
                "3"));
        assertEquals(2525, plain.port());
        assertNull(plain.problem());
        assertEquals("3000", plain.sessionProperties().getProperty("mail.smtp.timeout"));
        assertFalse(plain.sessionProperties().containsKey("mail.smtp.starttls.enable"));
    }

    @Test
    void settingsThatCannotWorkSayWhy() {
        assertTrue(read(Map.of("tenantlink.smtp.host", "h")).problem().contains("TENANTLINK_SMTP_FROM"));
        assertTrue(read(Map.of(
                        "tenantlink.smtp.host",
                        "h",
                        "tenantlink.smtp.from",
                        "p@x.example",
                        "tenantlink.smtp.security",
                        "ssl"))
                .problem()
                .contains("TENANTLINK_SMTP_SECURITY"));
        assertTrue(read(Map.of(
                        "tenantlink.smtp.host",
                        "h",
                        "tenantlink.smtp.from",
                        "p@x.example",
                        "tenantlink.smtp.port",
                        "x"))
                .problem()
                .contains("TENANTLINK_SMTP_PORT"));
        String noClearText = read(Map.of(
                        "tenantlink.smtp.host",
                        "h",
                        "tenantlink.smtp.from",
                        "p@x.example",
                        "tenantlink.smtp.security",
                        "none",
                        "tenantlink.smtp.username",
                        "u"))
                .problem();
        assertTrue(noClearText.contains("never sent without encryption"), noClearText);
    }

    @Test
    void thePasswordIsNeverShown() {
        MailSettings s = read(Map.of(
                "tenantlink.smtp.host",
                "smtp.example.com",
                "tenantlink.smtp.from",
                "p@example.com",
                "tenantlink.smtp.username",
                "mailer",
                "tenantlink.smtp.password",
                "S3cret-Value"));
        assertFalse(s.toString().contains("S3cret-Value"), s.toString());
        assertTrue(s.toString().contains("as mailer"), s.toString());
        assertFalse(s.sessionProperties().toString().contains("S3cret-Value"));
        assertEquals("true", s.sessionProperties().getProperty("mail.smtp.auth"));
    }
}
