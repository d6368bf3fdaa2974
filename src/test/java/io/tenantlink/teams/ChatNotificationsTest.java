package io.tenantlink.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.teams.ChatNotifications.Lifecycle;
import io.tenantlink.teams.ChatNotifications.Notification;
import io.tenantlink.teams.ChatReceiveMode.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatNotificationsTest {

    static final String CHAT = "19:ab12cd34ef56ab12cd34ef56ab12cd34@thread.v2";

    @Test
    void graphsChangeNotificationsAreRead() {
        List<Notification> read = ChatNotifications.parse(
                "{\"value\":[{\"subscriptionId\":\"7f105c7d-2dc5-4530-97cd-4e7ae6534c07\","
                        + "\"clientState\":\"secret\",\"changeType\":\"created\",\"resource\":\"chats('" + CHAT
                        + "')/messages('1616965872395')\",\"subscriptionExpirationDateTime\":\"2026-12-06T16:00:00Z\","
                        + "\"tenantId\":\"84bd8158-6d4d-4958-8b9f-9d6445542f95\",\"resourceData\":{\"id\":\"1616965872395\"}}]}");
        assertEquals(
                List.of(new Notification(
                        "7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
                        "secret",
                        "created",
                        "chats('" + CHAT + "')/messages('1616965872395')",
                        "84bd8158-6d4d-4958-8b9f-9d6445542f95",
                        null)),
                read);
    }

    @Test
    void resourceDataAndValidationTokensAreRead() {
        ChatNotifications.Batch batch = ChatNotifications.parseBatch("{\"value\":[{\"subscriptionId\":\"s1\","
                + "\"clientState\":\"secret\",\"changeType\":\"created\",\"resource\":\"chats('" + CHAT
                + "')/messages('1616965872395')\",\"tenantId\":\"t\",\"encryptedContent\":{\"data\":\"d\","
                + "\"dataKey\":\"k\",\"dataSignature\":\"s\",\"encryptionCertificateId\":\"c\","
                + "\"encryptionCertificateThumbprint\":\"T\"}}],\"validationTokens\":[\"jwt1\",3,\"jwt2\"]}");
        assertEquals(List.of("jwt1", "jwt2"), batch.validationTokens());
        assertEquals(
                new io.tenantlink.microsoft.NotificationContent.Encrypted("d", "k", "s", "c", "T"),
                batch.notifications().get(0).encrypted());
        assertTrue(ChatNotifications.aboutMessage(batch.notifications().get(0).resource(), "1616965872395"));
        assertFalse(ChatNotifications.aboutMessage(batch.notifications().get(0).resource(), "1616965872394"));
        assertFalse(ChatNotifications.aboutMessage(batch.notifications().get(0).resource(), "5872395"));
        assertTrue(ChatNotifications.aboutMessage("/chats/" + CHAT + "/messages/42", "42"));
        assertNull(ChatNotifications.parse("{\"value\":[{\"subscriptionId\":\"s1\"}]}")
                .get(0)
                .encrypted());
    }

    @Test
    void lifecycleEventsAreRead() {
        Notification n = ChatNotifications.parse(
                        "{\"value\":[{\"subscriptionId\":\"x\",\"clientState\":\"s\",\"lifecycleEvent\":\"subscriptionRemoved\"}]}")
                .get(0);
        assertEquals(Lifecycle.SUBSCRIPTION_REMOVED, Lifecycle.of(n.lifecycleEvent()));
        assertEquals(Lifecycle.REAUTHORIZATION_REQUIRED, Lifecycle.of("reauthorizationRequired"));
        assertEquals(Lifecycle.MISSED, Lifecycle.of("missed"));
        assertNull(Lifecycle.of("somethingNew"));
    }

    @Test
    void anythingElseIsNotANotificationBody() {
        for (String body : List.of("", "[]", "{}", "{\"value\":3}", "{\"value\":[]}", "{\"value\":[1]}", "not json")) {
            assertThrows(IllegalArgumentException.class, () -> ChatNotifications.parse(body), body);
        }
        assertThrows(IllegalArgumentException.class, () -> ChatNotifications.parse(null));
    }

    @Test
    void theClientStateIsRandomAndOnlyItsHashIsCompared() {
        String a = ChatNotifications.newClientState();
        String b = ChatNotifications.newClientState();
        assertNotEquals(a, b);
        assertTrue(a.length() >= 40 && a.length() <= 128, a);
        String stored = ChatNotifications.hash(a);
        assertEquals(64, stored.length());
        assertFalse(stored.contains(a));
        assertTrue(ChatNotifications.clientStateMatches(a, stored));
        assertFalse(ChatNotifications.clientStateMatches(b, stored));
        assertFalse(ChatNotifications.clientStateMatches(null, stored));
        assertFalse(ChatNotifications.clientStateMatches(a, null));
        assertFalse(ChatNotifications.clientStateMatches(stored, stored), "the hash itself is not the secret");
    }

    @Test
    void aNotificationIsAboutItsSubscriptionsChatOnly() {
        assertTrue(ChatNotifications.aboutChat("chats('" + CHAT + "')/messages('1')", CHAT));
        assertTrue(ChatNotifications.aboutChat("chats('" + CHAT.toUpperCase() + "')/messages('1')", CHAT));
        assertTrue(ChatNotifications.aboutChat("/chats/" + CHAT + "/messages/1", CHAT));
        assertFalse(ChatNotifications.aboutChat("chats('19:other@thread.v2')/messages('1')", CHAT));
        assertFalse(ChatNotifications.aboutChat("chats('" + CHAT + "x')/messages('1')", CHAT));
        assertFalse(ChatNotifications.aboutChat("users/x/messages", CHAT));
        assertFalse(ChatNotifications.aboutChat(null, CHAT));
    }

    @Test
    void theValidationTokenIsEchoedWhenItIsPlainText() {
        String token = "Validation: Testing client application reachability for subscription Request-Id: 1234";
        assertEquals(token, ChatNotifications.validationAnswer(token));
        assertNull(ChatNotifications.validationAnswer(""));
        assertNull(ChatNotifications.validationAnswer("a\nb"));
        assertNull(ChatNotifications.validationAnswer("x".repeat(ChatNotifications.MAX_VALIDATION_TOKEN + 1)));
    }

    @Test
    void notificationsNeedAnHttpsPublicUrlOrTheSandboxesLoopback() {
        assertEquals(Mode.NOTIFICATIONS, ChatReceiveMode.decide("auto", "https://portal.example/", false, false));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("off", "https://portal.example/", false, false));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("auto", "http://portal.example/", false, false));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("auto", "http://localhost:8080/", false, false));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("auto", "http://localhost:8080/", false, true));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("auto", "http://localhost:8080/", true, false));
        assertEquals(Mode.NOTIFICATIONS, ChatReceiveMode.decide("auto", "http://localhost:8080/", true, true));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("auto", "http://portal.example/", true, true));
        assertEquals(Mode.POLLING, ChatReceiveMode.decide("auto", "", false, false));
    }

    @Test
    void afterAStartEveryChatIsReadOnceInNotificationModeOnly() {
        // What a stop dropped (a notification answered, its read still queued) is read ten seconds after the start,
        // not at the safety poll; polling mode's next poll reads it anyway.
        assertEquals(
                java.util.Optional.of(java.time.Duration.ofSeconds(10)),
                ChatReceiveMode.catchUpAfterStart(Mode.NOTIFICATIONS));
        assertEquals(java.util.Optional.empty(), ChatReceiveMode.catchUpAfterStart(Mode.POLLING));
    }
}
