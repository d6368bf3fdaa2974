package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.SandboxKeys;
import io.tenantlink.sandbox.graph.GraphResponse;
import io.tenantlink.sandbox.graph.InMemorySandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ConsentCheck decides the granted application permissions from Graph's data (the app's appRoleAssignments, named
 * through Microsoft Graph's appRoles), never from the access token's roles: checked against the stand-in's Graph over
 * real HTTP, with tokens whose roles claim says something else than the tenant holds.
 */
class ConsentCheckTest {

    private static final String CONTOSO = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
    private static final String CHATOPS = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    private static final String MANAGEMENT = "0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10";

    private final InMemorySandbox sandbox = new InMemorySandbox();
    private HttpServer server;
    private MicrosoftRoutes routes;
    private final List<String> paths = new ArrayList<>();

    @BeforeEach
    void standInGraph() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/sandbox/graph/v1.0", exchange -> {
            String path = exchange.getRequestURI().getRawPath().substring("/sandbox/graph/v1.0".length());
            String query = exchange.getRequestURI().getRawQuery();
            paths.add(path + (query == null ? "" : "?" + query));
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            GraphResponse answer = sandbox.graph.serve(
                    exchange.getRequestMethod(), query == null ? path : path + "?" + query, null, headers);
            byte[] body = answer.body() == null
                    ? new byte[0]
                    : com.nimbusds.jose.util.JSONObjectUtils.toJSONString(answer.body())
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        routes = TestRoutes.standIn(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GraphGateway graph(String token) {
        return GraphGateway.create(
                routes,
                () -> token,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                new GraphGateway.Budget(Duration.ofSeconds(5), 0, Duration.ofMillis(10)));
    }

    /** The app's own service principal with its app role assignments, as ConsentCheck reads it. */
    private static List<GraphGateway.RoleAssignment> self(GraphGateway own) throws IOException {
        GraphAnswer<GraphGateway.ServicePrincipalInfo> self =
                own.send(new GraphRequest.ServicePrincipalWithAppId(CHATOPS, false, true));
        assertEquals(200, self.status(), self.errorText());
        return self.value().appRoleAssignments();
    }

    /** An app-only token as Microsoft issues it, whose roles claim deliberately lists every permission. */
    private String appToken(SandboxKeys keys, String appId, String spId, List<String> roles) {
        com.nimbusds.jwt.JWTClaimsSet.Builder claims = new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + CONTOSO + "/")
                .audience(GraphPermissions.GRAPH_RESOURCE)
                .issueTime(new java.util.Date())
                .notBeforeTime(new java.util.Date())
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 3_600_000))
                .claim("ver", "1.0")
                .claim("tid", CONTOSO)
                .claim("appid", appId)
                .claim("idtyp", "app")
                .claim("oid", spId)
                .subject(spId);
        if (!roles.isEmpty()) {
            claims.claim("roles", roles);
        }
        return keys.sign(claims.build());
    }

    private static final List<String> EVERYTHING = List.of(
            "Chat.Create",
            "ChatMember.ReadWrite.All",
            "TeamsAppInstallation.ReadWriteSelfForChat.All",
            "User.Read.All");

    @Test
    void applicationPermissionsComeFromTheAppRoleAssignmentsNotFromTheTokensRoles() throws Exception {
        // Application.ReadWrite.All: a Graph app role outside the ChatOps app's published list, so only Graph can name
        // it.
        sandbox.consent.adminConsent(
                CONTOSO,
                sandbox.application(CHATOPS),
                List.of("User.Read"),
                List.of("User.Read.All", "Application.ReadWrite.All"));
        String spId = sandbox.consent.servicePrincipal(CONTOSO, CHATOPS).orElseThrow().id;
        // The token claims every role; the tenant granted one. Graph's data wins.
        GraphGateway own = graph(appToken(sandbox.keys, CHATOPS, spId, EVERYTHING));
        List<GraphGateway.RoleAssignment> self = self(own);

        // Only the ChatOps token, which may not read Microsoft Graph's service principal: Microsoft's published ids.
        assertEquals(Set.of("User.Read.All"), ConsentCheck.applicationPermissions(self, List.of(own)));
        assertTrue(paths.stream().anyMatch(p -> p.contains("00000003-0000-0000-c000-000000000000")), paths.toString());

        // With a reader allowed to read Microsoft Graph's appRoles (the consent-management app): the same answer, by
        // name.
        sandbox.consent.adminConsent(
                CONTOSO, sandbox.application(MANAGEMENT), List.of(), List.of("Application.ReadWrite.All"));
        String managementSp =
                sandbox.consent.servicePrincipal(CONTOSO, MANAGEMENT).orElseThrow().id;
        GraphGateway management =
                graph(appToken(sandbox.keys, MANAGEMENT, managementSp, List.of("Application.ReadWrite.All")));
        assertEquals(
                Set.of("Application.ReadWrite.All", "User.Read.All"),
                ConsentCheck.applicationPermissions(self, List.of(management, own)));

        // Nothing granted: nothing, whatever the token says.
        sandbox.consent.assignments.clear();
        List<GraphGateway.RoleAssignment> none = self(own);
        assertEquals(Set.of(), ConsentCheck.applicationPermissions(none, List.of(management, own)));
        assertEquals(Set.of(), ConsentCheck.applicationPermissions(none, List.of(own)));
    }

    @Test
    void everyRequiredApplicationPermissionGrantedReadsAsGranted() throws Exception {
        sandbox.consent.adminConsent(CONTOSO, sandbox.application(CHATOPS), List.of("User.Read"), EVERYTHING);
        String spId = sandbox.consent.servicePrincipal(CONTOSO, CHATOPS).orElseThrow().id;
        GraphGateway own = graph(appToken(sandbox.keys, CHATOPS, spId, List.of()));
        List<GraphGateway.RoleAssignment> self = self(own);
        assertEquals(
                Set.copyOf(EVERYTHING),
                ConsentCheck.applicationPermissions(self, List.of(own)),
                "a token without a roles claim changes nothing");
    }
}
