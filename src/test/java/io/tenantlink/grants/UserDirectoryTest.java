package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserDirectoryTest {

    static String filterOf(String url) {
        String query = url.substring(url.indexOf('?') + 1);
        String filter = Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith("$filter="))
                .findFirst()
                .orElseThrow()
                .substring(8);
        return URLDecoder.decode(filter, StandardCharsets.UTF_8);
    }

    @Test
    void aSearchLooksAtNamesMailAndUserNamesAndLimitsTheResults() {
        String url = UserDirectory.usersQuery("ade");
        assertTrue(url.startsWith("/users?$filter="), url);
        assertTrue(url.endsWith("&$select=id,displayName,mail,userPrincipalName&$top=25"), url);
        assertEquals(
                "startswith(displayName,'ade') or startswith(givenName,'ade') or startswith(surname,'ade')"
                        + " or startswith(mail,'ade') or startswith(userPrincipalName,'ade')",
                filterOf(url));
        assertFalse(url.contains(" ") || url.contains("'") || url.contains("+"), "URL-encoded, spaces as %20: " + url);
    }

    @Test
    void singleQuotesAreDoubledSoTheTextStaysOneLiteral() {
        String filter = filterOf(UserDirectory.usersQuery("o'brien') or startswith(displayName,'"));
        assertTrue(filter.startsWith("startswith(displayName,'o''brien'') or startswith(displayName,''')"), filter);
        assertEquals("'it''s'", UserDirectory.literal("it's"));
        String ampersand = UserDirectory.usersQuery("a&$top=999");
        assertTrue(ampersand.endsWith("&$top=25") && ampersand.contains("%26%24top%3D999"), ampersand);
    }

    @Test
    void anObjectIdIsAlsoLookedUpAsSuch() {
        String id = UUID.randomUUID().toString();
        assertTrue(filterOf(UserDirectory.usersQuery(id)).endsWith(" or id eq '" + id + "'"));
        assertFalse(filterOf(UserDirectory.usersQuery("adele")).contains("id eq"));
    }

    @Test
    void pickedUsersAreNamedFifteenAtATime() {
        List<String> ids = List.of("a", "b");
        assertEquals("id in ('a','b')", filterOf(UserDirectory.usersByIdQuery(ids)));
        assertEquals(15, UserDirectory.IDS_PER_REQUEST, "Graph's limit for in on directory objects");
    }

    @Test
    void searchTextIsTrimmedAndBounded() {
        assertEquals("", UserDirectory.searchText(null));
        assertEquals("ade", UserDirectory.searchText("  ade \t"));
        assertEquals("x".repeat(100), UserDirectory.searchText("x".repeat(100)));
        InvalidInputException tooLong =
                assertThrows(InvalidInputException.class, () -> UserDirectory.searchText("x".repeat(101)));
        assertEquals("grants.search.error.tooLong", tooLong.messageKey());
        assertEquals(
                "grants.search.error.characters",
                assertThrows(InvalidInputException.class, () -> UserDirectory.searchText("a\u0000b"))
                        .messageKey());
    }

    @Test
    void pickedIdsMustBeObjectIdsAndAreDeduplicated() {
        String id = UUID.randomUUID().toString();
        assertEquals(List.of(id), UserDirectory.objectIds(Arrays.asList(id.toUpperCase(), " " + id + " ", "", null)));
        assertEquals(
                "grants.search.error.notAnId",
                assertThrows(
                                InvalidInputException.class,
                                () -> UserDirectory.objectIds(List.of("adele@contoso.example")))
                        .messageKey());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= UserDirectory.MAX_PICKED; i++) {
            many.add(UUID.randomUUID().toString());
        }
        assertEquals(
                "grants.search.error.tooManyPicked",
                assertThrows(InvalidInputException.class, () -> UserDirectory.objectIds(many))
                        .messageKey());
        assertEquals(
                UserDirectory.MAX_PICKED,
                UserDirectory.objectIds(many.subList(0, UserDirectory.MAX_PICKED))
                        .size());
    }

    @Test
    void graphsAnswerIsReadWithItsNextLinkAndMissingMail() throws Exception {
        UserDirectory.Page page = UserDirectory.parse(
                "{\"value\":[{\"id\":\"1\",\"displayName\":\"Adele Vance\",\"mail\":null,"
                        + "\"userPrincipalName\":\"adele@contoso.example\"}],\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/users?$skiptoken=x\"}");
        assertTrue(page.more());
        UserDirectory.DirectoryUser adele = UserDirectory.user(page.items().get(0));
        assertEquals("adele@contoso.example", adele.contact(), "no mailbox: the user name");
        assertEquals("a@b", new UserDirectory.DirectoryUser("1", "A", "a@b", "upn").contact());
        assertFalse(UserDirectory.parse("{\"value\":[]}").more());
    }
}
