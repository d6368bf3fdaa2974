package io.tenantlink.review;

import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.text.Text;
import io.tenantlink.site.PlanGates;
import io.tenantlink.site.SitePlan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of post-incident reviews, in plain Java ({@code ReviewRulesTest}): who may do what under which plan
 * ({@link PlanGates#postIncidentReview}: Premium and Enterprise; after a downgrade a review is kept, read-only), what a
 * summary and an action item may hold, and how a chat message becomes a line of text.
 */
public final class ReviewRules {

    public static final int MAX_SUMMARY = 4000;
    public static final int MAX_DESCRIPTION = 500;
    public static final int MAX_OWNER = 200;
    public static final int MAX_MESSAGE = 4000;
    public static final int MAX_SENDER = 256;
    /** An export keeps at most this many messages, the newest. */
    public static final int MAX_CHAT_MESSAGES = 2000;

    static final LocalDate EARLIEST_DUE = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST_DUE = LocalDate.of(2099, 12, 31);

    private ReviewRules() {}

    /** What a person gets of an incident's review. */
    public enum Mode {
        /** The plan opens reviews and the person may work the incident: they write. */
        WRITE,
        /** The plan opens reviews; the person reads only (an auditor). */
        READ,
        /** The plan no longer opens reviews: the review written before the downgrade is kept, read-only. */
        KEPT,
        /** The plan does not open reviews and the incident has none: the page explains the gate. */
        GATED
    }

    public static Mode mode(SitePlan plan, boolean reviewExists, boolean mayWork) {
        if (!PlanGates.postIncidentReview(plan)) {
            return reviewExists ? Mode.KEPT : Mode.GATED;
        }
        return mayWork ? Mode.WRITE : Mode.READ;
    }

    /** The plan's gate for every change: closed below Premium, whether or not a review exists. */
    public static void requireOpen(SitePlan plan) {
        if (!PlanGates.postIncidentReview(plan)) {
            throw new GateClosed(plan);
        }
    }

    /** A change refused because the site's plan does not open reviews (the page answers 403 and explains). */
    public static final class GateClosed extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        GateClosed(SitePlan plan) {
            super("review.error.gate");
        }
    }

    /** The summary as stored: NFC, LF line breaks, trimmed; empty clears it. */
    public static String summary(String value) {
        String text = multiLine(value);
        if (text.length() > MAX_SUMMARY) {
            throw new InvalidInputException("review.error.summary", MAX_SUMMARY);
        }
        if (Text.hasForbidden(text, true)) {
            throw new InvalidInputException("review.error.characters");
        }
        return text;
    }

    /** An action item as stored: exactly one owner (a person's id, or text), the due date optional. */
    public record Item(String description, Long ownerPersonId, String ownerText, LocalDate due) {}

    /**
     * Checks an action item: description required (one line, at most {@link #MAX_DESCRIPTION}); the owner a person
     * ({@code ownerPersonId}, checked by the caller to be of the site) or free text (at most {@link #MAX_OWNER}), not
     * both and not neither; the due date empty or {@code yyyy-MM-dd} between 2000 and 2099.
     */
    public static Item item(String description, Long ownerPersonId, String ownerText, String due) {
        String text = oneLine(description);
        if (text.isEmpty() || text.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("review.error.description", MAX_DESCRIPTION);
        }
        String owner = oneLine(ownerText);
        if (owner.length() > MAX_OWNER) {
            throw new InvalidInputException("review.error.ownerText", MAX_OWNER);
        }
        if (ownerPersonId == null && owner.isEmpty() || ownerPersonId != null && !owner.isEmpty()) {
            throw new InvalidInputException("review.error.owner");
        }
        return new Item(text, ownerPersonId, owner.isEmpty() ? null : owner, dueDate(due));
    }

    static LocalDate dueDate(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.isBefore(EARLIEST_DUE) || date.isAfter(LATEST_DUE)) {
                throw new InvalidInputException("review.error.dueDate");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("review.error.dueDate");
        }
    }

    /** Whether an open item is past its due date on {@code today}. */
    public static boolean overdue(LocalDate due, boolean done, LocalDate today) {
        return !done && due != null && due.isBefore(today);
    }

    // --- the chat's messages -----------------------------------------------------------------------------------

    /** A chat message as a review keeps it. */
    public record Line(String sender, Instant sentAt, String text) {}

    /** What an export keeps: the messages oldest first, as plain text, sender and text cut to the columns' sizes. */
    public static List<Line> lines(List<ChatTranscripts.Message> newestFirst) {
        List<Line> lines = new ArrayList<>();
        for (int i = Math.min(newestFirst.size(), MAX_CHAT_MESSAGES) - 1; i >= 0; i--) {
            ChatTranscripts.Message m = newestFirst.get(i);
            String text = m.content() == null ? "" : m.html() ? plainText(m.content()) : clean(m.content());
            String sender = m.sender() == null ? null : cut(clean(oneLineOf(m.sender())), MAX_SENDER);
            lines.add(new Line(sender == null || sender.isBlank() ? null : sender, m.sentAt(), cut(text, MAX_MESSAGE)));
        }
        return lines;
    }

    private static final Pattern DROPPED_BLOCKS =
            Pattern.compile("(?is)<(script|style|head)\\b[^>]*>.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern BREAKS = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|tr|h[1-6]|blockquote)\\s*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"),
            Map.entry("lt", "<"),
            Map.entry("gt", ">"),
            Map.entry("quot", "\""),
            Map.entry("apos", "'"),
            Map.entry("nbsp", " "),
            Map.entry("ndash", "\u2013"),
            Map.entry("mdash", "\u2014"),
            Map.entry("hellip", "\u2026"),
            Map.entry("lsquo", "\u2018"),
            Map.entry("rsquo", "\u2019"),
            Map.entry("ldquo", "\u201C"),
            Map.entry("rdquo", "\u201D"));

    /**
     * The text of a message's HTML body: line breaks where the markup breaks lines, every tag dropped (scripts, styles
     * and comments with their content), entities decoded once, controls and bidi characters removed. The result is
     * only ever shown as text (th:text), so what the markup held can never become markup again.
     */
    public static String plainText(String html) {
        String text = DROPPED_BLOCKS.matcher(html).replaceAll("");
        text = BREAKS.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        text = decode(text);
        return clean(text);
    }

    private static String decode(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = m.group();
            if (name.startsWith("#")) {
                replacement = ""; // a character that cannot be: dropped
                try {
                    int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                            ? Integer.parseInt(name.substring(2), 16)
                            : Integer.parseInt(name.substring(1));
                    if (Character.isValidCodePoint(code) && code != 0) {
                        replacement = new String(Character.toChars(code));
                    }
                } catch (NumberFormatException e) {
                    // dropped
                }
            } else if (NAMED.containsKey(name)) {
                replacement = NAMED.get(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** NFC, LF line breaks, no forbidden characters, no blank runs of lines, trimmed. */
    private static String clean(String text) {
        String t = Text.withoutForbidden(
                Text.nfc(text).replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' '), true);
        StringBuilder out = new StringBuilder();
        int blank = 0;
        for (String line : t.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            out.append(stripped);
            blank = 0;
        }
        return out.toString();
    }

    // --- text ----------------------------------------------------------------------------------------------------

    /** Who did something, as the timeline names them (cut to the column). */
    static String actor(String actor) {
        return cut(actor == null ? "" : actor, 200);
    }

    private static String multiLine(String value) {
        return value == null
                ? ""
                : Text.nfc(value).replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    private static String oneLine(String value) {
        String text = value == null ? "" : Text.nfc(value).strip();
        if (Text.hasForbidden(text, false)) {
            throw new InvalidInputException("review.error.characters");
        }
        return text;
    }

    private static String oneLineOf(String value) {
        return value.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
