package io.tenantlink.platform.mail;

/**
 * One plain-text e-mail to one recipient. The subject and the recipient's name are single lines: line breaks and other
 * control characters are replaced by spaces here, so no text can add a header.
 */
public record MailMessage(String toAddress, String toName, String subject, String body) {

    public static final int MAX_SUBJECT = 250;

    public MailMessage {
        toAddress = toAddress == null ? "" : toAddress.strip();
        toName = toName == null ? null : oneLine(toName);
        subject = oneLine(subject);
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT - 1) + "…";
        }
        body = body == null ? "" : body;
    }

    /** The text on one line: CR, LF and every other control character become a space. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                line.append(' ');
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString().strip();
    }
}
