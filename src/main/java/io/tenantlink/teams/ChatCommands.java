package io.tenantlink.teams;

import io.tenantlink.incident.Priority;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small grammar of an incident chat (docs/teams-commands.md): a message whose text starts with {@code !} and a
 * command word does something to the incident; every other message is conversation and is left alone.
 *
 * <pre>
 *   !note &lt;text&gt;        an internal note on the incident
 *   !reply &lt;text&gt;       a reply to the customer (recorded, handed to the service desk)
 *   !priority P1..P5     sets the priority
 *   !assign me | !take   assigns the incident to the sender
 *   !help                answers with this list
 * </pre>
 *
 * Command words are case-insensitive; the text keeps its case and line breaks.
 */
public final class ChatCommands {

    public enum Kind {
        NOTE,
        REPLY,
        PRIORITY,
        ASSIGN_TO_SENDER,
        HELP,
        /** Started like a command but is not one (or lacks its argument): answered with what is understood. */
        UNKNOWN
    }

    /** A parsed command; {@code argument} is the text, or the priority's name. */
    public record Command(Kind kind, String argument) {}

    private static final Pattern COMMAND = Pattern.compile("^!([A-Za-z]+)(?:[ \\t]+|(?=\\n)|$)(.*)$", Pattern.DOTALL);

    private ChatCommands() {}

    /** The command in a message's plain text, or empty for ordinary conversation. */
    public static Optional<Command> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String message = text.strip();
        Matcher m = COMMAND.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        String word = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2).strip();
        return Optional.of(
                switch (word) {
                    case "note" -> rest.isEmpty() ? unknown(message) : new Command(Kind.NOTE, rest);
                    case "reply" -> rest.isEmpty() ? unknown(message) : new Command(Kind.REPLY, rest);
                    case "priority" ->
                        priority(rest).map(p -> new Command(Kind.PRIORITY, p)).orElseGet(() -> unknown(message));
                    case "assign" ->
                        rest.equalsIgnoreCase("me") ? new Command(Kind.ASSIGN_TO_SENDER, null) : unknown(message);
                    case "take" -> rest.isEmpty() ? new Command(Kind.ASSIGN_TO_SENDER, null) : unknown(message);
                    case "help" -> new Command(Kind.HELP, null);
                    default -> unknown(message);
                });
    }

    private static Optional<String> priority(String text) {
        String p = text.toUpperCase(Locale.ROOT);
        for (Priority priority : Priority.values()) {
            if (priority.name().equals(p)) {
                return Optional.of(priority.name());
            }
        }
        return Optional.empty();
    }

    private static Command unknown(String message) {
        String first = message.lines().findFirst().orElse("");
        return new Command(Kind.UNKNOWN, io.tenantlink.platform.text.Text.shorten(first, 60));
    }
}
