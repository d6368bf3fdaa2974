package io.tenantlink.platform.mail;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sends plain-text e-mail through the configured SMTP server ({@link MailSettings}) with Jakarta Mail (Payara Micro
 * ships Angus Mail). One message per call, one recipient per message; the caller records the {@link MailResult}. It
 * blocks for at most the configured timeouts: call it outside request threads and transactions.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class.getName());
    private static final int MAX_REASON = 300;

    private MailSettings settings;

    public MailSender() {}

    /** For tests and callers outside CDI. */
    public MailSender(MailSettings settings) {
        this.settings = settings;
    }

    @PostConstruct
    void readSettings() {
        if (settings == null) {
            Config config = ConfigProvider.getConfig();
            settings = MailSettings.read(key -> config.getOptionalValue(key, String.class));
            LOG.info(() -> "E-mail: " + settings
                    + (settings.problem() == null ? "" : "; it cannot send: " + settings.problem()));
        }
    }

    /** Whether an SMTP host is configured (it may still fail: see {@link MailSettings#problem()}). */
    public boolean configured() {
        return settings.configured();
    }

    public MailResult send(MailMessage mail) {
        if (!settings.configured()) {
            return MailResult.notConfigured();
        }
        if (settings.problem() != null) {
            return MailResult.failed(settings.problem());
        }
        try {
            Session session = Session.getInstance(settings.sessionProperties());
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from(), true));
            InternetAddress to = new InternetAddress(mail.toAddress(), true);
            if (mail.toName() != null && !mail.toName().isEmpty()) {
                to.setPersonal(mail.toName(), StandardCharsets.UTF_8.name());
            }
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.body(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            if (settings.authenticates()) {
                Transport.send(message, settings.username(), settings.password());
            } else {
                Transport.send(message);
            }
            return MailResult.sent();
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            String reason = reason(e);
            LOG.log(Level.WARNING, "E-mail to a stakeholder was not sent: {0}", reason);
            return MailResult.failed(reason);
        }
    }

    /** The failure in plain words: never the password, at most one line of the server's answer. */
    String reason(Exception failure) {
        String server = settings.host() + ":" + settings.port();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException) {
                return "the SMTP server " + server + " refused the portal's sign-in";
            }
            if (t instanceof ConnectException) {
                return "the SMTP server " + server + " could not be reached (connection refused)";
            }
            if (t instanceof SocketTimeoutException) {
                return "the SMTP server " + server + " did not answer within " + settings.timeoutSeconds() + " seconds";
            }
            if (t instanceof UnknownHostException) {
                return "the SMTP host name " + settings.host() + " is unknown";
            }
            if (t instanceof SSLException) {
                return shorten("TLS with the SMTP server " + server + " failed: " + t.getMessage());
            }
            if (t instanceof AddressException) {
                return "the address is not a valid e-mail address";
            }
            if (t instanceof SendFailedException) {
                return shorten("the SMTP server " + server + " refused the address: " + t.getMessage());
            }
        }
        return shorten("the SMTP server " + server + " answered: " + failure.getMessage());
    }

    private static String shorten(String text) {
        String line = MailMessage.oneLine(text);
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 1) + "…";
    }
}
