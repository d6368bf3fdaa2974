package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** user@odata.bind values as Graph's chat and member bodies carry them. */
class ODataBindTest {

    @Test
    void theKeyInParenthesesIsAnIdOrAUserPrincipalName() {
        assertEquals(
                Optional.of("b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03"),
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users('b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03')"));
        assertEquals(
                Optional.of("adele@contoso.example"),
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users('adele@contoso.example')"));
        assertEquals(
                Optional.of("adele@contoso.example"),
                ODataBind.userKey("https://graph.microsoft.com/beta/users('adele@contoso.example')"));
        assertEquals(
                Optional.of("lee@contoso.example"),
                ODataBind.userKey(" HTTPS://Graph.Microsoft.com/v1.0/Users('lee@contoso.example') "));
    }

    @Test
    void aSlashSegmentAndPercentEncodingAndEscapedQuotesAreRead() {
        assertEquals(
                Optional.of("lee@contoso.example"),
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users/lee@contoso.example"));
        assertEquals(
                Optional.of("guest_fabrikam.example#EXT#@contoso.example"),
                ODataBind.userKey(
                        "https://graph.microsoft.com/v1.0/users('guest_fabrikam.example%23EXT%23@contoso.example')"));
        assertEquals(
                Optional.of("o'neil@contoso.example"),
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users('o''neil@contoso.example')"));
        assertEquals(
                Optional.of("a+b@contoso.example"),
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users('a+b@contoso.example')"));
    }

    @Test
    void anythingElseIsNotAUserLink() {
        assertTrue(ODataBind.userKey(null).isEmpty());
        assertTrue(ODataBind.userKey("").isEmpty());
        assertTrue(ODataBind.userKey("users('x')").isEmpty(), "relative links are not accepted");
        assertTrue(
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users('')").isEmpty());
        assertTrue(ODataBind.userKey("https://graph.microsoft.com/v1.0/groups('x')")
                .isEmpty());
        assertTrue(ODataBind.userKey("https://evil.example/v1.0/users('x')").isEmpty());
        assertTrue(
                ODataBind.userKey("https://graph.microsoft.com/v2.0/users('x')").isEmpty());
        assertTrue(ODataBind.userKey("https://graph.microsoft.com/v1.0/users('x')/manager")
                .isEmpty());
        assertTrue(
                ODataBind.userKey("https://graph.microsoft.com/v1.0/users/a/b").isEmpty());
    }
}
