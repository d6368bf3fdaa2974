package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ODataFilterTest {

    private static final Map<String, Object> ADELE = Map.of(
            "id",
            "b1e2c3d4-0003",
            "mail",
            "adele.vance@contoso.example",
            "userPrincipalName",
            "adele@contoso.example",
            "displayName",
            "Adele Vance",
            "userType",
            "Member");

    private static boolean matches(String filter, Map<String, Object> object) {
        return ODataFilter.parse(filter, GraphDispatcher.USER_FILTER).test(object::get);
    }

    @Test
    void eqComparesWithoutCaseAsEntraDoes() {
        assertTrue(matches("mail eq 'Adele.Vance@Contoso.example'", ADELE));
        assertTrue(matches("userPrincipalName eq 'ADELE@contoso.example'", ADELE));
        assertFalse(matches("mail eq 'adele@contoso.example'", ADELE));
        assertTrue(matches("Mail EQ 'adele.vance@contoso.example'", ADELE), "property names and keywords ignore case");
    }

    @Test
    void startsWithInAndCombinations() {
        assertTrue(matches("startswith(displayName,'adele')", ADELE));
        assertTrue(matches("startsWith(displayName, 'Ad')", ADELE));
        assertFalse(matches("startswith(displayName,'Vance')", ADELE));
        assertTrue(matches("id in ('x', 'B1E2C3D4-0003')", ADELE));
        assertFalse(matches("id in ('x','y')", ADELE));
        assertTrue(matches("mail eq 'nobody' or userType eq 'member'", ADELE));
        assertFalse(matches("mail eq 'nobody' and userType eq 'member'", ADELE));
        assertTrue(matches("(mail eq 'nobody' or displayName eq 'adele vance') and userType eq 'Member'", ADELE));
        assertFalse(
                matches("mail eq 'nobody' or displayName eq 'x' and userType eq 'Member'", ADELE),
                "and binds tighter than or");
    }

    @Test
    void quotesInLiteralsAreDoubled() {
        Map<String, Object> obrien = Map.of("displayName", "Miles O'Brien");
        assertTrue(matches("displayName eq 'Miles O''Brien'", obrien));
        assertTrue(matches("startswith(displayName,'miles o''')", obrien));
    }

    @Test
    void nullAndMultiValuedProperties() {
        assertFalse(matches("givenName eq 'Adele'", ADELE));
        assertTrue(ODataFilter.parse("clientId in ('a','b')", GraphDispatcher.GRANT_FILTER)
                .test(p -> List.of("z", "B")));
    }

    @Test
    void unsupportedPropertiesAndOperatorsAreGraphsUnsupportedQuery() {
        GraphError property = assertThrows(GraphError.class, () -> matches("otherMails eq 'x'", ADELE));
        assertEquals(400, property.status());
        assertEquals("Request_UnsupportedQuery", property.code());
        assertEquals(
                "Unsupported or invalid query filter clause specified for property 'otherMails' of resource 'User'.",
                property.getMessage());
        assertEquals(
                "Request_UnsupportedQuery",
                assertThrows(
                                GraphError.class,
                                () -> matches("userType in ('Guest') or startswith(userType,'G')", ADELE))
                        .code());
        assertEquals(
                "Request_UnsupportedQuery",
                assertThrows(GraphError.class, () -> matches("mail ne 'x'", ADELE))
                        .code());
        assertEquals(
                "Request_UnsupportedQuery",
                assertThrows(GraphError.class, () -> matches("endswith(mail,'.example')", ADELE))
                        .code());
        assertEquals(
                "Request_UnsupportedQuery",
                assertThrows(
                                GraphError.class,
                                () -> ODataFilter.parse("consentType in ('Principal')", GraphDispatcher.GRANT_FILTER))
                        .code());
    }

    @Test
    void syntaxErrorsAreBadRequest() {
        for (String bad : List.of(
                "",
                "mail eq",
                "mail eq adele",
                "mail eq 'x",
                "(mail eq 'x'",
                "mail eq 'x')",
                "mail 'x'",
                "mail eq 'x' and",
                "id in ()",
                "startswith(displayName 'x')")) {
            GraphError error = assertThrows(GraphError.class, () -> matches(bad, ADELE), bad);
            assertEquals("BadRequest", error.code(), bad);
            assertTrue(error.getMessage().startsWith("Invalid filter clause"), error.getMessage());
        }
    }
}
