package io.tenantlink.platform.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sender against GreenMail on 127.0.0.1: what arrives, header injection, a server that is down, no server. */
class MailSenderTest {

    private static final int PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", "smtp"));

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MailSender sender(int port) {
        Map<String, String> values = Map.of(
                "tenantlink.smtp.host", "127.0.0.1",
                "tenantlink.smtp.port", Integer.toString(port),
                "tenantlink.smtp.security", "none",
                "tenantlink.smtp.from", "tenantlink@example.com",
                "tenantlink.smtp.timeout-seconds", "5");
        return new MailSender(MailSettings.read(key -> Optional.ofNullable(values.get(key))));
    }

    @Test
    void aPlainTextMailArrivesWithItsSubjectAndRecipient() throws Exception {
        MailResult result = sender(PORT)
                .send(new MailMessage("ann@example.com", "Ann Zoë", "[INC-1] Down — update", "Back up.\nWe watch.\n"));
        assertEquals(MailResult.Outcome.SENT, result.outcome(), result.reason());
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("[INC-1] Down — update", received[0].getSubject());
        InternetAddress to = (InternetAddress) received[0].getAllRecipients()[0];
        assertEquals("ann@example.com", to.getAddress());
        assertEquals("Ann Zoë", to.getPersonal());
        assertEquals("tenantlink@example.com", ((InternetAddress) received[0].getFrom()[0]).getAddress());
        assertTrue(GreenMailUtil.getBody(received[0]).contains("We watch."), GreenMailUtil.getBody(received[0]));
        assertTrue(received[0].getContentType().startsWith("text/plain"), received[0].getContentType());
    }

    @Test
    void noTextAddsAHeaderOrARecipient() throws Exception {
        MailResult result = sender(PORT)
                .send(new MailMessage(
                        "ann@example.com", "Ann\r\nBcc: eve@example.com", "Down\r\nBcc: eve@example.com", "body"));
        assertEquals(MailResult.Outcome.SENT, result.outcome(), result.reason());
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length, "nobody else got it");
        assertEquals(1, received[0].getAllRecipients().length);
        assertNull(received[0].getHeader("Bcc"));
        assertEquals("Down  Bcc: eve@example.com", received[0].getSubject());

        MailResult twoAddresses =
                sender(PORT).send(new MailMessage("ann@example.com, eve@example.com", null, "s", "b"));
        assertEquals(MailResult.Outcome.FAILED, twoAddresses.outcome());
        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    @Test
    void aServerThatIsDownGivesAPlainReason() {
        MailResult result = sender(freePort()).send(new MailMessage("ann@example.com", null, "s", "b"));
        assertEquals(MailResult.Outcome.FAILED, result.outcome());
        assertTrue(result.reason().contains("could not be reached"), result.reason());
    }

    @Test
    void withoutAHostNothingIsSent() {
        MailSender none = new MailSender(MailSettings.read(key -> Optional.empty()));
        assertEquals(
                MailResult.Outcome.NOT_CONFIGURED,
                none.send(new MailMessage("a@example.com", null, "s", "b")).outcome());
    }
}
