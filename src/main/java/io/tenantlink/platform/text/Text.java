package io.tenantlink.platform.text;

import java.text.Normalizer;

/**
 * Text rules every input and every output of the portal shares (SECURITY.md 22): which characters are
 * refused at the door, NFC normalisation, audit details safe to log, CSV cells safe to open in a spreadsheet.
 */
public final class Text {

    private Text() {}

    /**
     * Whether the text has a character no one types on purpose: C0 and C1 controls (NUL, BEL, ESC, DEL …; tab,
     * CR and LF only where {@code lineBreaks}), bidirectional overrides, embeddings, isolates and marks (which
     * make text display differently from what it is, U+202E), lone surrogates and the noncharacters U+FFFE/U+FFFF.
     */
    public static boolean hasForbidden(String text, boolean lineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                if (!lineBreaks) {
                    return true;
                }
            } else if (forbidden(c)) {
                return true;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text without the characters {@link #hasForbidden} refuses (tab, CR and LF kept where {@code lineBreaks}):
     * for text from elsewhere (Microsoft) that is kept rather than refused.
     */
    public static String withoutForbidden(String text, boolean lineBreaks) {
        if (text == null || !hasForbidden(text, lineBreaks)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                if (lineBreaks) {
                    out.append(c);
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(++i));
                }
            } else if (!forbidden(c) && !Character.isLowSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean forbidden(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || bidi(c) || c == 0xFFFE || c == 0xFFFF;
    }

    private static boolean bidi(char c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    /** NFC, the form text is stored and compared in (the same name typed on two systems is the same string). */
    /** At most {@code max} characters of the value (null stays null): for columns of a fixed width. */
    public static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** At most {@code max} characters, the last one "…" when the value was cut (null stays null). */
    public static String shorten(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    public static String nfc(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * Text for an audit record or a log line: NFC, and every line break, control and bidi character written
     * as a visible escape (\n, \u001b), so a value can neither start a forged line nor hide what follows.
     * A backslash is doubled so escapes cannot be forged either.
     */
    public static String forAudit(String text) {
        if (text == null) {
            return null;
        }
        String normal = nfc(text);
        StringBuilder out = null;
        for (int i = 0; i < normal.length(); i++) {
            char c = normal.charAt(i);
            String escape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default ->
                    forbidden(c) || Character.isSurrogate(c) && !pairedAt(normal, i)
                            ? String.format("\\u%04x", (int) c)
                            : null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(normal.length() + 16).append(normal, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? normal : out.toString();
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * A CSV cell a spreadsheet shows as text (OWASP "CSV injection"): a value starting with = + - @ (also after
     * spaces, or their full-width forms) or with a tab or line break gets a leading apostrophe. Other values,
     * and everything that is not text (numbers, dates), are kept as they are. commons-csv has no such option.
     */
    public static Object csvCell(Object value) {
        if (!(value instanceof CharSequence chars) || chars.isEmpty()) {
            return value;
        }
        String text = chars.toString();
        char first = text.charAt(0);
        if (first == '\t' || first == '\r' || first == '\n') {
            return "'" + text;
        }
        String trimmed = text.stripLeading();
        if (!trimmed.isEmpty() && "=+-@\uFF1D\uFF0B\uFF0D\uFF20".indexOf(trimmed.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
