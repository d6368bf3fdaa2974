package io.tenantlink.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The app a record concerns, from the subjects and details the writers use. */
class AuditAppTest {

    private static final List<String> KEYS = List.of("chatops", "teams", "teams-portal", "email");

    private static Optional<String> app(String subject, String detail) {
        return AuditApp.keyOf(subject, detail, KEYS);
    }

    @Test
    void recordsNameTheirApp() {
        assertEquals(Optional.of("chatops"), app("connection 4", "Microsoft account megan@contoso; can consent"));
        assertEquals(Optional.of("chatops"), app("connection 4", null));
        assertEquals(Optional.of("chatops"), app("connection 4", "link 9 (chatops-2026-12)"));
        assertEquals(Optional.of("teams"), app("connection 4", "link 9 (feature:teams:2026-12-06.1)"));
        assertEquals(
                Optional.of("teams-portal"),
                app("connection 4", "link 9 (feature:teams-portal:2026-12-06.1:optional)"));
        assertEquals(Optional.of("email"), app("feature email (connection 4)", "verified"));
        assertEquals(Optional.of("email"), app("feature email", "Microsoft redirect reports consent"));
        assertEquals(Optional.of("teams"), app("job 3", "app 89d5 (teams), 4 users, scopes: Chat.ReadWrite"));
        assertEquals(Optional.of("teams-portal"), app("job 3", "app a47e (teams-portal), 4 users"));
        assertEquals(Optional.of("email"), app("connection 4", "no link for feature email: the connection became X"));
        assertEquals(Optional.empty(), app("site Acme", null));
        assertEquals(Optional.empty(), app("account sam", "feature flags"));
    }

    @Test
    void likeHasOnlyThePercentWildcard() {
        assertTrue(AuditApp.like("feature teams (connection 1)", "feature teams (%"));
        assertFalse(AuditApp.like("feature teams-portal (connection 1)", "feature teams (%"));
        assertTrue(AuditApp.like("abc", "%"));
        assertTrue(AuditApp.like("abc", "a%c"));
        assertFalse(AuditApp.like("ab", "a%b%b"));
        assertFalse(AuditApp.like(null, "%"));
        assertTrue(AuditApp.like("x", "x"));
    }
}
