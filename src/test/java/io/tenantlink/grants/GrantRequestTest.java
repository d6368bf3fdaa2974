package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.platform.InvalidInputException;

class GrantRequestTest {

    final FeatureCatalog catalog = FeatureCatalog.builtIn();

    @Test
    void theFeatureScopesIncludeTheOpenIdScopesAndTheOptionalOnesWhenAsked() {
        GrantRequest plain = GrantRequest.of(catalog, "meetings", false, List.of(), List.of(" ABC ", "abc", "def"));
        assertTrue(plain.scopes().containsAll(List.of("openid", "profile", "email", "offline_access", "OnlineMeetings.ReadWrite")));
        assertTrue(!plain.scopes().contains("Place.Read.All"));
        assertEquals(List.of("abc", "def"), plain.userIds(), "trimmed, lower-cased, de-duplicated");
        assertTrue(GrantRequest.of(catalog, "meetings", true, List.of(), List.of("a")).scopes().contains("Place.Read.All"));
    }

    @Test
    void badInputIsRefusedBeforeAnythingStarts() {
        assertEquals("grants.error.feature", assertThrows(InvalidInputException.class,
                () -> GrantRequest.of(catalog, "nope", false, List.of(), List.of("a"))).messageKey());
        InvalidInputException scope = assertThrows(InvalidInputException.class,
                () -> GrantRequest.of(catalog, "todo", false, List.of("Tasks.Read", "Mail.Send"), List.of("a")));
        assertEquals("grants.error.scope", scope.messageKey());
        assertEquals("Mail.Send", scope.arguments()[0]);
        assertEquals("grants.error.noUsers", assertThrows(InvalidInputException.class,
                () -> GrantRequest.of(catalog, "todo", false, List.of(), List.of(" "))).messageKey());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= GrantRequest.MAX_USERS; i++) {
            many.add("u" + i);
        }
        assertEquals("grants.error.tooManyUsers", assertThrows(InvalidInputException.class,
                () -> GrantRequest.of(catalog, "todo", false, List.of(), many)).messageKey());
        assertEquals(GrantRequest.MAX_USERS, GrantRequest.of(catalog, "todo", false, List.of(), many.subList(0, GrantRequest.MAX_USERS))
                .userIds().size(), "a group of 100,000 members is one job");
    }

    @Test
    void explicitScopesKeepTheRequiredOnes() {
        GrantRequest r = GrantRequest.of(catalog, "calendar", false, List.of("Place.Read.All"), List.of("a"));
        assertTrue(r.scopes().containsAll(List.of("Place.Read.All", "Calendars.ReadWrite", "openid")));
    }
}
