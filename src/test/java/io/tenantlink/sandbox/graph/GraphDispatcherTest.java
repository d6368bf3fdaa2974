package io.tenantlink.sandbox.graph;

import static io.tenantlink.sandbox.graph.InMemorySandbox.ADELE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.ADMIN_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLIENT_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLOUD;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CONTOSO;
import static io.tenantlink.sandbox.graph.InMemorySandbox.FABRIKAM;
import static io.tenantlink.sandbox.graph.InMemorySandbox.LEE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.MEGAN;
import static io.tenantlink.sandbox.graph.InMemorySandbox.ON_CALL;
import static io.tenantlink.sandbox.graph.InMemorySandbox.RESPONDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.directory.DirectoryData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Graph stand-in's logic, without HTTP or a database: the same calls SandboxGraphIT makes over HTTP, and the writes. */
class GraphDispatcherTest {

    private final InMemorySandbox sandbox = new InMemorySandbox();
    private final String graphSp = GraphPermissions.servicePrincipalId(CONTOSO);

    private String delegated(String userId, String scp) {
        return GraphTestTokens.delegated(sandbox.keys, CONTOSO, CLIENT_APP, userId, scp);
    }

    private String appOnly(String appId, String... roles) {
        return GraphTestTokens.app(sandbox.keys, CONTOSO, appId, "sp-of-" + appId, List.of(roles));
    }

    private GraphResponse call(String method, String url, String token, Object body) {
        return call(method, url, token, body, Map.of());
    }

