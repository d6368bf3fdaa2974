package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ODataQueryTest {

    @Test
    void topDefaultsAndLimits() {
        assertEquals(100, ODataQuery.parse(null).top(100, 999));
        assertEquals(2, ODataQuery.parse("$top=2").top(100, 999));
        assertEquals(999, ODataQuery.parse("%24TOP=999").top(100, 999), "names are decoded and matched without case");
        GraphError tooMany = assertThrows(
                GraphError.class, () -> ODataQuery.parse("$top=1000").top(100, 999));
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.getMessage().contains("between 1 and 999"), tooMany.getMessage());
        assertEquals(
                400,
                assertThrows(GraphError.class, () -> ODataQuery.parse("$top=0").top(100, 999))
                        .status());
        assertEquals(
                "BadRequest",
                assertThrows(
                                GraphError.class,
                                () -> ODataQuery.parse("$top=two").top(100, 999))
                        .code());
    }

    @Test
    void skipIsRefusedInGraphsWords() {
        GraphError skip = assertThrows(
                GraphError.class, () -> ODataQuery.parse("$top=5&$skip=5").allowOnly(List.of("$top")));
        assertEquals("BadRequest", skip.code());
        assertTrue(skip.getMessage().startsWith("Query option 'Skip' is not allowed"), skip.getMessage());
        assertEquals(
                "Request_UnsupportedQuery",
                assertThrows(
                                GraphError.class,
                                () -> ODataQuery.parse("$orderby=displayName").allowOnly(List.of("$top")))
                        .code());
        assertEquals(
                "BadRequest",
                assertThrows(
                                GraphError.class,
                                () -> ODataQuery.parse("$nonsense=1").allowOnly(List.of()))
                        .code());
        ODataQuery.parse("$TOP=1&api-version=x").allowOnly(List.of("$top"));
    }

    @Test
    void anOptionTwiceIsRefused() {
        assertEquals(
                400,
                assertThrows(GraphError.class, () -> ODataQuery.parse("$top=1&$Top=2"))
                        .status());
    }

    @Test
    void selectGivesCanonicalNamesAndRefusesUnknownOnes() {
        assertEquals(
                List.of("displayName", "mail"),
                ODataQuery.parse("$select=DisplayName,%20mail,displayname")
                        .select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user"));
        assertEquals(
                List.of(), ODataQuery.parse("$top=1").select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user"));
        GraphError unknown = assertThrows(
                GraphError.class,
                () -> ODataQuery.parse("$select=id,shoeSize")
                        .select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user"));
        assertEquals(
                "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.", unknown.getMessage());
    }

    @Test
    void valuesAreDecodedLikeAQueryString() {
        assertEquals(
                "mail eq 'a+b@x'",
                ODataQuery.parse("$filter=mail+eq+'a%2Bb@x'").option("$filter").orElseThrow());
    }

    @Test
    void rawWithoutKeepsTheClientsEncodingAndOrder() {
        ODataQuery q = ODataQuery.parse("$top=2&$filter=startswith(displayName,%27A%27)&$skiptoken=abc&$select=id");
        assertEquals("$top=2&$filter=startswith(displayName,%27A%27)&$select=id", q.rawWithout("$skiptoken"));
        assertEquals("$top=2", ODataQuery.parse("$top=2&$SkipToken=x").rawWithout("$skiptoken"));
    }
}
