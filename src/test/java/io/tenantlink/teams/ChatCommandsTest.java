package io.tenantlink.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.teams.ChatCommands.Command;
import io.tenantlink.teams.ChatCommands.Kind;
import org.junit.jupiter.api.Test;

class ChatCommandsTest {

    private static Command parsed(String text) {
        return ChatCommands.parse(text).orElseThrow(() -> new AssertionError("not a command: " + text));
    }

    @Test
    void conversationIsLeftAlone() {
        assertTrue(ChatCommands.parse("Looking at the logs now").isEmpty());
        assertTrue(ChatCommands.parse("the !note inside a sentence").isEmpty());
        assertTrue(ChatCommands.parse("").isEmpty());
        assertTrue(ChatCommands.parse(null).isEmpty());
        assertTrue(ChatCommands.parse("!").isEmpty());
        assertTrue(ChatCommands.parse("! note spaced").isEmpty());
    }

    @Test
    void notesAndRepliesKeepTheirTextAndLines() {
        assertEquals(new Command(Kind.NOTE, "Rolled back 4.2"), parsed("  !note Rolled back 4.2 "));
        assertEquals(new Command(Kind.NOTE, "line one\nline two"), parsed("!NOTE line one\nline two"));
        assertEquals(new Command(Kind.NOTE, "first\nsecond"), parsed("!note\nfirst\nsecond"));
        assertEquals(new Command(Kind.REPLY, "We are on it."), parsed("!Reply We are on it."));
    }

    @Test
    void priorityAssignmentAndHelp() {
        assertEquals(new Command(Kind.PRIORITY, "P1"), parsed("!priority p1"));
        assertEquals(new Command(Kind.PRIORITY, "P5"), parsed("!PRIORITY P5"));
        assertEquals(new Command(Kind.ASSIGN_TO_SENDER, null), parsed("!assign me"));
        assertEquals(new Command(Kind.ASSIGN_TO_SENDER, null), parsed("!assign ME"));
        assertEquals(new Command(Kind.ASSIGN_TO_SENDER, null), parsed("!take"));
        assertEquals(new Command(Kind.HELP, null), parsed("!help"));
    }

    @Test
    void commandsWithoutWhatTheyNeedAreUnknown() {
        assertEquals(Kind.UNKNOWN, parsed("!note").kind());
        assertEquals(Kind.UNKNOWN, parsed("!priority P0").kind());
        assertEquals(Kind.UNKNOWN, parsed("!priority urgent").kind());
        assertEquals(Kind.UNKNOWN, parsed("!assign alex").kind());
        assertEquals(Kind.UNKNOWN, parsed("!take it").kind());
        assertEquals(new Command(Kind.UNKNOWN, "!escalate now"), parsed("!escalate now\nplease"));
        assertEquals(60, parsed("!x " + "y".repeat(100)).argument().length());
    }
}
