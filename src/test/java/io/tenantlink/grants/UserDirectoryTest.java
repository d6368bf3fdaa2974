package io.tenantlink.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.platform.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserDirectoryTest {

    @Test
    void pickedUsersAreNamedFifteenAtATime() {
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
    void aUserWithoutMailboxIsReachedByUserName() {
        UserDirectory.DirectoryUser adele =
                UserDirectory.user(new GraphGateway.GraphUser("1", "Adele Vance", null, "adele@contoso.example"));
        assertEquals("adele@contoso.example", adele.contact(), "no mailbox: the user name");
        assertEquals("a@b", new UserDirectory.DirectoryUser("1", "A", "a@b", "upn").contact());
    }
}