    private GraphResponse call(String method, String url, String token, Object body, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        if (token != null) {
            h.put("Authorization", token);
        }
        String json = body == null ? null : body instanceof String s ? s : JSONObjectUtils.toJSONString(asMap(body));
        GraphResponse response = sandbox.graph.serve(method, url, json, h);
        // What goes on the wire must be JSON that parses back.
        if (response.body() != null) {
            try {
                JSONObjectUtils.parse(GraphObjects.toJson(response.body()));
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
        }
        return response;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> values(GraphResponse r) {
        return (List<Map<String, Object>>) r.body().get("value");
    }

    private static void assertError(GraphResponse r, int status, String code) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        Map<String, Object> error = asMap(r.body().get("error"));
        assertEquals(code, error.get("code"), String.valueOf(r.body()));
        Map<String, Object> inner = asMap(error.get("innerError"));
        assertNotNull(inner.get("date"));
        assertEquals(r.headers().get("request-id"), inner.get("request-id"));
        assertNotNull(inner.get("client-request-id"));
    }

    /** The whole of Graph's error body: {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}. */
    private static void assertExactError(GraphResponse r, int status, String code, String message) {
        assertError(r, status, code);
        assertEquals(List.of("error"), new ArrayList<>(r.body().keySet()));
        Map<String, Object> error = asMap(r.body().get("error"));
        assertEquals(List.of("code", "message", "innerError"), new ArrayList<>(error.keySet()));
        assertEquals(message, error.get("message"));
        assertEquals(
                List.of("date", "request-id", "client-request-id"),
                new ArrayList<>(asMap(error.get("innerError")).keySet()));
        assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
    }

    private static void assertDenied(GraphResponse r) {
        assertExactError(r, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }

    private static void assertNotFound(GraphResponse r, String id) {
        assertExactError(
                r,
                404,
                "Request_ResourceNotFound",
                "Resource '" + id
                        + "' does not exist or one of its queried reference-property objects are not present.");
    }

    private static String relative(String nextLink) {
        assertTrue(nextLink.startsWith(GraphObjects.BASE + "/"), nextLink);
        return nextLink.substring(GraphObjects.BASE.length());
    }

    @Test
    void noTokenIs401AndAMissingScopeIs403() {
        GraphResponse none = call("GET", "/users", null, null);
        assertError(none, 401, "InvalidAuthenticationToken");
        assertNotNull(none.headers().get("WWW-Authenticate"));
        GraphResponse denied = call("GET", "/users", delegated(ADELE, "User.Read"), null);
        assertError(denied, 403, "Authorization_RequestDenied");
        assertEquals(
                "Insufficient privileges to complete the operation.",
                asMap(denied.body().get("error")).get("message"));
        GraphResponse clientRequestId = call("GET", "/users", null, null, Map.of("client-request-id", "mine"));
        assertEquals("mine", clientRequestId.headers().get("client-request-id"));
    }

    @Test
    void meIsTheSignedInUserInGraphsDefaultShape() {
        GraphResponse me = call("GET", "/me", delegated(ADELE, "User.Read"), null);
        assertEquals(200, me.status());
        assertEquals(GraphObjects.BASE + "/$metadata#users/$entity", me.body().get("@odata.context"));
        assertEquals(
                List.of(
                        "@odata.context",
                        "businessPhones",
                        "displayName",
                        "givenName",
                        "jobTitle",
                        "mail",
                        "mobilePhone",
                        "officeLocation",
                        "preferredLanguage",
                        "surname",
                        "userPrincipalName",
                        "id"),
                new ArrayList<>(me.body().keySet()));
        assertEquals(ADELE, me.body().get("id"));
        assertNull(me.body().get("givenName"));
        assertTrue(me.headers().get("Content-Type").startsWith("application/json"));

        GraphResponse app = call("GET", "/me", appOnly(CLIENT_APP, "User.Read.All"), null);
        assertError(app, 400, "BadRequest");
        assertEquals(
                "/me request is only valid with delegated authentication flow.",
                asMap(app.body().get("error")).get("message"));
        assertError(call("GET", "/me", delegated(ADELE, "Chat.Create"), null), 403, "Authorization_RequestDenied");
    }

    @Test
    void aUserWithUserReadReadsOnlyThemself() {
        assertEquals(
                200,
                call("GET", "/users/" + ADELE, delegated(ADELE, "User.Read"), null)
                        .status());
        assertEquals(
                200,
                call("GET", "/users/ADELE@contoso.example", delegated(ADELE, "User.Read"), null)
                        .status());
        assertError(
                call("GET", "/users/" + LEE, delegated(ADELE, "User.Read"), null), 403, "Authorization_RequestDenied");
        GraphResponse guest = call(
                "GET",
                "/users/guest_fabrikam.example%23EXT%23@contoso.example?$select=userType,otherMails",
                delegated(ADELE, "User.ReadBasic.All"),
                null);
        assertEquals("Guest", guest.body().get("userType"));
        assertEquals(List.of(), guest.body().get("otherMails"));
        assertError(
                call("GET", "/users/nobody@contoso.example", delegated(ADELE, "User.ReadBasic.All"), null),
                404,
                "Request_ResourceNotFound");
        assertError(
                call("GET", "/users/admin@fabrikam.example", delegated(ADELE, "User.ReadBasic.All"), null),
                404,
                "Request_ResourceNotFound");
    }

    @Test
    void usersPageWithTopAndNextLinksToTheEnd() {
        String token = appOnly(CLIENT_APP, "User.Read.All");
        Set<Object> ids = new java.util.LinkedHashSet<>();
        String url = "/users?$top=2&$select=id,displayName";
        int pages = 0;
        while (url != null) {
            GraphResponse page = call("GET", url, token, null);
            assertEquals(200, page.status(), String.valueOf(page.body()));
            assertEquals(
                    GraphObjects.BASE + "/$metadata#users(id,displayName)",
                    page.body().get("@odata.context"));
            assertTrue(values(page).size() <= 2);
            values(page).forEach(u -> assertEquals(Set.of("id", "displayName"), u.keySet()));
            values(page).forEach(u -> ids.add(u.get("id")));
            String next = (String) page.body().get("@odata.nextLink");
            if (next != null) {
                assertTrue(next.contains("$top=2") && next.contains("$skiptoken="), next);
                assertEquals(
                        List.of("@odata.context", "@odata.nextLink", "value"),
                        new ArrayList<>(page.body().keySet()));
            }
            url = next == null ? null : relative(next);
            pages++;
        }
        assertEquals(6, ids.size(), "every Contoso user once");
        assertEquals(3, pages);
        GraphResponse tampered = call("GET", "/users?$top=3&$skiptoken=" + "x.y", token, null);
        assertError(tampered, 400, "Directory_ExpiredPageToken");
    }

    @Test
    void usersFilterSelectTopAndSkip() {
        String token = delegated(MEGAN, "User.ReadBasic.All");
        List<Map<String, Object>> byMail =
                values(call("GET", "/users?$filter=mail%20eq%20'ADELE.VANCE@contoso.example'", token, null));
        assertEquals(1, byMail.size());
        assertEquals(ADELE, byMail.get(0).get("id"));
        assertEquals(
                LEE,
                values(call("GET", "/users?$filter=userPrincipalName+eq+'lee@contoso.example'", token, null))
                        .get(0)
                        .get("id"));
        assertEquals(
                2,
                values(call("GET", "/users?$filter=id in ('" + ADELE + "','" + LEE.toUpperCase() + "')", token, null))
                        .size());
        assertEquals(
                1,
                values(call("GET", "/users?$filter=startswith(displayName,'meg')", token, null))
                        .size());
        assertError(call("GET", "/users?$filter=mail ne 'x'", token, null), 400, "Request_UnsupportedQuery");
        assertError(call("GET", "/users?$skip=2", token, null), 400, "BadRequest");
        assertError(call("GET", "/users?$top=1000", token, null), 400, "Request_UnsupportedQuery");
        assertError(call("GET", "/users?$select=id,favouriteColour", token, null), 400, "BadRequest");
        Map<String, Object> adele = values(
                        call("GET", "/users?$select=otherMails,userType&$filter=id eq '" + ADELE + "'", token, null))
                .get(0);
        assertEquals(List.of("otherMails", "userType"), new ArrayList<>(adele.keySet()));
    }

    @Test
    void deltaPagesThenGivesADeltaLinkThatBringsNothingNew() {
        String token = appOnly(CLIENT_APP, "User.Read.All");
        GraphResponse first =
                call("GET", "/users/delta?$select=displayName", token, null, Map.of("Prefer", "odata.maxpagesize=4"));
        assertEquals(4, values(first).size());
        assertEquals("odata.maxpagesize=4", first.headers().get("Preference-Applied"));
        String next = (String) first.body().get("@odata.nextLink");
        assertTrue(next.startsWith(GraphObjects.BASE + "/users/delta?$skiptoken="), next);
        GraphResponse second = call("GET", relative(next), token, null, Map.of("Prefer", "odata.maxpagesize=4"));
        assertEquals(2, values(second).size());
        assertEquals(
                Set.of("displayName", "id"),
                values(second).get(0).keySet(),
                "the token keeps the $select; id always comes");
        String deltaLink = (String) second.body().get("@odata.deltaLink");
        assertTrue(deltaLink.startsWith(GraphObjects.BASE + "/users/delta?$deltatoken="), deltaLink);
        GraphResponse later = call("GET", relative(deltaLink), token, null);
        assertEquals(List.of(), values(later));
        assertNotNull(later.body().get("@odata.deltaLink"));
        GraphResponse latest = call("GET", "/users/delta()?$deltaToken=latest", token, null);
        assertEquals(List.of(), values(latest));
        GraphResponse gone = call("GET", "/users/delta?$deltatoken=not-ours", token, null);
        assertError(gone, 410, "resyncRequired");
        assertEquals(GraphObjects.BASE + "/users/delta", gone.headers().get("Location"));
        String fabrikamToken = GraphTestTokens.app(sandbox.keys, FABRIKAM, CLIENT_APP, "sp", List.of("User.Read.All"));
        assertError(call("GET", relative(deltaLink), fabrikamToken, null), 410, "resyncRequired");
        assertError(call("GET", "/users/delta?$top=2", token, null), 400, "Request_UnsupportedQuery");
        assertEquals(
                200,
                call("GET", "/users/delta", delegated(ADELE, "User.Read"), null).status(),
                "as user-delta lists it");
        assertError(
                call("GET", "/users/delta", delegated(ADELE, "Chat.Create"), null), 403, "Authorization_RequestDenied");
    }

    @Test
    void transitiveMembersResolveNestedGroups() {
        String token = delegated(MEGAN, "GroupMember.Read.All");
        GraphResponse members = call("GET", "/groups/" + RESPONDERS + "/transitiveMembers", token, null);
        assertEquals(200, members.status(), String.valueOf(members.body()));
        assertEquals(
                GraphObjects.BASE + "/$metadata#directoryObjects",
                members.body().get("@odata.context"));
        List<Object> ids = values(members).stream().map(m -> m.get("id")).toList();
        assertEquals(List.of(ADELE, ON_CALL, LEE), ids);
        assertEquals("#microsoft.graph.group", values(members).get(1).get("@odata.type"));
        assertEquals("#microsoft.graph.user", values(members).get(0).get("@odata.type"));
        GraphResponse paged = call("GET", "/groups/" + RESPONDERS + "/transitiveMembers?$top=2", token, null);
        assertEquals(2, values(paged).size());
        assertEquals(
                1,
                values(call("GET", relative((String) paged.body().get("@odata.nextLink")), token, null))
                        .size());
        assertError(
                call("GET", "/groups/c0ffee00-9999-4a5b-8c6d-7e8f9a0b1c01/transitiveMembers", token, null),
                404,
                "Request_ResourceNotFound");
        assertError(
                call("GET", "/groups/" + RESPONDERS + "/transitiveMembers", delegated(MEGAN, "User.Read.All"), null),
                403,
                "Authorization_RequestDenied");
    }

    @Test
    void servicePrincipalsAppearWithConsentOrWhenCreatedThroughGraph() {
        String reader = appOnly(ADMIN_APP, "Application.Read.All");
        String filter = "/servicePrincipals?$filter=appId eq '" + CLIENT_APP + "'";
        assertEquals(List.of(), values(call("GET", filter, reader, null)));
        Map<String, Object> graph = values(call(
                        "GET",
                        "/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'",
                        reader,
                        null))
                .get(0);
        assertEquals(graphSp, graph.get("id"));
        assertTrue(((List<?>) graph.get("appRoles"))
                .stream()
                        .anyMatch(r -> "User.Read.All".equals(asMap(r).get("value"))
                                && "df021288-bdef-4463-88db-98f22de89214".equals(asMap(r).get("id"))));
        assertTrue(((List<?>) graph.get("oauth2PermissionScopes"))
                .stream()
                        .anyMatch(
                                s -> "User.Read".equals(asMap(s).get("value")) && "User".equals(asMap(s).get("type"))));

        sandbox.consent.adminConsent(
                CONTOSO,
                sandbox.application(CLIENT_APP),
                List.of("User.Read", "User.Read.All"),
                List.of("User.Read.All"));
        List<Map<String, Object>> found = values(call("GET", filter, reader, null));
        assertEquals(1, found.size());
        String spId = (String) found.get(0).get("id");
        assertEquals(
                "TenantLink ChatOps",
                call("GET", "/servicePrincipals/" + spId, reader, null).body().get("displayName"));
        assertEquals(
                spId,
                call("GET", "/servicePrincipals(appId='" + CLIENT_APP + "')", reader, null)
                        .body()
                        .get("id"));
        assertError(
                call("GET", "/servicePrincipals/" + java.util.UUID.randomUUID(), reader, null),
                404,
                "Request_ResourceNotFound");
        assertError(
                call("GET", filter, appOnly(CLIENT_APP, "User.Read.All"), null), 403, "Authorization_RequestDenied");

        String writer = appOnly(ADMIN_APP, "Application.ReadWrite.All");
        assertError(
                call("POST", "/servicePrincipals", reader, Map.of("appId", ADMIN_APP)),
                403,
                "Authorization_RequestDenied");
        GraphResponse created = call(
                "POST",
                "/servicePrincipals",
                writer,
                Map.of("appId", ADMIN_APP, "tags", List.of("WindowsAzureActiveDirectoryIntegratedApp")));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertEquals(ADMIN_APP, created.body().get("appId"));
        assertEquals(
                List.of("WindowsAzureActiveDirectoryIntegratedApp"),
                created.body().get("tags"));
        assertError(
                call("POST", "/servicePrincipals", writer, Map.of("appId", ADMIN_APP)),
                409,
                "Request_MultipleObjectsWithSameKeyValue");
        assertError(
                call("POST", "/servicePrincipals", writer, Map.of("appId", GraphPermissions.GRAPH_APP_ID)),
                409,
                "Request_MultipleObjectsWithSameKeyValue");
        assertError(
                call(
                        "POST",
                        "/servicePrincipals",
                        writer,
                        Map.of("appId", java.util.UUID.randomUUID().toString())),
                400,
                "Request_BadRequest");
        assertError(
                call("POST", "/servicePrincipals", writer, Map.of("appId", CLIENT_APP, "shoeSize", 3)),
                400,
                "BadRequest");
        assertError(call("POST", "/servicePrincipals", writer, "{not json"), 400, "BadRequest");
    }

    @Test
    void grantsAreListedFilteredCreatedUpdatedAndDeleted() {
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(CLIENT_APP), List.of("User.Read"), List.of());
        String client = sandbox.consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        String admin = appOnly(ADMIN_APP, "DelegatedPermissionGrant.ReadWrite.All");
        List<Map<String, Object>> all = values(call(
                "GET",
                "/oauth2PermissionGrants?$filter=clientId eq '" + client + "' and consentType eq 'AllPrincipals'",
                admin,
                null));
        assertEquals(1, all.size());
        assertEquals("User.Read", all.get(0).get("scope"));
        assertEquals(graphSp, all.get(0).get("resourceId"));
        assertNull(all.get(0).get("principalId"));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", client);
        body.put("consentType", "Principal");
        body.put("principalId", LEE);
        body.put("resourceId", graphSp);
        body.put("scope", "User.Read Chat.Create");
        GraphResponse created = call("POST", "/oauth2PermissionGrants", admin, body);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String id = (String) created.body().get("id");
        assertError(
                call("POST", "/oauth2PermissionGrants", admin, body), 409, "Request_MultipleObjectsWithSameKeyValue");
        assertEquals(
                1,
                values(call("GET", "/oauth2PermissionGrants?$filter=principalId eq '" + LEE + "'", admin, null))
                        .size());
        assertEquals(
                2,
                values(call("GET", "/oauth2PermissionGrants?$filter=resourceId eq '" + graphSp + "'", admin, null))
                        .size());

        assertEquals(
                204,
                call("PATCH", "/oauth2PermissionGrants/" + id, admin, Map.of("scope", "User.Read"))
                        .status());
        assertEquals(
                "User.Read",
                call("GET", "/oauth2PermissionGrants/" + id, admin, null).body().get("scope"));
        assertError(
                call("PATCH", "/oauth2PermissionGrants/" + id, admin, Map.of("clientId", "x", "scope", "a")),
                400,
                "Request_BadRequest");
        assertEquals(
                204,
                call("DELETE", "/oauth2PermissionGrants/" + id, admin, null).status());
        assertError(call("GET", "/oauth2PermissionGrants/" + id, admin, null), 404, "Request_ResourceNotFound");
        assertError(call("DELETE", "/oauth2PermissionGrants/" + id, admin, null), 404, "Request_ResourceNotFound");

        Map<String, Object> wrong = new LinkedHashMap<>(body);
        wrong.put("consentType", "Everyone");
        assertError(call("POST", "/oauth2PermissionGrants", admin, wrong), 400, "Request_BadRequest");
        wrong = new LinkedHashMap<>(body);
        wrong.remove("principalId");
        assertError(call("POST", "/oauth2PermissionGrants", admin, wrong), 400, "Request_BadRequest");
        wrong = new LinkedHashMap<>(body);
        wrong.put("consentType", "AllPrincipals");
        assertError(call("POST", "/oauth2PermissionGrants", admin, wrong), 400, "Request_BadRequest");
        wrong = new LinkedHashMap<>(body);
        wrong.put("clientId", java.util.UUID.randomUUID().toString());
        assertError(call("POST", "/oauth2PermissionGrants", admin, wrong), 400, "Request_BadRequest");
        assertError(
                call("POST", "/oauth2PermissionGrants", appOnly(ADMIN_APP, "DelegatedPermissionGrant.Read.All"), body),
                403,
                "Authorization_RequestDenied");
        assertError(call("PUT", "/oauth2PermissionGrants", admin, body), 405, "Request_BadRequest");
    }

    @Test
    void delegatedWritesAlsoNeedAnAdministratorRole() {
        Map<String, Object> sp = Map.of("appId", ADMIN_APP);
        assertError(
                call("POST", "/servicePrincipals", delegated(ADELE, "Application.ReadWrite.All"), sp),
                403,
                "Authorization_RequestDenied");
        assertEquals(
                201,
                call("POST", "/servicePrincipals", delegated(CLOUD, "Application.ReadWrite.All"), sp)
                        .status());
        String adminSp = sandbox.consent.servicePrincipal(CONTOSO, ADMIN_APP).orElseThrow().id;
        Map<String, Object> graphRole = Map.of(
                "principalId",
                adminSp,
                "resourceId",
                graphSp,
                "appRoleId",
                GraphPermissions.appRoleId("Application.Read.All"));
        // A Cloud Application Administrator cannot grant Microsoft Graph's application permissions; a Global
        // Administrator can.
        assertError(
                call(
                        "POST",
                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo",
                        delegated(CLOUD, "AppRoleAssignment.ReadWrite.All"),
                        graphRole),
                403,
                "Authorization_RequestDenied");
        assertEquals(
                201,
                call(
                                "POST",
                                "/servicePrincipals/" + graphSp + "/appRoleAssignedTo",
                                delegated(MEGAN, "AppRoleAssignment.ReadWrite.All"),
                                graphRole)
                        .status());
        Map<String, Object> userToApp =
                Map.of("principalId", ADELE, "resourceId", adminSp, "appRoleId", GraphPermissions.DEFAULT_ROLE);
        assertEquals(
                201,
                call(
                                "POST",
                                "/servicePrincipals/" + adminSp + "/appRoleAssignedTo",
                                delegated(CLOUD, "AppRoleAssignment.ReadWrite.All"),
                                userToApp)
                        .status());
    }

    @Test
    void appRoleAssignmentsAreListedCreatedAndNotDuplicated() {
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(CLIENT_APP), List.of(), List.of("User.Read.All"));
        String client = sandbox.consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        String admin = appOnly(ADMIN_APP, "AppRoleAssignment.ReadWrite.All");
        GraphResponse list = call("GET", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", admin, null);
        assertEquals(
                GraphObjects.BASE + "/$metadata#servicePrincipals('" + graphSp + "')/appRoleAssignedTo",
                list.body().get("@odata.context"));
        assertEquals(1, values(list).size());
        Map<String, Object> existing = values(list).get(0);
        assertEquals("ServicePrincipal", existing.get("principalType"));
        assertEquals("TenantLink ChatOps", existing.get("principalDisplayName"));
        assertEquals("Microsoft Graph", existing.get("resourceDisplayName"));

        Map<String, Object> again = Map.of(
                "principalId", client, "resourceId", graphSp, "appRoleId", GraphPermissions.appRoleId("User.Read.All"));
        GraphResponse duplicate = call("POST", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", admin, again);
        assertError(duplicate, 400, "Request_BadRequest");
        assertEquals(
                "Permission being assigned already exists on the object.",
                asMap(duplicate.body().get("error")).get("message"));
        Map<String, Object> chat = Map.of(
                "principalId", client, "resourceId", graphSp, "appRoleId", GraphPermissions.appRoleId("Chat.Create"));
        GraphResponse created = call("POST", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", admin, chat);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertEquals(
                Set.of("User.Read.All", "Chat.Create"),
                sandbox.consent.assignments.stream()
                        .map(a -> GraphPermissions.appRoleName(a.appRoleId, List.of("User.Read.All", "Chat.Create"))
                                .orElseThrow())
                        .collect(java.util.stream.Collectors.toSet()));
        assertError(
                call(
                        "POST",
                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo",
                        admin,
                        Map.of(
                                "principalId",
                                client,
                                "resourceId",
                                graphSp,
                                "appRoleId",
                                java.util.UUID.randomUUID().toString())),
                400,
                "Request_BadRequest");
        assertError(
                call(
                        "POST",
                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo",
                        admin,
                        Map.of(
                                "principalId",
                                client,
                                "resourceId",
                                client,
                                "appRoleId",
                                GraphPermissions.DEFAULT_ROLE)),
                400,
                "Request_BadRequest");
        assertError(
                call(
                        "POST",
                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo",
                        admin,
                        Map.of(
                                "principalId",
                                java.util.UUID.randomUUID().toString(),
                                "resourceId",
                                graphSp,
                                "appRoleId",
                                GraphPermissions.appRoleId("Chat.Create"))),
                404,
                "Request_ResourceNotFound");
    }

    @Test
    void batchRunsEachRequestLikeADirectOne() {
        String token = appOnly(CLIENT_APP, "User.Read.All");
        List<Object> requests = new ArrayList<>();
        requests.add(Map.of("id", "1", "method", "GET", "url", "/users?$top=1"));
        requests.add(Map.of("id", "2", "method", "GET", "url", "users/" + LEE + "?$select=id"));
        requests.add(Map.of("id", "3", "method", "GET", "url", "/me"));
        requests.add(Map.of("id", "4", "method", "GET", "url", "/users/" + ADELE, "dependsOn", List.of("3")));
        requests.add(Map.of("id", "5", "method", "GET", "url", "/users/" + ADELE, "dependsOn", List.of("4")));
        requests.add(Map.of("id", "6", "method", "GET", "url", "/users/" + ADELE, "dependsOn", List.of("1")));
        GraphResponse batch = call("POST", "/$batch", token, Map.of("requests", requests));
        assertEquals(200, batch.status(), String.valueOf(batch.body()));
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Object r : (List<?>) batch.body().get("responses")) {
            byId.put((String) asMap(r).get("id"), asMap(r));
        }
        assertEquals(Set.of("1", "2", "3", "4", "5", "6"), byId.keySet());
        assertEquals(200, byId.get("1").get("status"));
        assertEquals(1, ((List<?>) asMap(byId.get("1").get("body")).get("value")).size());
        assertEquals(LEE, asMap(byId.get("2").get("body")).get("id"));
        assertEquals(400, byId.get("3").get("status"));
        assertEquals(424, byId.get("4").get("status"));
        assertEquals(424, byId.get("5").get("status"), "a failed dependency fails what depends on it in turn");
        assertEquals(200, byId.get("6").get("status"));
        assertTrue(asMap(byId.get("1").get("headers"))
                .get("Content-Type")
                .toString()
                .startsWith("application/json"));
    }

    @Test
    void batchLimitsAndFormat() {
        String token = appOnly(CLIENT_APP, "User.Read.All");
        List<Object> many = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            many.add(Map.of("id", Integer.toString(i), "method", "GET", "url", "/users?$top=1"));
        }
        GraphResponse tooMany = call("POST", "/$batch", token, Map.of("requests", many));
        assertError(tooMany, 400, "BadRequest");
        assertTrue(asMap(tooMany.body().get("error")).get("message").toString().contains("20"));
        assertEquals(
                200,
                call("POST", "/$batch", token, Map.of("requests", many.subList(0, 20)))
                        .status());
        assertError(
                call("POST", "/$batch", null, Map.of("requests", many.subList(0, 2))),
                401,
                "InvalidAuthenticationToken");
        assertError(
                call(
                        "POST",
                        "/$batch",
                        token,
                        Map.of(
                                "requests",
                                List.of(
                                        Map.of("id", "1", "method", "GET", "url", "/me"),
                                        Map.of("id", "1", "method", "GET", "url", "/me")))),
                400,
                "BadRequest");
        assertError(
                call(
                        "POST",
                        "/$batch",
                        token,
                        Map.of(
                                "requests",
                                List.of(Map.of("id", "1", "method", "GET", "url", "/me", "dependsOn", List.of("9"))))),
                400,
                "BadRequest");
        assertError(
                call(
                        "POST",
                        "/$batch",
                        token,
                        Map.of(
                                "requests",
                                List.of(Map.of(
                                        "id",
                                        "1",
                                        "method",
                                        "POST",
                                        "url",
                                        "/servicePrincipals",
                                        "body",
                                        Map.of("appId", ADMIN_APP))))),
                400,
                "BadRequest");
        assertError(
                call(
                        "POST",
                        "/$batch",
                        token,
                        Map.of(
                                "requests",
                                List.of(Map.of(
                                        "id", "1", "method", "GET", "url", "https://graph.microsoft.com/v1.0/me")))),
                400,
                "BadRequest");
        assertError(call("POST", "/$batch", token, "{}"), 400, "BadRequest");
        assertError(call("GET", "/$batch", token, null), 405, "Request_BadRequest");
    }

