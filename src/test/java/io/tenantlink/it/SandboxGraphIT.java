package io.tenantlink.it;

import static io.tenantlink.it.GraphJson.asMap;
import static io.tenantlink.it.GraphJson.assertGraphError;
import static io.tenantlink.it.GraphJson.error;
import static io.tenantlink.it.GraphJson.json;
import static io.tenantlink.it.GraphJson.status;
import static io.tenantlink.it.GraphJson.values;
import static io.tenantlink.it.GraphSandboxClient.CHATOPS;
import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static io.tenantlink.it.GraphSandboxClient.EMAIL;
import static io.tenantlink.it.GraphSandboxClient.FABRIKAM;
import static io.tenantlink.it.GraphSandboxClient.TODO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URL;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Microsoft Graph stand-in over HTTP, with tokens from the sandbox's own identity platform:
 * authentication and permissions, users (paging, filters, $select, delta), nested group members, the
 * organization, $batch, throttling and fault injection; and service principals (an app reading its own),
 * grants and app role assignments (created and deleted), which must agree with what the consent pages wrote.
 *
 * <p>The built-in directory has no app that can be granted Application.*, DelegatedPermissionGrant.*
 * or AppRoleAssignment.* permissions, so the tests that read or write service principals, grants and
 * assignments with a positive answer need this registration in the directory's "applications"
 * (and those delegated permissions in "adminOnlyScopes"); until it is there they are skipped:
 * <pre>
 * {"appId": "0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10", "displayName": "Sandbox Graph administration (tests)",
 *  "clientSecret": "sandbox-graph-admin-secret",
 *  "redirectUris": ["{portal}/microsoft/callback", "{portal}/microsoft/consent-callback"],
 *  "delegatedScopes": ["User.Read", "Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All",
 *                      "AppRoleAssignment.ReadWrite.All", "Directory.Read.All"],
 *  "applicationPermissions": ["Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All",
 *                             "AppRoleAssignment.ReadWrite.All", "Directory.Read.All"]}
 * </pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxGraphIT {

    static final GraphSandboxClient.App GRAPH_ADMIN =
            new GraphSandboxClient.App("0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10", "sandbox-graph-admin-secret");
    static final String CONTOSO_ADMIN = "megan.admin@contoso.example";
    static final String FABRIKAM_ADMIN = "admin@fabrikam.example";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String RESPONDERS = "c0ffee00-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String ON_CALL = "c0ffee00-0002-4a5b-8c6d-7e8f9a0b1c02";
    static final int CONTOSO_USERS = 6;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.faults("DELETE", null, true);
        sandbox.close();
    }

    // --- authentication and permissions ---------------------------------------------------------------------

    @Test
    void withoutATokenGraphAnswers401() throws Exception {
        HttpResponse<String> none = sandbox.graph("GET", "/me", null, null);
        assertGraphError(none, 401, "InvalidAuthenticationToken");
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertGraphError(sandbox.graph("GET", "/users", "not-a-token", null), 401, "InvalidAuthenticationToken");
        // An id_token-like token for another audience is not a Graph token.
        String idToken = forgedAudience(chatOpsUserToken("User.Read"));
        assertGraphError(sandbox.graph("GET", "/me", idToken, null), 401, "InvalidAuthenticationToken");
    }

    @Test
    void aTokenWithoutTheOperationsPermissionIs403() throws Exception {
        String userRead = chatOpsUserToken("User.Read");
        HttpResponse<String> users = sandbox.graph("GET", "/users", userRead, null);
        assertGraphError(users, 403, "Authorization_RequestDenied");
        assertEquals(
                "Insufficient privileges to complete the operation.",
                error(users).get("message"));
        assertGraphError(
                sandbox.graph("GET", "/groups/" + RESPONDERS + "/transitiveMembers", userRead, null),
                403,
                "Authorization_RequestDenied");
        String appOnly = chatOpsAppToken();
        assertGraphError(
                sandbox.graph(
                        "GET", "/servicePrincipals?$filter=appId%20eq%20'" + CHATOPS.appId() + "'", appOnly, null),
                403,
                "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph("POST", "/servicePrincipals", appOnly, "{\"appId\":\"" + TODO.appId() + "\"}"),
                403,
                "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph("POST", "/oauth2PermissionGrants", appOnly, "{\"clientId\":\"x\"}"),
                403,
                "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph("GET", "/oauth2PermissionGrants", userRead, null), 403, "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph("GET", "/users/delta", chatOpsUserToken("Chat.Create"), null),
                403,
                "Authorization_RequestDenied");
    }

    // --- users ----------------------------------------------------------------------------------------------

    @Test
    void meIsTheSignedInUserAndNotForAppOnlyTokens() throws Exception {
        HttpResponse<String> me = sandbox.graph("GET", "/me", chatOpsUserToken("User.Read"), null);
        assertEquals(200, me.statusCode(), me.body());
        Map<String, Object> lee = json(me);
        assertEquals("https://graph.microsoft.com/v1.0/$metadata#users/$entity", lee.get("@odata.context"));
        assertEquals(LEE, lee.get("id"));
        assertEquals("lee@contoso.example", lee.get("userPrincipalName"));
        assertTrue(lee.containsKey("givenName") && lee.get("givenName") == null, "unset properties are null: " + lee);
        assertEquals(List.of(), lee.get("businessPhones"));
        assertTrue(me.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(me.headers().firstValue("request-id").isPresent());

        HttpResponse<String> selected =
                sandbox.graph("GET", "/me?$select=displayName,userType", chatOpsUserToken("User.Read"), null);
        assertEquals(
                Set.of("@odata.context", "displayName", "userType"),
                json(selected).keySet());

        HttpResponse<String> app = sandbox.graph("GET", "/me", chatOpsAppToken(), null);
        assertGraphError(app, 400, "BadRequest");
        assertEquals(
                "/me request is only valid with delegated authentication flow.",
                error(app).get("message"));
    }

    @Test
    void usersPageWithTopAndNextLinkUntilEveryUserOfTheTenantIsSeen() throws Exception {
        String token = chatOpsAppToken();
        Set<String> ids = new LinkedHashSet<>();
        String url = "/users?$top=2";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> page = sandbox.graph("GET", url, token, null);
            assertEquals(200, page.statusCode(), page.body());
            Map<String, Object> body = json(page);
            assertEquals("https://graph.microsoft.com/v1.0/$metadata#users", body.get("@odata.context"));
            List<Map<String, Object>> value = values(body);
            assertTrue(value.size() <= 2);
            value.forEach(u -> ids.add((String) u.get("id")));
            url = (String) body.get("@odata.nextLink");
            if (url != null) {
                assertTrue(
                        url.startsWith("https://graph.microsoft.com/v1.0/users?") && url.contains("$skiptoken="), url);
            }
            pages++;
        }
        assertEquals(CONTOSO_USERS, ids.size(), "every Contoso user, once: " + ids);
        assertEquals(3, pages);
        assertTrue(ids.contains(ADELE) && ids.contains(LEE));
        assertFalse(ids.contains("f2a3b4c5-0001-4d6e-8f70-8192a3b4c501"), "no Fabrikam user");
        assertEquals(
                CONTOSO_USERS,
                values(json(sandbox.graph("GET", "/users", token, null))).size(),
                "default page of 100");
    }

    @Test
    void usersFilterSelectAndTheQueriesGraphRefuses() throws Exception {
        String token = chatOpsUserToken("User.ReadBasic.All");
        List<Map<String, Object>> byMail = values(
                json(sandbox.graph("GET", "/users?$filter=mail%20eq%20'Adele.Vance@contoso.example'", token, null)));
        assertEquals(1, byMail.size());
        assertEquals(ADELE, byMail.get(0).get("id"));
        List<Map<String, Object>> byUpn = values(json(
                sandbox.graph("GET", "/users?$filter=userPrincipalName%20eq%20'lee@contoso.example'", token, null)));
        assertEquals(List.of(LEE), byUpn.stream().map(u -> u.get("id")).toList());
        assertEquals(
                0,
                values(json(sandbox.graph("GET", "/users?$filter=mail%20eq%20'nobody@contoso.example'", token, null)))
                        .size());

        HttpResponse<String> selected = sandbox.graph(
                "GET", "/users?$select=id,mail,otherMails&$filter=id%20eq%20'" + ADELE + "'", token, null);
        Map<String, Object> body = json(selected);
        assertEquals(
                "https://graph.microsoft.com/v1.0/$metadata#users(id,mail,otherMails)", body.get("@odata.context"));
        assertEquals(Set.of("id", "mail", "otherMails"), values(body).get(0).keySet());
        assertEquals(List.of("adele@contoso-old.example"), values(body).get(0).get("otherMails"));

        HttpResponse<String> skip = sandbox.graph("GET", "/users?$top=2&$skip=2", token, null);
        assertGraphError(skip, 400, "BadRequest");
        assertTrue(error(skip).get("message").toString().startsWith("Query option 'Skip' is not allowed"), skip.body());
        HttpResponse<String> tooMany = sandbox.graph("GET", "/users?$top=1000", token, null);
        assertEquals(400, tooMany.statusCode());
        assertTrue(error(tooMany).get("message").toString().contains("999"), tooMany.body());
        assertEquals(200, sandbox.graph("GET", "/users?$top=999", token, null).statusCode());
        assertGraphError(sandbox.graph("GET", "/users?$select=id,shoeSize", token, null), 400, "BadRequest");
        assertGraphError(
                sandbox.graph("GET", "/users?$filter=endswith(mail,'.example')", token, null),
                400,
                "Request_UnsupportedQuery");
        assertGraphError(
                sandbox.graph("GET", "/users/nobody@contoso.example", token, null), 404, "Request_ResourceNotFound");
        assertEquals(
                "Guest",
                json(sandbox.graph(
                                "GET",
                                "/users/guest_fabrikam.example%23EXT%23@contoso.example?$select=userType",
                                token,
                                null))
                        .get("userType"));
    }

    @Test
    void deltaGivesEveryUserThenADeltaLinkWithNothingNew() throws Exception {
        String token = chatOpsAppToken();
        Set<String> ids = new LinkedHashSet<>();
        String url = "/users/delta?$select=displayName,mail";
        String deltaLink = null;
        Map<String, String> prefer = Map.of("Prefer", "odata.maxpagesize=4");
        while (url != null) {
            HttpResponse<String> page = sandbox.graph("GET", url, token, null, prefer, null);
            assertEquals(200, page.statusCode(), page.body());
            Map<String, Object> body = json(page);
            values(body).forEach(u -> ids.add((String) u.get("id")));
            values(body)
                    .forEach(u -> assertEquals(
                            Set.of("id", "displayName", "mail"),
                            u.keySet(),
                            "the $select of the first request stays, and delta always gives the id: " + u));
            url = (String) body.get("@odata.nextLink");
            deltaLink = (String) body.get("@odata.deltaLink");
        }
        assertEquals(CONTOSO_USERS, ids.size());
        assertNotNull(deltaLink);
        assertTrue(deltaLink.startsWith("https://graph.microsoft.com/v1.0/users/delta?$deltatoken="), deltaLink);

        Map<String, Object> later = json(sandbox.graph("GET", deltaLink, token, null));
        assertEquals(List.of(), later.get("value"));
        assertTrue(((String) later.get("@odata.deltaLink")).contains("$deltatoken="));

        Map<String, Object> latest = json(sandbox.graph("GET", "/users/delta?$deltaToken=latest", token, null));
        assertEquals(List.of(), latest.get("value"));
        assertNotNull(latest.get("@odata.deltaLink"));

        HttpResponse<String> unknown =
                sandbox.graph("GET", "/users/delta?$deltatoken=" + UUID.randomUUID(), token, null);
        assertGraphError(unknown, 410, "resyncRequired");
        assertEquals(
                "https://graph.microsoft.com/v1.0/users/delta",
                unknown.headers().firstValue("Location").orElse(null));
    }

    // --- groups ---------------------------------------------------------------------------------------------

    @Test
    void transitiveMembersIncludeTheNestedGroupAndItsMembers() throws Exception {
        sandbox.adminConsent(CONTOSO, EMAIL, CONTOSO_ADMIN);
        String token = sandbox.delegatedToken(CONTOSO, EMAIL, CONTOSO_ADMIN, "Group.ReadWrite.All");
        HttpResponse<String> members =
                sandbox.graph("GET", "/groups/" + RESPONDERS + "/transitiveMembers", token, null);
        assertEquals(200, members.statusCode(), members.body());
        Map<String, Object> body = json(members);
        assertEquals("https://graph.microsoft.com/v1.0/$metadata#directoryObjects", body.get("@odata.context"));
        Map<Object, Object> types = new HashMap<>();
        values(body).forEach(m -> types.put(m.get("id"), m.get("@odata.type")));
        assertEquals(
                Map.of(ADELE, "#microsoft.graph.user", ON_CALL, "#microsoft.graph.group", LEE, "#microsoft.graph.user"),
                types);

        HttpResponse<String> paged =
                sandbox.graph("GET", "/groups/" + RESPONDERS + "/transitiveMembers?$top=2", token, null);
        assertEquals(2, values(json(paged)).size());
        assertEquals(
                1,
                values(json(sandbox.graph("GET", (String) json(paged).get("@odata.nextLink"), token, null)))
                        .size());
        assertGraphError(
                sandbox.graph("GET", "/groups/" + UUID.randomUUID() + "/transitiveMembers", token, null),
                404,
                "Request_ResourceNotFound");
    }

    // --- $batch ---------------------------------------------------------------------------------------------

    @Test
    void aBatchOfMoreThanTwentyRequestsIsRefused() throws Exception {
        String token = chatOpsAppToken();
        List<Object> requests = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            requests.add(Map.of("id", Integer.toString(i), "method", "GET", "url", "/users?$top=1"));
        }
        HttpResponse<String> refused =
                sandbox.graph("POST", "/$batch", token, JSONObjectUtils.toJSONString(Map.of("requests", requests)));
        assertGraphError(refused, 400, "BadRequest");
        assertTrue(error(refused).get("message").toString().contains("20"), refused.body());
        HttpResponse<String> twenty = sandbox.graph(
                "POST", "/$batch", token, JSONObjectUtils.toJSONString(Map.of("requests", requests.subList(0, 20))));
        assertEquals(200, twenty.statusCode(), twenty.body());
        assertEquals(20, responses(twenty).size());
    }

    @Test
    void aBatchedRequestWhoseDependencyFailedIs424() throws Exception {
        String token = chatOpsAppToken();
        List<Object> requests = List.of(
                Map.of("id", "1", "method", "GET", "url", "/users/nobody@contoso.example"),
                Map.of("id", "2", "method", "GET", "url", "/users/" + LEE, "dependsOn", List.of("1")),
                Map.of("id", "3", "method", "GET", "url", "/users/" + ADELE + "?$select=id,displayName"),
                Map.of("id", "4", "method", "GET", "url", "/users?$top=1", "dependsOn", List.of("3")));
        HttpResponse<String> batch =
                sandbox.graph("POST", "/$batch", token, JSONObjectUtils.toJSONString(Map.of("requests", requests)));
        assertEquals(200, batch.statusCode(), batch.body());
        Map<String, Map<String, Object>> byId = responses(batch);
        assertEquals(404, status(byId.get("1")));
        assertEquals(424, status(byId.get("2")));
        assertEquals(200, status(byId.get("3")));
        assertEquals("Adele Vance", asMap(byId.get("3").get("body")).get("displayName"));
        assertEquals(200, status(byId.get("4")));
    }

    // --- throttling and faults ------------------------------------------------------------------------------

    @Test
    void theControlEndpointWantsItsHeader() throws Exception {
        assertEquals(
                403,
                sandbox.faults("POST", "{\"throttleNextRequests\":5}", false).statusCode());
        assertEquals(403, sandbox.faults("DELETE", null, false).statusCode());
        assertEquals(400, sandbox.faults("POST", "{\"errorStatus\":502}", true).statusCode());
        assertEquals(
                0L,
                ((Number) JSONObjectUtils.parse(
                                        sandbox.faults("GET", null, true).body())
                                .get("throttleNextRequests"))
                        .longValue());
    }

    /** What lets test classes share one portal: a reset forgets every consent (the token endpoint agrees) and faults. */
    @Test
    void aResetForgetsEveryConsentAndWantsTheControlHeader() throws Exception {
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
        assertEquals(200, sandbox.clientCredentials(CONTOSO, CHATOPS).statusCode(), "consented");
        assertEquals(200, sandbox.faults("POST", "{\"latencyMillis\":5}", true).statusCode());
        assertEquals(403, sandbox.control("reset", false).statusCode(), "without the header, nothing is reset");
        assertEquals(200, sandbox.clientCredentials(CONTOSO, CHATOPS).statusCode(), "still consented");

        HttpResponse<String> reset = sandbox.control("reset", true);
        assertEquals(200, reset.statusCode(), reset.body());
        assertTrue(((Number) JSONObjectUtils.parse(reset.body()).get("rowsRemoved")).longValue() > 0, reset.body());
        HttpResponse<String> refused = sandbox.clientCredentials(CONTOSO, CHATOPS);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("AADSTS700016"), "no service principal any more: " + refused.body());
        assertEquals(
                0L,
                ((Number) JSONObjectUtils.parse(
                                        sandbox.faults("GET", null, true).body())
                                .get("latencyMillis"))
                        .longValue());
    }

    @Test
    void throttlingAnswers429WithRetryAfterDirectlyAndInsideABatch() throws Exception {
        String token = chatOpsAppToken();
        assertEquals(
                200,
                sandbox.faults("POST", "{\"throttleNextRequests\":1}", true).statusCode());
        HttpResponse<String> throttled = sandbox.graph("GET", "/users?$top=1", token, null);
        assertGraphError(throttled, 429, "TooManyRequests");
        assertTrue(
                Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(200, sandbox.graph("GET", "/users?$top=1", token, null).statusCode(), "only the next request");

        assertEquals(
                200,
                sandbox.faults("POST", "{\"throttleNextRequests\":1}", true).statusCode());
        List<Object> requests = List.of(
                Map.of("id", "a", "method", "GET", "url", "/users?$top=1"),
                Map.of("id", "b", "method", "GET", "url", "/users?$top=1"));
        HttpResponse<String> batch =
                sandbox.graph("POST", "/$batch", token, JSONObjectUtils.toJSONString(Map.of("requests", requests)));
        assertEquals(200, batch.statusCode(), batch.body());
        Map<String, Map<String, Object>> byId = responses(batch);
        Map<String, Object> throttledItem = status(byId.get("a")) == 429 ? byId.get("a") : byId.get("b");
        Map<String, Object> other = throttledItem == byId.get("a") ? byId.get("b") : byId.get("a");
        assertEquals(429, status(throttledItem), batch.body());
        assertEquals(200, status(other), batch.body());
        assertNotNull(asMap(throttledItem.get("headers")).get("Retry-After"), batch.body());
        assertEquals(
                "TooManyRequests",
                asMap(asMap(throttledItem.get("body")).get("error")).get("code"));

        // The limiter itself: per app and tenant, with Retry-After until its window ends.
        assertEquals(200, sandbox.faults("POST", "{\"requestsPer10s\":2}", true).statusCode());
        sandbox.graph("GET", "/users?$top=1", token, null);
        sandbox.graph("GET", "/users?$top=1", token, null);
        HttpResponse<String> limited = sandbox.graph("GET", "/users?$top=1", token, null);
        assertGraphError(limited, 429, "TooManyRequests");
        int retryAfter =
                Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
    }

    @Test
    void injectedLatencyIsPaidOncePerHttpRequest() throws Exception {
        String token = chatOpsAppToken();
        assertEquals(
                200, sandbox.faults("POST", "{\"latencyMillis\":400}", true).statusCode());
        long start = System.nanoTime();
        assertEquals(200, sandbox.graph("GET", "/users?$top=1", token, null).statusCode());
        long single = (System.nanoTime() - start) / 1_000_000;
        assertTrue(single >= 400, "latency applied: " + single + " ms");

        List<Object> requests = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            requests.add(Map.of("id", Integer.toString(i), "method", "GET", "url", "/users?$top=1"));
        }
        start = System.nanoTime();
        HttpResponse<String> batch =
                sandbox.graph("POST", "/$batch", token, JSONObjectUtils.toJSONString(Map.of("requests", requests)));
        long batched = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, batch.statusCode());
        assertTrue(
                batched >= 400 && batched < 10 * 400,
                "ten requests in one batch pay the latency once: " + batched + " ms");
    }

    @Test
    void aHungRequestMakesTheClientsTimeoutFire() throws Exception {
        String token = chatOpsAppToken();
        assertEquals(
                200,
                sandbox.faults("POST", "{\"hangNextRequests\":1,\"hangMillis\":5000}", true)
                        .statusCode());
        long start = System.nanoTime();
        assertThrows(
                HttpTimeoutException.class,
                () -> sandbox.graph("GET", "/users?$top=1", token, null, Map.of(), Duration.ofSeconds(1)));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited < 4000, "the client gave up after its own timeout: " + waited + " ms");
        HttpResponse<String> next = sandbox.graph("GET", "/users?$top=1", token, null, Map.of(), Duration.ofSeconds(3));
        assertEquals(200, next.statusCode(), "the next request is not hung");
    }

    // --- service principals, grants, assignments (need the test registration, see the class comment) ---------

    @Test
    void servicePrincipalsBeforeAndAfterConsentAgreeWithTheTokenEndpoint() throws Exception {
        assumeTrue(
                sandbox.registered(GRAPH_ADMIN),
                "the directory lacks the Graph administration test app (see SandboxGraphIT)");
        sandbox.adminConsent(FABRIKAM, GRAPH_ADMIN, FABRIKAM_ADMIN);
        String admin = sandbox.appToken(FABRIKAM, GRAPH_ADMIN);
        String byAppId = "/servicePrincipals?$filter=appId%20eq%20'" + CHATOPS.appId() + "'";

        assertEquals(
                List.of(),
                values(json(sandbox.graph("GET", byAppId, admin, null))),
                "no service principal before consent");
        HttpResponse<String> graphSp = sandbox.graph(
                "GET", "/servicePrincipals?$filter=appId%20eq%20'00000003-0000-0000-c000-000000000000'", admin, null);
        Map<String, Object> microsoftGraph = values(json(graphSp)).get(0);
        String graphSpId = (String) microsoftGraph.get("id");
        assertTrue(((List<?>) microsoftGraph.get("appRoles"))
                .stream().anyMatch(r -> "Chat.Create".equals(asMap(r).get("value"))));
        assertEquals(
                400,
                sandbox.clientCredentials(FABRIKAM, CHATOPS).statusCode(),
                "AADSTS700016 before the service principal exists");

        // Created through Graph, as an operator's script would: the token endpoint now knows the app, without roles.
        HttpResponse<String> created =
                sandbox.graph("POST", "/servicePrincipals", admin, "{\"appId\":\"" + CHATOPS.appId() + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        String spId = (String) json(created).get("id");
        assertGraphError(
                sandbox.graph("POST", "/servicePrincipals", admin, "{\"appId\":\"" + CHATOPS.appId() + "\"}"),
                409,
                "Request_MultipleObjectsWithSameKeyValue");
        assertEquals(
                spId,
                values(json(sandbox.graph("GET", byAppId, admin, null))).get(0).get("id"));
        assertNull(SignedJWT.parse(sandbox.appToken(FABRIKAM, CHATOPS))
                .getJWTClaimsSet()
                .getClaim("roles"));

        // An app role assigned through Graph shows in the app's next token.
        String chatCreate = appRoleId(microsoftGraph, "Chat.Create");
        String assignment = "{\"principalId\":\"" + spId + "\",\"resourceId\":\"" + graphSpId + "\",\"appRoleId\":\""
                + chatCreate + "\"}";
        HttpResponse<String> assigned =
                sandbox.graph("POST", "/servicePrincipals/" + graphSpId + "/appRoleAssignedTo", admin, assignment);
        assertEquals(201, assigned.statusCode(), assigned.body());
        assertEquals("ServicePrincipal", json(assigned).get("principalType"));
        HttpResponse<String> duplicate =
                sandbox.graph("POST", "/servicePrincipals/" + graphSpId + "/appRoleAssignedTo", admin, assignment);
        assertGraphError(duplicate, 400, "Request_BadRequest");
        assertEquals(
                "Permission being assigned already exists on the object.",
                error(duplicate).get("message"));
        assertEquals(
                List.of("Chat.Create"),
                SignedJWT.parse(sandbox.appToken(FABRIKAM, CHATOPS))
                        .getJWTClaimsSet()
                        .getStringListClaim("roles"));

        // Admin consent through the sign-in pages keeps the same service principal and adds the tenant-wide grant.
        sandbox.adminConsent(FABRIKAM, CHATOPS, FABRIKAM_ADMIN);
        assertEquals(
                spId,
                values(json(sandbox.graph("GET", byAppId, admin, null))).get(0).get("id"));
        List<Map<String, Object>> grants = values(json(sandbox.graph(
                "GET",
                "/oauth2PermissionGrants?$filter=clientId%20eq%20'" + spId
                        + "'%20and%20consentType%20eq%20'AllPrincipals'",
                admin,
                null)));
        assertEquals(1, grants.size());
        assertEquals(graphSpId, grants.get(0).get("resourceId"));
        assertTrue(((String) grants.get(0).get("scope")).contains("User.Read"), grants.toString());
        List<Map<String, Object>> roles = values(
                json(sandbox.graph("GET", "/servicePrincipals/" + graphSpId + "/appRoleAssignedTo", admin, null)));
        assertEquals(
                4, roles.stream().filter(r -> spId.equals(r.get("principalId"))).count(), roles.toString());
        assertEquals(
                Set.of(
                        "Chat.Create",
                        "ChatMember.ReadWrite.All",
                        "TeamsAppInstallation.ReadWriteSelfForChat.All",
                        "User.Read.All"),
                Set.copyOf(SignedJWT.parse(sandbox.appToken(FABRIKAM, CHATOPS))
                        .getJWTClaimsSet()
                        .getStringListClaim("roles")));
    }

    @Test
    void aPerUserGrantWrittenThroughGraphIsWhatTheSignInPagesHonour() throws Exception {
        String admin = contosoGrantAdmin("");
        String graphSpId = graphServicePrincipal(admin);

        // As seed 001 does it: the app's service principal, a Principal grant for Lee, Lee assigned to the app.
        HttpResponse<String> sp =
                sandbox.graph("POST", "/servicePrincipals", admin, "{\"appId\":\"" + TODO.appId() + "\"}");
        assertEquals(201, sp.statusCode(), sp.body());
        String todoSp = (String) json(sp).get("id");
        String grant = JSONObjectUtils.toJSONString(Map.of(
                "clientId",
                todoSp,
                "consentType",
                "Principal",
                "principalId",
                LEE,
                "resourceId",
                graphSpId,
                "scope",
                "User.Read Tasks.ReadWrite"));
        HttpResponse<String> created = sandbox.graph("POST", "/oauth2PermissionGrants", admin, grant);
        assertEquals(201, created.statusCode(), created.body());
        String grantId = (String) json(created).get("id");
        assertGraphError(
                sandbox.graph("POST", "/oauth2PermissionGrants", admin, grant),
                409,
                "Request_MultipleObjectsWithSameKeyValue");
        HttpResponse<String> userAssignment = sandbox.graph(
                "POST",
                "/servicePrincipals/" + todoSp + "/appRoleAssignedTo",
                admin,
                "{\"principalId\":\"" + LEE + "\",\"resourceId\":\"" + todoSp
                        + "\",\"appRoleId\":\"00000000-0000-0000-0000-000000000000\"}");
        assertEquals(201, userAssignment.statusCode(), userAssignment.body());
        assertEquals("User", json(userAssignment).get("principalType"));
        assertEquals("Lee Gu", json(userAssignment).get("principalDisplayName"));
        assertEquals(
                1,
                values(json(sandbox.graph("GET", "/servicePrincipals/" + todoSp + "/appRoleAssignedTo", admin, null)))
                        .size());

        // Lee is not asked to consent to what the grant holds, and is asked for what it does not.
        assertFalse(sandbox.authorize(
                        CONTOSO,
                        TODO,
                        "lee@contoso.example",
                        "openid User.Read Tasks.ReadWrite",
                        "v-" + UUID.randomUUID())
                .prompted());
        assertEquals(
                204,
                sandbox.graph("PATCH", "/oauth2PermissionGrants/" + grantId, admin, "{\"scope\":\"User.Read\"}")
                        .statusCode());
        assertEquals(
                "User.Read",
                json(sandbox.graph("GET", "/oauth2PermissionGrants/" + grantId, admin, null))
                        .get("scope"));
        assertTrue(
                sandbox.authorize(CONTOSO, TODO, "lee@contoso.example", "openid Tasks.Read", "v-" + UUID.randomUUID())
                        .prompted());

        // The consent Lee just gave landed on the same grant Graph shows.
        assertTrue(((String) json(sandbox.graph("GET", "/oauth2PermissionGrants/" + grantId, admin, null))
                        .get("scope"))
                .contains("Tasks.Read"));
        assertEquals(
                204,
                sandbox.graph("DELETE", "/oauth2PermissionGrants/" + grantId, admin, null)
                        .statusCode());
        assertGraphError(
                sandbox.graph("GET", "/oauth2PermissionGrants/" + grantId, admin, null),
                404,
                "Request_ResourceNotFound");
        assertTrue(sandbox.authorize(CONTOSO, TODO, "lee@contoso.example", "openid User.Read", "v-" + UUID.randomUUID())
                .prompted());

        // Alex (Teams Administrator) may not write grants even with the app's permission.
        sandbox.adminConsent(CONTOSO, GRAPH_ADMIN, CONTOSO_ADMIN);
        String alex = sandbox.delegatedToken(
                CONTOSO, GRAPH_ADMIN, "alex.teams@contoso.example", "DelegatedPermissionGrant.ReadWrite.All");
        assertGraphError(
                sandbox.graph("POST", "/oauth2PermissionGrants", alex, grant), 403, "Authorization_RequestDenied");
    }

    /**
     * Inside a $batch the writes share one transaction and reach the database at its commit: a grant or an assignment
     * the batch created earlier is still a duplicate (409 / 400), and batches racing for the same user's grant leave
     * exactly one grant and one assignment (the database's unique keys refuse the loser, whose requests then run again
     * one by one and get Graph's duplicate answers).
     */
    @Test
    void batchedWritesKeepOneGrantAndOneAssignmentPerUserEvenWhenBatchesRace() throws Exception {
        String admin = contosoGrantAdmin(" Directory.Read.All");
        String graphSpId = graphServicePrincipal(admin);
        HttpResponse<String> sp =
                sandbox.graph("POST", "/servicePrincipals", admin, "{\"appId\":\"" + EMAIL.appId() + "\"}");
        String emailSp = sp.statusCode() == 201
                ? (String) json(sp).get("id")
                : (String) values(json(sandbox.graph(
                                "GET", "/servicePrincipals?$filter=appId%20eq%20'" + EMAIL.appId() + "'", admin, null)))
                        .get(0)
                        .get("id");
        List<String> others = values(json(sandbox.graph("GET", "/users?$select=id", admin, null))).stream()
                .map(u -> (String) u.get("id"))
                .filter(id -> !id.equalsIgnoreCase(ADELE))
                .toList();

        // One batch: the second create of the same grant (and of the same assignment) is the duplicate.
        HttpResponse<String> once = sandbox.graph(
                "POST",
                "/$batch",
                admin,
                JSONObjectUtils.toJSONString(Map.of(
                        "requests",
                        List.of(
                                grantRequest("1", emailSp, ADELE, graphSpId),
                                        grantRequest("2", emailSp, ADELE, graphSpId),
                                assignmentRequest("3", emailSp, ADELE), assignmentRequest("4", emailSp, ADELE)))));
        assertEquals(200, once.statusCode(), once.body());
        Map<String, Map<String, Object>> byId = responses(once);
        assertEquals(201, status(byId.get("1")), once.body());
        assertEquals(409, status(byId.get("2")), once.body());
        assertEquals(201, status(byId.get("3")), once.body());
        assertEquals(400, status(byId.get("4")), once.body());
        // The same batch again: the rows exist in the database now.
        HttpResponse<String> again = sandbox.graph(
                "POST",
                "/$batch",
                admin,
                JSONObjectUtils.toJSONString(Map.of(
                        "requests",
                        List.of(
                                grantRequest("1", emailSp, ADELE, graphSpId),
                                assignmentRequest("2", emailSp, ADELE)))));
        assertEquals(409, status(responses(again).get("1")), again.body());
        assertEquals(400, status(responses(again).get("2")), again.body());

        // Four batches at once, each granting every other user: one 201 per user and write, duplicates for the rest.
        String racer = others.get(0);
        List<Object> requests = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            requests.add(grantRequest("g" + i, emailSp, others.get(i), graphSpId));
            requests.add(assignmentRequest("a" + i, emailSp, others.get(i)));
        }
        String body = JSONObjectUtils.toJSONString(Map.of("requests", requests));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racing.add(pool.submit(() -> sandbox.graph("POST", "/$batch", admin, body)));
            }
            Map<String, Integer> created = new HashMap<>();
            for (java.util.concurrent.Future<HttpResponse<String>> f : racing) {
                HttpResponse<String> batch = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, batch.statusCode(), batch.body());
                responses(batch).forEach((id, r) -> {
                    int code = status(r);
                    assertTrue(code == 201 || code == (id.startsWith("g") ? 409 : 400), id + ": " + batch.body());
                    if (code == 201) {
                        created.merge(id, 1, Integer::sum);
                    }
                });
            }
            for (int i = 0; i < others.size(); i++) {
                assertEquals(1, created.getOrDefault("g" + i, 0), "one batch created the grant of " + others.get(i));
                assertEquals(
                        1, created.getOrDefault("a" + i, 0), "one batch created the assignment of " + others.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> grants = values(json(sandbox.graph(
                "GET",
                "/oauth2PermissionGrants?$filter=clientId%20eq%20'" + emailSp
                        + "'%20and%20consentType%20eq%20'Principal'",
                admin,
                null)));
        assertEquals(others.size() + 1, grants.size(), "one grant per user");
        assertEquals(
                1,
                grants.stream()
                        .filter(g -> racer.equalsIgnoreCase((String) g.get("principalId")))
                        .count());
        assertEquals(
                others.size() + 1,
                values(json(sandbox.graph("GET", "/servicePrincipals/" + emailSp + "/appRoleAssignedTo", admin, null)))
                        .size(),
                "one assignment per user");
    }

    /** Contoso's Global Administrator's token of the Graph administration app, for writing grants (plus extra scopes). */
    private String contosoGrantAdmin(String extraScopes) throws Exception {
        assumeTrue(
                sandbox.registered(GRAPH_ADMIN),
                "the directory lacks the Graph administration test app (see SandboxGraphIT)");
        sandbox.adminConsent(CONTOSO, GRAPH_ADMIN, CONTOSO_ADMIN);
        return sandbox.delegatedToken(
                CONTOSO,
                GRAPH_ADMIN,
                CONTOSO_ADMIN,
                "Application.ReadWrite.All DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All"
                        + extraScopes);
    }

    /** The id of Microsoft Graph's service principal in the token's tenant. */
    private String graphServicePrincipal(String token) throws Exception {
        return (String) values(json(sandbox.graph(
                        "GET",
                        "/servicePrincipals?$filter=appId%20eq%20'00000003-0000-0000-c000-000000000000'&$select=id",
                        token,
                        null)))
                .get(0)
                .get("id");
    }

    private static Map<String, Object> grantRequest(String id, String clientSp, String user, String graphSp) {
        return Map.of(
                "id",
                id,
                "method",
                "POST",
                "url",
                "/oauth2PermissionGrants",
                "headers",
                Map.of("Content-Type", "application/json"),
                "body",
                Map.of(
                        "clientId",
                        clientSp,
                        "consentType",
                        "Principal",
                        "principalId",
                        user,
                        "resourceId",
                        graphSp,
                        "scope",
                        "User.Read"));
    }

    private static Map<String, Object> assignmentRequest(String id, String resourceSp, String user) {
        return Map.of(
                "id",
                id,
                "method",
                "POST",
                "url",
                "/servicePrincipals/" + resourceSp + "/appRoleAssignedTo",
                "headers",
                Map.of("Content-Type", "application/json"),
                "body",
                Map.of(
                        "principalId",
                        user,
                        "resourceId",
                        resourceSp,
                        "appRoleId",
                        "00000000-0000-0000-0000-000000000000"));
    }

    // --- organization, a service principal reading itself, revoking an app role --------------------------------

    @Test
    void organizationIsTheCallersTenantWithItsVerifiedDomains() throws Exception {
        assumeTrue(
                sandbox.registered(GRAPH_ADMIN),
                "the directory lacks the Graph administration test app (see SandboxGraphIT)");
        HttpResponse<String> list = sandbox.graph("GET", "/organization", chatOpsUserToken("User.Read"), null);
        assertEquals(200, list.statusCode(), list.body());
        Map<String, Object> body = json(list);
        assertEquals("https://graph.microsoft.com/v1.0/$metadata#organization", body.get("@odata.context"));
        assertEquals(1, values(body).size());
        Map<String, Object> contoso = values(body).get(0);
        assertEquals(CONTOSO, contoso.get("id"));
        assertEquals("Contoso", contoso.get("displayName"));
        List<Map<String, Object>> domains = ((List<?>) contoso.get("verifiedDomains"))
                .stream().map(GraphJson::asMap).toList();
        assertEquals(
                List.of("contoso.example", "contoso.onmicrosoft.com"),
                domains.stream().map(d -> d.get("name")).toList());
        assertEquals(
                List.of(true, false),
                domains.stream().map(d -> d.get("isDefault")).toList());
        assertEquals(
                List.of(false, true),
                domains.stream().map(d -> d.get("isInitial")).toList());
        assertEquals("Managed", domains.get(0).get("type"));
        assertEquals("Email, OfficeCommunicationsOnline", domains.get(0).get("capabilities"));
        assertTrue(
                contoso.containsKey("tenantType") && contoso.get("tenantType") == null,
                "User.Read reads id, displayName, verifiedDomains only");

        HttpResponse<String> selected = sandbox.graph(
                "GET", "/organization/" + CONTOSO + "?$select=id,displayName", chatOpsUserToken("User.Read"), null);
        assertEquals(200, selected.statusCode(), selected.body());
        assertEquals(
                Map.of(
                        "@odata.context",
                        "https://graph.microsoft.com/v1.0/$metadata#organization(id,displayName)/$entity",
                        "id",
                        CONTOSO,
                        "displayName",
                        "Contoso"),
                json(selected));

        // ChatOps' application permissions hold no Organization.Read.All (nor Directory.*).
        HttpResponse<String> denied = sandbox.graph("GET", "/organization", chatOpsAppToken(), null);
        assertGraphError(denied, 403, "Authorization_RequestDenied");
        assertEquals(
                "Insufficient privileges to complete the operation.",
                error(denied).get("message"));

        sandbox.adminConsent(CONTOSO, GRAPH_ADMIN, CONTOSO_ADMIN);
        String directoryReader = sandbox.appToken(CONTOSO, GRAPH_ADMIN);
        HttpResponse<String> full = sandbox.graph("GET", "/organization/" + CONTOSO, directoryReader, null);
        assertEquals(200, full.statusCode(), full.body());
        assertEquals(
                "https://graph.microsoft.com/v1.0/$metadata#organization/$entity",
                json(full).get("@odata.context"));
        assertEquals("AAD", json(full).get("tenantType"));
        assertGraphError(
                sandbox.graph("GET", "/organization/" + FABRIKAM, directoryReader, null),
                404,
                "Request_ResourceNotFound");
    }

    @Test
    void anAppReadsItsOwnServicePrincipalWithoutApplicationReadAll() throws Exception {
        String token = chatOpsAppToken();
        List<String> roles = SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles");
        assertTrue(
                roles.stream().noneMatch(r -> r.startsWith("Application.") || r.startsWith("Directory.")),
                roles.toString());
        String ownSp = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("oid");

        HttpResponse<String> byId = sandbox.graph("GET", "/servicePrincipals/" + ownSp, token, null);
        assertEquals(200, byId.statusCode(), byId.body());
        assertEquals(
                "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity",
                json(byId).get("@odata.context"));
        assertEquals(CHATOPS.appId(), json(byId).get("appId"));
        assertEquals("TenantLink ChatOps", json(byId).get("displayName"));
        HttpResponse<String> byAppId = sandbox.graph(
                "GET", "/servicePrincipals(appId='" + CHATOPS.appId() + "')?$select=id,appId", token, null);
        assertEquals(200, byAppId.statusCode(), byAppId.body());
        assertEquals(
                Map.of(
                        "@odata.context",
                        "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appId)/$entity",
                        "id",
                        ownSp,
                        "appId",
                        CHATOPS.appId()),
                json(byAppId));

        // Only itself, and only by key: other service principals, lists and navigation properties are still 403.
        for (String url : List.of(
                "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')",
                "/servicePrincipals?$filter=appId%20eq%20'" + CHATOPS.appId() + "'",
                "/servicePrincipals/" + ownSp + "/appRoleAssignedTo")) {
            HttpResponse<String> refused = sandbox.graph("GET", url, token, null);
            assertGraphError(refused, 403, "Authorization_RequestDenied");
            assertEquals(
                    "Insufficient privileges to complete the operation.",
                    error(refused).get("message"),
                    url);
        }
        // A delegated token of the same app is no service principal reading itself.
        assertGraphError(
                sandbox.graph("GET", "/servicePrincipals/" + ownSp, chatOpsUserToken("User.Read"), null),
                403,
                "Authorization_RequestDenied");
    }

    @Test
    void anAppRoleAssignmentDeletedThroughGraphLeavesTheAppsNextToken() throws Exception {
        assumeTrue(
                sandbox.registered(GRAPH_ADMIN),
                "the directory lacks the Graph administration test app (see SandboxGraphIT)");
        sandbox.adminConsent(CONTOSO, GRAPH_ADMIN, CONTOSO_ADMIN);
        String admin = sandbox.appToken(CONTOSO, GRAPH_ADMIN);
        String chatOps = chatOpsAppToken();
        String chatOpsSp = SignedJWT.parse(chatOps).getJWTClaimsSet().getStringClaim("oid");
        Map<String, Object> microsoftGraph = values(json(sandbox.graph(
                        "GET",
                        "/servicePrincipals?$filter=appId%20eq%20'00000003-0000-0000-c000-000000000000'",
                        admin,
                        null)))
                .get(0);
        String graphSpId = (String) microsoftGraph.get("id");
        String chatCreate = appRoleId(microsoftGraph, "Chat.Create");
        String assignmentId = values(json(
                        sandbox.graph("GET", "/servicePrincipals/" + graphSpId + "/appRoleAssignedTo", admin, null)))
                .stream()
                .filter(a -> chatOpsSp.equals(a.get("principalId")) && chatCreate.equals(a.get("appRoleId")))
                .map(a -> (String) a.get("id"))
                .findFirst()
                .orElseThrow();
        String url = "/servicePrincipals/" + graphSpId + "/appRoleAssignedTo/" + assignmentId;

        HttpResponse<String> refused = sandbox.graph("DELETE", url, chatOps, null);
        assertGraphError(refused, 403, "Authorization_RequestDenied");
        assertEquals(
                "Insufficient privileges to complete the operation.",
                error(refused).get("message"));

        HttpResponse<String> deleted = sandbox.graph("DELETE", url, admin, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());
        assertEquals(
                Set.of("ChatMember.ReadWrite.All", "TeamsAppInstallation.ReadWriteSelfForChat.All", "User.Read.All"),
                Set.copyOf(SignedJWT.parse(sandbox.appToken(CONTOSO, CHATOPS))
                        .getJWTClaimsSet()
                        .getStringListClaim("roles")),
                "the revoked application permission is gone from the app's next token");
        HttpResponse<String> again = sandbox.graph("DELETE", url, admin, null);
        assertGraphError(again, 404, "Request_ResourceNotFound");
        assertEquals(
                "Resource '" + assignmentId
                        + "' does not exist or one of its queried reference-property objects are not present.",
                error(again).get("message"));

        // Admin consent through the sign-in pages grants it again.
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
        assertTrue(SignedJWT.parse(sandbox.appToken(CONTOSO, CHATOPS))
                .getJWTClaimsSet()
                .getStringListClaim("roles")
                .contains("Chat.Create"));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** Lee's delegated token for ChatOps, after Contoso's admin consented to ChatOps (so no prompt). */
    private String chatOpsUserToken(String scope) throws Exception {
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
        return sandbox.delegatedToken(CONTOSO, CHATOPS, "lee@contoso.example", scope);
    }

    /** ChatOps' app-only token in Contoso: roles Chat.Create, ChatMember.ReadWrite.All, TeamsAppInstallation..., User.Read.All. */
    private String chatOpsAppToken() throws Exception {
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
        return sandbox.appToken(CONTOSO, CHATOPS);
    }

    /** The token with its audience changed: its signature no longer matches either. */
    private static String forgedAudience(String token) throws Exception {
        String[] parts = token.split("\\.");
        String payload = new String(
                        java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("https://graph.microsoft.com", "api://elsewhere");
        return parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String appRoleId(Map<String, Object> servicePrincipal, String value) {
        return ((List<?>) servicePrincipal.get("appRoles"))
                .stream()
                        .map(GraphJson::asMap)
                        .filter(r -> value.equals(r.get("value")))
                        .map(r -> (String) r.get("id"))
                        .findFirst()
                        .orElseThrow();
    }

    private static Map<String, Map<String, Object>> responses(HttpResponse<String> batch) throws Exception {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Object r : (List<?>) json(batch).get("responses")) {
            byId.put((String) asMap(r).get("id"), asMap(r));
        }
        return byId;
    }
}
