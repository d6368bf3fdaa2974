package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.platform.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantRequestTest {

    final FeatureCatalog catalog = FeatureCatalog.builtIn();
    static final String A = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String B = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";

    @Test
    void theFeatureScopesIncludeTheOpenIdScopesAndTheOptionalOnesWhenAsked() {
        GrantRequest plain =
                GrantRequest.of(catalog, "meetings", false, List.of(), List.of(" " + A.toUpperCase() + " ", A, B));
        assertTrue(plain.scopes()
                .containsAll(List.of("openid", "profile", "email", "offline_access", "OnlineMeetings.ReadWrite")));
        assertTrue(!plain.scopes().contains("Place.Read.All"));
        assertEquals(List.of(A, B), plain.userIds(), "trimmed, lower-cased, de-duplicated");
        assertTrue(GrantRequest.of(catalog, "meetings", true, List.of(), List.of(A))
                .scopes()
                .contains("Place.Read.All"));
    }

    @Test
    void badInputIsRefusedBeforeAnythingStarts() {
        assertEquals(
                "grants.error.feature",
                assertThrows(
                                InvalidInputException.class,
                                () -> GrantRequest.of(catalog, "nope", false, List.of(), List.of(A)))
                        .messageKey());
        InvalidInputException scope = assertThrows(
                InvalidInputException.class,
                () -> GrantRequest.of(catalog, "todo", false, List.of("Tasks.Read", "Mail.Send"), List.of(A)));
        assertEquals("grants.error.scope", scope.messageKey());
        assertEquals("Mail.Send", scope.arguments()[0]);
        assertEquals(
                "grants.error.noUsers",
                assertThrows(
                                InvalidInputException.class,
                                () -> GrantRequest.of(catalog, "todo", false, List.of(), List.of(" ")))
                        .messageKey());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= GrantRequest.MAX_USERS; i++) {
            many.add(String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", i));
        }
        assertEquals(
                "grants.error.tooManyUsers",
                assertThrows(
                                InvalidInputException.class,
                                () -> GrantRequest.of(catalog, "todo", false, List.of(), many))
                        .messageKey());
        assertEquals(
                GrantRequest.MAX_USERS,
                GrantRequest.of(catalog, "todo", false, List.of(), many.subList(0, GrantRequest.MAX_USERS))
                        .userIds()
                        .size(),
                "a group of 100,000 members is one job");
    }

    @Test
    void malformedIdsAForgedFeatureAndAnOptionalFlagWithoutOptionalScopesAreRefused() {
        InvalidInputException malformed = assertThrows(
                InvalidInputException.class,
                () -> GrantRequest.of(
                        catalog, "todo", false, List.of(), List.of(A, "megan@contoso.example", "Lee Gu", "x")));
        assertEquals("grants.error.userIds", malformed.messageKey());
        assertEquals(3, malformed.arguments()[0]);
        assertEquals("megan@contoso.example, lee gu, x", malformed.arguments()[1]);
        assertEquals(
                "grants.error.feature",
                assertThrows(
                                InvalidInputException.class,
                                () -> GrantRequest.of(catalog, "chatops", false, List.of(), List.of(A)))
                        .messageKey(),
                "not offered on the page");
        InvalidInputException optional = assertThrows(
                InvalidInputException.class, () -> GrantRequest.of(catalog, "todo", true, List.of(), List.of(A)));
        assertEquals("grants.error.noOptional", optional.messageKey());
        assertEquals("todo", optional.arguments()[0]);
    }

    @Test
    void explicitScopesKeepTheRequiredOnes() {
        GrantRequest r = GrantRequest.of(catalog, "calendar", false, List.of("Place.Read.All"), List.of(A));
        assertTrue(r.scopes().containsAll(List.of("Place.Read.All", "Calendars.ReadWrite", "openid")));
    }
}