    /**
     * A batch as the Graph Java SDK's BatchRequestContent writes it (what the portal's gateway sends): query option
     * names percent-encoded ({@code %24filter}), header names in both cases (the SDK repeats Content-Type), and the
     * model's {@code @odata.type} annotation in a body. Graph takes all of it; so does the stand-in.
     */
    @Test
    void aBatchAsTheGraphSdkWritesItIsAnswered() {
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(CLIENT_APP), List.of(), List.of("User.Read.All"));
        String client = sandbox.consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        String admin = appOnly(ADMIN_APP, "Application.Read.All", "AppRoleAssignment.ReadWrite.All");
        String batch = "{\"requests\":[{\"id\":\"1\",\"url\":\"/servicePrincipals?%24filter=appId%20eq%20%27"
                + CLIENT_APP
                + "%27&%24select=id,appId\",\"method\":\"GET\",\"headers\":{\"accept\":\"application/json\"}},"
                + "{\"id\":\"2\",\"url\":\"/servicePrincipals/" + graphSp + "/appRoleAssignedTo\",\"method\":\"POST\","
                + "\"body\":{\"@odata.type\":\"#microsoft.graph.appRoleAssignment\",\"appRoleId\":\""
                + GraphPermissions.appRoleId("Chat.Create") + "\",\"principalId\":\"" + client + "\",\"resourceId\":\""
                + graphSp + "\"},\"headers\":{\"accept\":\"application/json\",\"content-type\":\"application/json\","
                + "\"Content-Type\":\"application/json\"}}]}";
        GraphResponse answer = call("POST", "/$batch", admin, batch);
        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Object r : (List<?>) answer.body().get("responses")) {
            byId.put((String) asMap(r).get("id"), asMap(r));
        }
        assertEquals(200, byId.get("1").get("status"), String.valueOf(byId.get("1")));
        List<?> found = (List<?>) asMap(byId.get("1").get("body")).get("value");
        assertEquals(client, asMap(found.get(0)).get("id"));
        assertEquals(201, byId.get("2").get("status"), String.valueOf(byId.get("2")));
        assertTrue(sandbox.consent.assignments.stream()
                .anyMatch(a ->
                        a.principalId.equals(client) && a.appRoleId.equals(GraphPermissions.appRoleId("Chat.Create"))));
    }

    @Test
    void throttlingHitsDirectRequestsAndBatchedOnesOneByOne() {
        String token = appOnly(CLIENT_APP, "User.Read.All");
        sandbox.faults.update(Map.of("throttleNextRequests", 1L));
        GraphResponse direct = call("GET", "/users", token, null);
        assertError(direct, 429, "TooManyRequests");
        assertEquals("2", direct.headers().get("Retry-After"));
        assertEquals(200, call("GET", "/users", token, null).status());

        sandbox.faults.update(Map.of("throttleNextRequests", 1L));
        GraphResponse batch = call(
                "POST",
                "/$batch",
                token,
                Map.of(
                        "requests",
                        List.of(
                                Map.of("id", "a", "method", "GET", "url", "/users?$top=1"),
                                Map.of("id", "b", "method", "GET", "url", "/users?$top=1"))));
        assertEquals(200, batch.status(), "the batch is answered; one of its requests is throttled");
        List<Integer> statuses = new ArrayList<>();
        for (Object r : (List<?>) batch.body().get("responses")) {
            statuses.add((Integer) asMap(r).get("status"));
            if ((Integer) asMap(r).get("status") == 429) {
                assertEquals("2", asMap(asMap(r).get("headers")).get("Retry-After"));
            }
        }
        statuses.sort(null);
        assertEquals(List.of(200, 429), statuses);

        sandbox.faults.update(Map.of("requestsPer10s", 2L));
        assertEquals(200, call("GET", "/users", token, null).status());
        assertEquals(200, call("GET", "/users", token, null).status());
        assertError(call("GET", "/users", token, null), 429, "TooManyRequests");
        assertEquals(
                200,
                call("GET", "/users", appOnly(ADMIN_APP, "User.Read.All"), null).status(),
                "limits are per app");
    }

    @Test
    void unknownPathsAndMethodsAnswerAsGraph() {
        String token = appOnly(CLIENT_APP, "User.Read.All");
        GraphResponse unknown = call("GET", "/shoes", token, null);
        assertError(unknown, 400, "BadRequest");
        assertEquals(
                "Resource not found for the segment 'shoes'.",
                asMap(unknown.body().get("error")).get("message"));
        assertError(call("DELETE", "/users", token, null), 405, "Request_BadRequest");
        assertError(call("GET", "/teams", token, null), 501, "NotImplemented");
        assertError(call("GET", "/users/" + ADELE + "/memberOf", token, null), 501, "NotImplemented");
        assertError(call("GET", "/me/onlineMeetings", delegated(ADELE, "User.Read"), null), 501, "NotImplemented");
        assertFalse(call("GET", "/users/", token, null).status() != 200, "a trailing slash is the same collection");
    }

    // --- organization ---------------------------------------------------------------------------------------

    @Test
    void organizationIsTheCallersTenantWithItsVerifiedDomains() {
        GraphResponse list = call("GET", "/organization", delegated(ADELE, "User.Read"), null);
        assertEquals(200, list.status(), String.valueOf(list.body()));
        assertEquals(GraphObjects.BASE + "/$metadata#organization", list.body().get("@odata.context"));
        assertEquals(
                List.of("@odata.context", "value"), new ArrayList<>(list.body().keySet()));
        assertEquals(1, values(list).size());
        Map<String, Object> contoso = values(list).get(0);
        assertEquals(GraphObjects.ORGANIZATION_PROPERTIES, new ArrayList<>(contoso.keySet()));
        assertEquals(CONTOSO, contoso.get("id"));
        assertEquals("Contoso", contoso.get("displayName"));
        Map<String, Object> byDefault = new LinkedHashMap<>();
        byDefault.put("capabilities", "Email, OfficeCommunicationsOnline");
        byDefault.put("isDefault", true);
        byDefault.put("isInitial", false);
        byDefault.put("name", "contoso.example");
        byDefault.put("type", "Managed");
        Map<String, Object> initial = new LinkedHashMap<>(byDefault);
        initial.put("isDefault", false);
        initial.put("isInitial", true);
        initial.put("name", "contoso.onmicrosoft.com");
        assertEquals(List.of(byDefault, initial), contoso.get("verifiedDomains"));
        assertEquals(
                List.of("capabilities", "isDefault", "isInitial", "name", "type"),
                new ArrayList<>(
                        asMap(((List<?>) contoso.get("verifiedDomains")).get(0)).keySet()));
        // organization-get: with User.Read, only id, displayName and verifiedDomains have values.
        assertTrue(contoso.containsKey("tenantType") && contoso.get("tenantType") == null, contoso.toString());
        assertNull(contoso.get("businessPhones"));

        GraphResponse one = call(
                "GET", "/organization/" + CONTOSO.toUpperCase(), appOnly(CLIENT_APP, "Organization.Read.All"), null);
        assertEquals(200, one.status(), String.valueOf(one.body()));
        assertEquals(
                GraphObjects.BASE + "/$metadata#organization/$entity",
                one.body().get("@odata.context"));
        assertEquals(CONTOSO, one.body().get("id"));
        assertEquals("AAD", one.body().get("tenantType"));
        assertEquals(List.of(), one.body().get("businessPhones"));
        assertEquals(
                "AAD",
                values(call("GET", "/organization", delegated(MEGAN, "Directory.Read.All"), null))
                        .get(0)
                        .get("tenantType"),
                "Directory.Read.All reads every property");

        String fabrikam = GraphTestTokens.app(sandbox.keys, FABRIKAM, CLIENT_APP, "sp", List.of("Directory.Read.All"));
        Map<String, Object> other =
                values(call("GET", "/organization", fabrikam, null)).get(0);
        assertEquals(FABRIKAM, other.get("id"));
        assertEquals(
                "fabrikam.onmicrosoft.com",
                asMap(((List<?>) other.get("verifiedDomains")).get(1)).get("name"));
        assertNotFound(
                call("GET", "/organization/" + FABRIKAM, appOnly(CLIENT_APP, "Organization.Read.All"), null), FABRIKAM);
    }

    @Test
    void organizationHonoursSelectAndItsPermissionTable() {
        String userRead = delegated(ADELE, "User.Read");
        GraphResponse selected = call("GET", "/organization?$select=displayName,ID", userRead, null);
        assertEquals(
                GraphObjects.BASE + "/$metadata#organization(displayName,id)",
                selected.body().get("@odata.context"));
        assertEquals(
                List.of("displayName", "id"),
                new ArrayList<>(values(selected).get(0).keySet()));
        GraphResponse entity = call(
                "GET",
                "/organization/" + CONTOSO + "?$select=verifiedDomains",
                appOnly(CLIENT_APP, "Directory.Read.All"),
                null);
        assertEquals(
                GraphObjects.BASE + "/$metadata#organization(verifiedDomains)/$entity",
                entity.body().get("@odata.context"));
        assertEquals(
                List.of("@odata.context", "verifiedDomains"),
                new ArrayList<>(entity.body().keySet()));
        assertExactError(
                call("GET", "/organization?$select=id,shoeSize", userRead, null),
                400,
                "BadRequest",
                "Could not find a property named 'shoeSize' on type 'microsoft.graph.organization'.");
        assertError(call("GET", "/organization?$top=1", userRead, null), 400, "Request_UnsupportedQuery");
        assertError(
                call("GET", "/organization?$filter=id eq '" + CONTOSO + "'", userRead, null),
                400,
                "Request_UnsupportedQuery");

        // Delegated: User.Read at least (User.ReadBasic.All is not in the table); application: Organization.Read.All at
        // least.
        assertDenied(call("GET", "/organization", delegated(ADELE, "User.ReadBasic.All Chat.Create"), null));
        assertDenied(
                call("GET", "/organization/" + CONTOSO, appOnly(CLIENT_APP, "User.Read.All", "Chat.Create"), null));
        assertDenied(call("GET", "/organization", appOnly(CLIENT_APP, "User.Read"), null));
        for (String role : List.of(
                "Organization.Read.All",
                "Directory.Read.All",
                "Organization.ReadWrite.All",
                "Directory.ReadWrite.All")) {
            assertEquals(
                    200,
                    call("GET", "/organization", appOnly(CLIENT_APP, role), null)
                            .status(),
                    role);
            assertEquals(
                    200,
                    call("GET", "/organization", delegated(LEE, role), null).status(),
                    role);
        }
        assertError(
                call(
                        "PATCH",
                        "/organization/" + CONTOSO,
                        appOnly(CLIENT_APP, "Organization.ReadWrite.All"),
                        Map.of("displayName", "x")),
                501,
                "NotImplemented");
        assertError(
                call(
                        "POST",
                        "/organization",
                        appOnly(CLIENT_APP, "Organization.ReadWrite.All"),
                        Map.of("displayName", "x")),
                405,
                "Request_BadRequest");
        assertError(call("GET", "/organization/" + CONTOSO + "/branding", userRead, null), 501, "NotImplemented");
        assertError(call("GET", "/organization", null, null), 401, "InvalidAuthenticationToken");
    }

    @Test
    void anOnMicrosoftDomainIsBothDefaultAndInitialAndAnUnusableOneHasNoInitialSibling() {
        DirectoryData.Tenant tenant = new DirectoryData.Tenant();
        tenant.id = "3e8f0a1b-0000-4000-8000-000000000001";
        tenant.displayName = "Northwind";
        tenant.domain = "Northwind.onmicrosoft.com";
        List<?> domains = (List<?>) GraphObjects.organization(tenant, List.of("verifiedDomains"), true)
                .get("verifiedDomains");
        assertEquals(1, domains.size());
        assertEquals(true, asMap(domains.get(0)).get("isDefault"));
        assertEquals(true, asMap(domains.get(0)).get("isInitial"));
        tenant.domain = "tenantlink-publisher.example";
        domains = (List<?>) GraphObjects.organization(tenant, List.of("verifiedDomains"), true)
                .get("verifiedDomains");
        assertEquals(
                "tenantlinkpublisher.onmicrosoft.com",
                asMap(domains.get(1)).get("name"),
                "letters and digits of the first label");
        tenant.domain = "--.example";
        domains = (List<?>) GraphObjects.organization(tenant, List.of("verifiedDomains"), true)
                .get("verifiedDomains");
        assertEquals(1, domains.size());
        assertEquals(false, asMap(domains.get(0)).get("isInitial"));
    }

    // --- a service principal reads itself -------------------------------------------------------------------

    @Test
    void anAppOnlyCallerReadsItsOwnServicePrincipalWithoutPermissions() {
        sandbox.consent.adminConsent(
                CONTOSO, sandbox.application(CLIENT_APP), List.of("User.Read"), List.of("User.Read.All"));
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(ADMIN_APP), List.of(), List.of());
        String ownSp = sandbox.consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        String adminSp = sandbox.consent.servicePrincipal(CONTOSO, ADMIN_APP).orElseThrow().id;
        String self = GraphTestTokens.app(sandbox.keys, CONTOSO, CLIENT_APP, ownSp, List.of());

        GraphResponse byId = call("GET", "/servicePrincipals/" + ownSp.toUpperCase(), self, null);
        assertEquals(200, byId.status(), String.valueOf(byId.body()));
        assertEquals(
                GraphObjects.BASE + "/$metadata#servicePrincipals/$entity",
                byId.body().get("@odata.context"));
        assertEquals(ownSp, byId.body().get("id"));
        assertEquals(CLIENT_APP, byId.body().get("appId"));
        GraphResponse byAppId =
                call("GET", "/servicePrincipals(appId='" + CLIENT_APP + "')?$select=id,appId,displayName", self, null);
        assertEquals(200, byAppId.status(), String.valueOf(byAppId.body()));
        assertEquals(
                GraphObjects.BASE + "/$metadata#servicePrincipals(id,appId,displayName)/$entity",
                byAppId.body().get("@odata.context"));
        assertEquals(
                List.of("@odata.context", "id", "appId", "displayName"),
                new ArrayList<>(byAppId.body().keySet()));
        assertEquals(ownSp, byAppId.body().get("id"));
        assertEquals(
                List.of("@odata.context", "appRoles"),
                new ArrayList<>(call("GET", "/servicePrincipals/" + ownSp + "?$select=appRoles", self, null)
                        .body()
                        .keySet()));
        assertError(call("GET", "/servicePrincipals/" + ownSp + "?$select=secret", self, null), 400, "BadRequest");

        // Anyone else's, every list and every navigation property still need Application.Read.All (or higher).
        assertDenied(call("GET", "/servicePrincipals/" + graphSp, self, null));
        assertDenied(call("GET", "/servicePrincipals/" + adminSp, self, null));
        assertDenied(call("GET", "/servicePrincipals(appId='" + ADMIN_APP + "')", self, null));
        assertDenied(call("GET", "/servicePrincipals(appId='" + GraphPermissions.GRAPH_APP_ID + "')", self, null));
        assertDenied(call("GET", "/servicePrincipals?$filter=appId eq '" + CLIENT_APP + "'", self, null));
        assertDenied(call("GET", "/servicePrincipals/" + ownSp + "/appRoleAssignedTo", self, null));
        // A token whose oid is another app's service principal is not "self" for this app's appId, and the other way
        // round.
        String spoofed = GraphTestTokens.app(sandbox.keys, CONTOSO, ADMIN_APP, ownSp, List.of());
        assertDenied(call("GET", "/servicePrincipals(appId='" + CLIENT_APP + "')", spoofed, null));
        // Delegated tokens get no such exemption: the rule is about application permissions.
        assertDenied(call("GET", "/servicePrincipals/" + ownSp, delegated(MEGAN, "User.Read"), null));
        assertDenied(
                call("GET", "/servicePrincipals(appId='" + CLIENT_APP + "')", delegated(MEGAN, "User.Read"), null));
        // Its own service principal in another tenant is another object.
        assertNotFound(
                call(
                        "GET",
                        "/servicePrincipals/" + ownSp,
                        GraphTestTokens.app(sandbox.keys, FABRIKAM, CLIENT_APP, ownSp, List.of()),
                        null),
                ownSp);
        // Inside a batch, the same rule.
        GraphResponse batch = call(
                "POST",
                "/$batch",
                self,
                Map.of(
                        "requests",
                        List.of(
                                Map.of(
                                        "id",
                                        "own",
                                        "method",
                                        "GET",
                                        "url",
                                        "/servicePrincipals/" + ownSp + "?$select=id"),
                                Map.of(
                                        "id",
                                        "graph",
                                        "method",
                                        "GET",
                                        "url",
                                        "/servicePrincipals/" + graphSp + "?$select=id"))));
        Map<String, Object> statuses = new HashMap<>();
        for (Object r : (List<?>) batch.body().get("responses")) {
            statuses.put((String) asMap(r).get("id"), asMap(r).get("status"));
        }
        assertEquals(Map.of("own", 200, "graph", 403), statuses);
    }

    // --- deleting app role assignments ----------------------------------------------------------------------

    @Test
    void anAppRoleAssignmentIsDeletedFromItsResource() {
        sandbox.consent.adminConsent(
                CONTOSO, sandbox.application(CLIENT_APP), List.of(), List.of("User.Read.All", "Chat.Create"));
        String client = sandbox.consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        String admin = appOnly(ADMIN_APP, "AppRoleAssignment.ReadWrite.All");
        String chatCreate = GraphPermissions.appRoleId("Chat.Create");
        String id = values(call("GET", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", admin, null)).stream()
                .filter(a -> chatCreate.equals(a.get("appRoleId")))
                .map(a -> (String) a.get("id"))
                .findFirst()
                .orElseThrow();

        GraphResponse deleted =
                call("DELETE", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + id, admin, null);
        assertEquals(204, deleted.status(), String.valueOf(deleted.body()));
        assertNull(deleted.body());
        assertNotNull(deleted.headers().get("request-id"));
        assertEquals(
                List.of(GraphPermissions.appRoleId("User.Read.All")),
                sandbox.consent.assignments.stream().map(a -> a.appRoleId).toList());
        assertEquals(
                1,
                values(call("GET", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", admin, null))
                        .size());
        assertNotFound(call("DELETE", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + id, admin, null), id);

        // The assignment must be one of the resource's: through another service principal it is not found, and stays.
        String remaining = sandbox.consent.assignments.get(0).id;
        assertNotFound(
                call("DELETE", "/servicePrincipals/" + client + "/appRoleAssignedTo/" + remaining, admin, null),
                remaining);
        String unknown = java.util.UUID.randomUUID().toString();
        assertNotFound(
                call("DELETE", "/servicePrincipals/" + unknown + "/appRoleAssignedTo/" + remaining, admin, null),
                unknown);
        assertEquals(1, sandbox.consent.assignments.size());

        assertError(
                call(
                        "DELETE",
                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + remaining + "?$select=id",
                        admin,
                        null),
                400,
                "Request_UnsupportedQuery");
        assertError(
                call(
                        "PATCH",
                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + remaining,
                        admin,
                        Map.of("appRoleId", chatCreate)),
                405,
                "Request_BadRequest");
        assertError(
                call("GET", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + remaining, admin, null),
                501,
                "NotImplemented");
        assertError(
                call("DELETE", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", admin, null),
                405,
                "Request_BadRequest");
        assertEquals(1, sandbox.consent.assignments.size());
    }

    @Test
    void deletingAnAppRoleAssignmentFollowsItsPermissionTable() {
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(CLIENT_APP), List.of(), List.of("User.Read.All"));
        sandbox.consent.adminConsent(
                CONTOSO, sandbox.application(ADMIN_APP), List.of(), List.of("Application.Read.All"));
        String url = "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/";
        String first = sandbox.consent.assignments.get(0).id;
        String second = sandbox.consent.assignments.get(1).id;
        // AppRoleAssignment.ReadWrite.All and nothing else: the page lists no higher privileged permission.
        for (String role : List.of("Application.ReadWrite.All", "Directory.ReadWrite.All", "Application.Read.All")) {
            assertDenied(call("DELETE", url + first, appOnly(ADMIN_APP, role), null));
        }
        assertDenied(call("DELETE", url + first, appOnly(ADMIN_APP), null));
        // Refused before looking the assignment up: no permission, no 404 either.
        assertDenied(call("DELETE", url + "no-such-assignment", appOnly(ADMIN_APP, "Application.ReadWrite.All"), null));
        // Delegated: the scope, and a directory role of the page's list.
        assertDenied(call("DELETE", url + first, delegated(ADELE, "AppRoleAssignment.ReadWrite.All"), null));
        assertDenied(call("DELETE", url + first, delegated(CLOUD, "Application.ReadWrite.All"), null));
        assertEquals(2, sandbox.consent.assignments.size());
        assertEquals(
                204,
                call("DELETE", url + first, delegated(CLOUD, "AppRoleAssignment.ReadWrite.All"), null)
                        .status());
        assertEquals(
                204,
                call("DELETE", url + second, delegated(MEGAN, "AppRoleAssignment.ReadWrite.All"), null)
                        .status());
        assertEquals(List.of(), sandbox.consent.assignments);
    }

    @Test
    void deletingAGrantFollowsItsPermissionTable() {
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(CLIENT_APP), List.of("User.Read"), List.of());
        String id = sandbox.consent.grants.get(0).id;
        String url = "/oauth2PermissionGrants/" + id;
        // oauth2permissiongrant-delete: DelegatedPermissionGrant.ReadWrite.All, then Directory.ReadWrite.All.
        assertDenied(call("DELETE", url, appOnly(ADMIN_APP, "DelegatedPermissionGrant.Read.All"), null));
        assertDenied(call("DELETE", url, appOnly(ADMIN_APP, "Application.ReadWrite.All"), null));
        assertDenied(call("DELETE", url, delegated(ADELE, "DelegatedPermissionGrant.ReadWrite.All"), null));
        assertEquals(1, sandbox.consent.grants.size());
        assertEquals(
                204,
                call("DELETE", url, appOnly(ADMIN_APP, "Directory.ReadWrite.All"), null)
                        .status());
        assertNotFound(call("DELETE", url, delegated(MEGAN, "DelegatedPermissionGrant.ReadWrite.All"), null), id);
    }

    // --- Microsoft fidelity (docs/sandbox-fidelity.md) ---------------------------------------------------------

    /** aad-advanced-queries: ?$count=true is counted with ConsistencyLevel: eventual and silently ignored without it. */
    @Test
    void countQueryIsIgnoredWithoutConsistencyLevelAndCountedWithIt() {
        String reader = appOnly(CLIENT_APP, "User.Read.All");
        GraphResponse plain = call("GET", "/users?$count=true", reader, null);
        assertEquals(200, plain.status(), String.valueOf(plain.body()));
        assertFalse(plain.body().containsKey("@odata.count"), "ignored without ConsistencyLevel: eventual");
        int all = values(call("GET", "/users?$top=999", reader, null)).size();

        GraphResponse counted =
                call("GET", "/users?$count=true&$top=2", reader, null, Map.of("ConsistencyLevel", "eventual"));
        assertEquals(200, counted.status(), String.valueOf(counted.body()));
        assertEquals(
                all, ((Number) counted.body().get("@odata.count")).intValue(), "the whole collection, not the page");
        assertEquals(2, values(counted).size());
        assertEquals(
                List.of("@odata.context", "@odata.count", "@odata.nextLink", "value"),
                new ArrayList<>(counted.body().keySet()));

        GraphResponse filtered = call(
                "GET",
                "/users?$count=true&$filter=" + enc("userPrincipalName eq 'lee@contoso.example'"),
                reader,
                null,
                Map.of("consistencylevel", "eventual"));
        assertEquals(1, ((Number) filtered.body().get("@odata.count")).intValue());
        assertError(call("GET", "/users?$count=maybe", reader, null), 400, "BadRequest");
    }

    /** aad-advanced-queries: the $count segment is a route (text/plain), refused without ConsistencyLevel: eventual. */
    @Test
    void usersCountSegmentIsARouteNotAUserId() {
        String reader = appOnly(CLIENT_APP, "User.Read.All");
        assertError(call("GET", "/users/$count", reader, null), 400, "Request_BadRequest");
        GraphResponse count = call("GET", "/users/$count", reader, null, Map.of("ConsistencyLevel", "eventual"));
        assertEquals(200, count.status());
        assertNull(count.body());
        assertEquals(Integer.toString(sandbox.data.tenants.get(0).users.size()), count.text());
        assertTrue(
                count.headers().get("Content-Type").startsWith("text/plain"),
                count.headers().toString());
        GraphResponse one = call(
                "GET",
                "/users/$count?$filter=" + enc("userPrincipalName eq 'lee@contoso.example'"),
                reader,
                null,
                Map.of("ConsistencyLevel", "eventual"));
        assertEquals("1", one.text());
        assertError(
                call("GET", "/users/$count", appOnly(CLIENT_APP), null, Map.of("ConsistencyLevel", "eventual")),
                403,
                "Authorization_RequestDenied");
    }

    /**
     * serviceprincipal-get: a service principal reads its own details, $expand=appRoleAssignments included, with no
     * permission; serviceprincipal-list-approleassignments needs Application.Read.All or higher.
     */
    @Test
    void aServicePrincipalReadsItsOwnAppRoleAssignmentsOthersNeedAPermission() {
        sandbox.consent.adminConsent(
                CONTOSO,
                sandbox.application(CLIENT_APP),
                List.of("User.Read"),
                List.of("User.Read.All", "Chat.Create"));
        String spId = sandbox.consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        String self = GraphTestTokens.app(sandbox.keys, CONTOSO, CLIENT_APP, spId, List.of());
        GraphResponse own = call(
                "GET",
                "/servicePrincipals(appId='" + CLIENT_APP + "')?$select=id,appId&$expand=appRoleAssignments",
                self,
                null);
        assertEquals(200, own.status(), String.valueOf(own.body()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> assignments =
                (List<Map<String, Object>>) own.body().get("appRoleAssignments");
        assertEquals(2, assignments.size());
        assertTrue(assignments.stream()
                .allMatch(a -> graphSp.equals(a.get("resourceId")) && spId.equals(a.get("principalId"))));
        assertTrue(assignments.stream()
                .anyMatch(a -> GraphPermissions.appRoleId("Chat.Create").equals(a.get("appRoleId"))));
        assertEquals(
                2,
                ((List<?>) call("GET", "/servicePrincipals/" + spId + "?$expand=appRoleAssignments", self, null)
                                .body()
                                .get("appRoleAssignments"))
                        .size());

        assertError(
                call("GET", "/servicePrincipals/" + spId + "/appRoleAssignments", self, null),
                403,
                "Authorization_RequestDenied");
        assertError(
                call(
                        "GET",
                        "/servicePrincipals(appId='" + GraphPermissions.GRAPH_APP_ID + "')?$select=appRoles",
                        self,
                        null),
                403,
                "Authorization_RequestDenied");
        String reader = appOnly(ADMIN_APP, "Application.Read.All");
        assertEquals(
                2,
                values(call("GET", "/servicePrincipals/" + spId + "/appRoleAssignments", reader, null))
                        .size());
        assertError(
                call("GET", "/servicePrincipals/" + spId + "?$expand=owners", reader, null),
                400,
                "Request_UnsupportedQuery");
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    // --- app registrations (application objects) in the publisher tenant ------------------------------------

    @Test
    void appRegistrationsAreReadInThePublisherTenantWithApplicationReadAll() {
        DirectoryData.Tenant publisher = new DirectoryData.Tenant();
        publisher.id = InMemorySandbox.PUBLISHER;
        publisher.displayName = "TenantLink Publisher";
        publisher.domain = "tenantlink-publisher.example";
        sandbox.data.tenants.add(publisher);
        DirectoryData.Credential soon = new DirectoryData.Credential();
        soon.keyId = "2f0c6a8e-1111-4a5b-8c6d-7e8f9a0b1c01";
        soon.displayName = "TenantLink portal";
        soon.hint = "abc";
        soon.startDateTime = "2026-01-01T00:00:00Z";
        soon.endDateTime = "2026-12-14T00:00:00Z";
        DirectoryData.Credential certificate = new DirectoryData.Credential();
        certificate.keyId = "2f0c6a8e-2222-4a5b-8c6d-7e8f9a0b1c02";
        certificate.displayName = "CN=TenantLink";
        certificate.startDateTime = "2026-01-01T00:00:00Z";
        certificate.endDateTime = "2027-01-01T00:00:00Z";
        sandbox.application(CLIENT_APP).passwordCredentials = List.of(soon);
        sandbox.application(CLIENT_APP).keyCredentials = List.of(certificate);
        String reader = GraphTestTokens.app(
                sandbox.keys, InMemorySandbox.PUBLISHER, CLIENT_APP, "sp", List.of("Application.Read.All"));
        String select = "?$select=id,appId,displayName,passwordCredentials,keyCredentials";

        GraphResponse own = call("GET", "/applications(appId='" + CLIENT_APP + "')" + select, reader, null);
        assertEquals(200, own.status(), String.valueOf(own.body()));
        assertEquals(
                GraphObjects.BASE
                        + "/$metadata#applications(id,appId,displayName,passwordCredentials,keyCredentials)/$entity",
                own.body().get("@odata.context"));
        assertEquals(
                List.of("@odata.context", "id", "appId", "displayName", "passwordCredentials", "keyCredentials"),
                new ArrayList<>(own.body().keySet()));
        assertEquals(CLIENT_APP, own.body().get("appId"));
        assertFalse(CLIENT_APP.equals(own.body().get("id")), "the object id is not the client id");
        Map<String, Object> secret = asMap(((List<?>) own.body().get("passwordCredentials")).get(0));
        assertEquals("TenantLink portal", secret.get("displayName"));
        assertEquals("abc", secret.get("hint"));
        assertEquals("2026-12-14T00:00:00Z", secret.get("endDateTime"));
        assertNull(secret.get("secretText"), "never a secret's value");
        Map<String, Object> key = asMap(((List<?>) own.body().get("keyCredentials")).get(0));
        assertEquals("2027-01-01T00:00:00Z", key.get("endDateTime"));
        assertEquals("AsymmetricX509Cert", key.get("type"));

        // The same through $filter, and by object id; the other app's registration by default: one secret made from
        // its client secret, far from expiring.
        GraphResponse filtered = call("GET", "/applications?$filter=appId eq '" + CLIENT_APP + "'", reader, null);
        assertEquals(200, filtered.status(), String.valueOf(filtered.body()));
        assertEquals(1, values(filtered).size());
        assertEquals(own.body().get("id"), values(filtered).get(0).get("id"));
        assertEquals(
                CLIENT_APP,
                call("GET", "/applications/" + own.body().get("id"), reader, null)
                        .body()
                        .get("appId"));
        Map<String, Object> other = call("GET", "/applications(appId='" + ADMIN_APP + "')", reader, null)
                .body();
        Map<String, Object> made = asMap(((List<?>) other.get("passwordCredentials")).get(0));
        assertEquals("sec", made.get("hint"), "the first three characters of the client secret");
        assertEquals(GraphApplications.DEFAULT_SECRET_END, made.get("endDateTime"));

        // Graph's permission table: without Application.Read.All (or higher) 403, its own registration included.
        String without = GraphTestTokens.app(
                sandbox.keys, InMemorySandbox.PUBLISHER, CLIENT_APP, "sp", List.of("User.Read.All", "Chat.Create"));
        assertDenied(call("GET", "/applications(appId='" + CLIENT_APP + "')", without, null));
        assertDenied(call("GET", "/applications?$filter=appId eq '" + CLIENT_APP + "'", without, null));
        String readWrite = GraphTestTokens.app(
                sandbox.keys, InMemorySandbox.PUBLISHER, ADMIN_APP, "sp2", List.of("Application.ReadWrite.All"));
        assertEquals(
                200,
                call("GET", "/applications(appId='" + CLIENT_APP + "')", readWrite, null)
                        .status());
        // Registrations live in the publisher tenant: a customer tenant has none.
        assertNotFound(
                call(
                        "GET",
                        "/applications(appId='" + CLIENT_APP + "')",
                        appOnly(CLIENT_APP, "Application.Read.All"),
                        null),
                CLIENT_APP);
        assertEquals(
                List.of(), values(call("GET", "/applications", appOnly(CLIENT_APP, "Application.Read.All"), null)));
        assertNotFound(call("GET", "/applications(appId='" + FABRIKAM + "')", reader, null), FABRIKAM);
        assertError(call("GET", "/applications?$select=secretText", reader, null), 400, "BadRequest");
        assertError(
                call("DELETE", "/applications(appId='" + CLIENT_APP + "')", reader, null), 405, "Request_BadRequest");
    }

    @Test
    void credentialsGivenThroughTheControlApiAreCheckedAndCompleted() {
        DirectoryData.Application app = sandbox.application(CLIENT_APP);
        DirectoryData.Credential given = new DirectoryData.Credential();
        given.displayName = "Rotating";
        given.endDateTime = "2026-12-14T00:00:00Z";
        List<DirectoryData.Credential> done = GraphApplications.completed(app, "password", List.of(given));
        assertEquals("sec", done.get(0).hint);
        assertEquals(
                done.get(0).keyId,
                GraphApplications.completed(app, "password", List.of(given)).get(0).keyId);
        assertEquals("2026-01-01T00:00:00Z", done.get(0).startDateTime);
        given.endDateTime = "next week";
        assertThrows(
                IllegalArgumentException.class, () -> GraphApplications.completed(app, "password", List.of(given)));
        given.endDateTime = null;
        assertThrows(IllegalArgumentException.class, () -> GraphApplications.completed(app, "key", List.of(given)));
        assertNull(GraphApplications.completed(app, "key", null), "an absent list stays as it is");
    }
}
