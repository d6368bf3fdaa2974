package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MicrosoftRoutesTest {

    private final MicrosoftRoutes sandbox = TestRoutes.standIn(URI.create("http://127.0.0.1:8080"));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"
                        + "|http://127.0.0.1:8080/sandbox/login/organizations/v2.0/.well-known/openid-configuration",
                "https://graph.microsoft.com/v1.0/users?$top=5|http://127.0.0.1:8080/sandbox/graph/v1.0/users?$top=5",
                "https://login.microsoftonline.com/x/oauth2/v2.0/token|http://127.0.0.1:8080/sandbox/login/x/oauth2/v2.0/token",
                // encoded characters and $-parameters kept byte for byte
                "https://graph.microsoft.com/v1.0/users?$filter=mail%20eq%20'a%2Bb%40contoso.com'&$select=id,mail"
                        + "|http://127.0.0.1:8080/sandbox/graph/v1.0/users?$filter=mail%20eq%20'a%2Bb%40contoso.com'&$select=id,mail",
                "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc%3D%3D|http://127.0.0.1:8080/sandbox/graph/v1.0/users/delta?$deltatoken=abc%3D%3D",
                "https://graph.microsoft.com/v1.0/users/a%2Fb|http://127.0.0.1:8080/sandbox/graph/v1.0/users/a%2Fb",
                // trailing slashes stay, an empty path becomes the prefix's root
                "https://login.microsoftonline.com/common/|http://127.0.0.1:8080/sandbox/login/common/",
                "https://login.microsoftonline.com/|http://127.0.0.1:8080/sandbox/login/",
                "https://login.microsoftonline.com|http://127.0.0.1:8080/sandbox/login/",
                // empty query kept, fragment dropped, host case and explicit :443 tolerated
                "https://graph.microsoft.com/v1.0/me?|http://127.0.0.1:8080/sandbox/graph/v1.0/me?",
                "https://login.microsoftonline.com/t/v2.0/adminconsent?state=s#frag|http://127.0.0.1:8080/sandbox/login/t/v2.0/adminconsent?state=s",
                "https://Graph.Microsoft.COM:443/v1.0/me|http://127.0.0.1:8080/sandbox/graph/v1.0/me",
            })
    void routesMicrosoftToTheSandbox(String microsoft, String expected) {
        assertEquals(expected, sandbox.route(URI.create(microsoft)).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com/login.microsoftonline.com/x",
                "https://login.microsoftonline.com.evil.example/x",
                "https://graph.microsoft.com.evil.example/v1.0/me",
                "https://login.windows.net/common/discovery/instance",
                "https://127.0.0.1:8080/sandbox/login/x",
                "mailto:someone@contoso.com",
            })
    void leavesOtherHostsAlone(String other) {
        URI uri = URI.create(other);
        assertSame(uri, sandbox.route(uri));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://login.microsoftonline.com/x",
                "https://login.microsoftonline.com:8443/x",
                "https://user@graph.microsoft.com/v1.0/me",
            })
    void refusesNonStandardMicrosoftUrisWhenRouted(String odd) {
        assertThrows(IllegalArgumentException.class, () -> sandbox.route(URI.create(odd)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
                "https://graph.microsoft.com/v1.0/users?$top=5&$filter=a%20eq%20b",
                "http://login.microsoftonline.com/x",
                "https://example.com/",
            })
    void productionIsTheIdentity(String uri) {
        URI u = URI.create(uri);
        assertSame(u, MicrosoftRoutes.none().route(u));
        assertFalse(MicrosoftRoutes.none().active());
        assertEquals("https://login.microsoftonline.com", MicrosoftRoutes.none().loginBase());
    }

    @Test
    void sandboxIsActiveAndNormalisesItsOrigin() {
        MicrosoftRoutes withSlash = TestRoutes.standIn(URI.create("HTTP://localhost:9090/"));
        assertTrue(withSlash.active());
        assertEquals("http://localhost:9090/sandbox/login", withSlash.loginBase());
        assertEquals(
                "http://localhost:9090/sandbox/graph/v1.0/me",
                withSlash
                        .route(URI.create("https://graph.microsoft.com/v1.0/me"))
                        .toString());
    }

    @Test
    void ipv6OriginWorks() {
        MicrosoftRoutes v6 = TestRoutes.standIn(URI.create("http://[::1]:8080"));
        assertEquals(
                "http://[::1]:8080/sandbox/login/x",
                v6.route(URI.create("https://login.microsoftonline.com/x")).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "login.microsoftonline.com=ftp://127.0.0.1",
                "login.microsoftonline.com=localhost:8080",
                "graph.microsoft.com=http://127.0.0.1:8080/?a=b",
                "graph.microsoft.com=http://u:p@127.0.0.1:8080",
                "graph.microsoft.com=http:///nohost",
                "example.com=http://127.0.0.1:8080/x",
                "graph.microsoft.com",
                "=http://127.0.0.1"
            })
    void refusesTablesItDoesNotUnderstand(String bad) {
        assertThrows(IllegalArgumentException.class, () -> MicrosoftRoutes.parse(bad));
    }

    @Test
    void aTableRoutesEachHostToItsOwnBase() {
        MicrosoftRoutes routes = MicrosoftRoutes.parse(
                " login.microsoftonline.com=http://127.0.0.1:9/id/ ;Graph.Microsoft.com=https://proxy.example:8443/g\n");
        assertEquals(
                "http://127.0.0.1:9/id/common/oauth2/v2.0/token",
                routes.route(URI.create("https://login.microsoftonline.com/common/oauth2/v2.0/token"))
                        .toString());
        assertEquals(
                "https://proxy.example:8443/g/v1.0/users",
                routes.route(URI.create("https://graph.microsoft.com/v1.0/users"))
                        .toString());
        assertSame(MicrosoftRoutes.none(), MicrosoftRoutes.parse("  "));
    }

    @Test
    void onlyTheRoutedHostMoves() {
        MicrosoftRoutes loginOnly = MicrosoftRoutes.parse("login.microsoftonline.com=http://127.0.0.1:9/id");
        URI graph = URI.create("https://graph.microsoft.com/v1.0/me");
        assertSame(graph, loginOnly.route(graph));
    }
}
