package io.tenantlink.platform.mail;

/** What became of one e-mail: sent to the SMTP server, failed (with a plain reason), or e-mail is not configured. */
public record MailResult(Outcome outcome, String reason) {

    public enum Outcome {
        SENT,
        FAILED,
        NOT_CONFIGURED
    }

    public static MailResult sent() {
        return new MailResult(Outcome.SENT, null);
    }

    public static MailResult failed(String reason) {
        return new MailResult(Outcome.FAILED, reason);
    }

    public static MailResult notConfigured() {
        return new MailResult(Outcome.NOT_CONFIGURED, null);
    }
}
