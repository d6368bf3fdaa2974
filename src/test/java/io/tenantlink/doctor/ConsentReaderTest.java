package io.tenantlink.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.MicrosoftRoutes;
import io.tenantlink.microsoft.TestRoutes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader against a scripted Graph on loopback: which requests it makes, what it makes of the answers, and errors. */
class ConsentReaderTest {

    static final String GRAPH_SP = "11111111-1111-1111-1111-111111111111";
    static final String CHATOPS = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    static final String CHATOPS_SP = "22222222-2222-2222-2222-222222222222";
    static final String TODO = "32d752a1-8945-4600-97c9-73ed32c3627a";
    static final String ROLE_CHAT_CREATE = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String ROLE_USER_READ_ALL = "aaaaaaaa-0000-0000-0000-000000000002";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private record Answer(int status, String body) {}

    private GraphGateway graph(Function<String, Answer> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String request = URLDecoder.decode(
                    exchange.getRequestURI().getRawPath() + "?"
                            + exchange.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8);
            requests.add(request);
            Answer answer = script.apply(request);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        MicrosoftRoutes routing = TestRoutes.standIn(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        return GraphGateway.create(
                routing,
                () -> "token",
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                new GraphGateway.Budget(Duration.ofSeconds(2), 1, Duration.ofMillis(10)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static Answer tenant(String request) {
        if (request.contains("appId eq '00000003-0000-0000-c000-000000000000'")) {
            return new Answer(
                    200,
                    "{\"value\":[{\"id\":\"" + GRAPH_SP
                            + "\",\"appId\":\"00000003-0000-0000-c000-000000000000\",\"appRoles\":[" + "{\"id\":\""
                            + ROLE_CHAT_CREATE + "\",\"value\":\"Chat.Create\"},{\"id\":\"" + ROLE_USER_READ_ALL
                            + "\",\"value\":\"User.Read.All\"}]}]}");
        }
        if (request.contains("appId eq '" + CHATOPS + "'")) {
            return new Answer(200, "{\"value\":[{\"id\":\"" + CHATOPS_SP + "\",\"appId\":\"" + CHATOPS + "\"}]}");
        }
        if (request.contains("appId eq '" + TODO + "'")) {
            return new Answer(200, "{\"value\":[]}");
        }
        if (request.contains("/appRoleAssignedTo") && !request.contains("skiptoken")) {
            return new Answer(
                    200,
                    "{\"value\":[{\"principalId\":\"" + CHATOPS_SP + "\",\"appRoleId\":\"" + ROLE_CHAT_CREATE + "\"},"
                            + "{\"principalId\":\"33333333-3333-3333-3333-333333333333\",\"appRoleId\":\""
                            + ROLE_USER_READ_ALL + "\"}],"
                            + "\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/servicePrincipals/" + GRAPH_SP
                            + "/appRoleAssignedTo?$skiptoken=2\"}");
        }
        if (request.contains("/appRoleAssignedTo")) {
            return new Answer(
                    200,
                    "{\"value\":[{\"principalId\":\"" + CHATOPS_SP.toUpperCase() + "\",\"appRoleId\":\""
                            + ROLE_USER_READ_ALL + "\"}]}");
        }
        if (request.contains("/oauth2PermissionGrants")) {
            return new Answer(
                    200,
                    "{\"value\":[{\"clientId\":\"" + CHATOPS_SP
                            + "\",\"consentType\":\"AllPrincipals\",\"resourceId\":\"" + GRAPH_SP
                            + "\",\"scope\":\" User.Read  Chat.Create \"},{\"clientId\":\"" + CHATOPS_SP
                            + "\",\"consentType\":\"AllPrincipals\",\"resourceId\":\"44444444-4444-4444-4444-444444444444\",\"scope\":\"Other.Api\"}]}");
        }
        return new Answer(404, "{\"error\":{\"code\":\"Request_ResourceNotFound\"}}");
    }

    @Test
    void readsServicePrincipalsGrantsAndApplicationPermissionsFollowingPages() throws Exception {
        ConsentReader.Reading reading =
                ConsentReader.read(graph(ConsentReaderTest::tenant), List.of(CHATOPS, TODO, CHATOPS.toUpperCase()));
        ConsentReader.Read read = assertInstanceOf(ConsentReader.Read.class, reading);
        ClientFacts chatops = read.facts().get(CHATOPS);
        assertTrue(chatops.installed());
        assertEquals(
                Set.of("User.Read", "Chat.Create"), chatops.delegated(), "only the grant to Microsoft Graph counts");
        assertEquals(
                Set.of("Chat.Create", "User.Read.All"), chatops.application(), "both pages, principal ids in any case");
        assertFalse(read.facts().get(TODO).installed());
        assertEquals(
                1,
                requests.stream()
                        .filter(r -> r.contains("appId eq '" + CHATOPS + "'"))
                        .count(),
                "one lookup per distinct client id");
        assertTrue(
                requests.stream()
                        .anyMatch(
                                r -> r.contains("clientId eq '" + CHATOPS_SP + "' and consentType eq 'AllPrincipals'")),
                requests.toString());
        assertEquals(
                1,
                requests.stream()
                        .filter(r -> r.contains("/oauth2PermissionGrants"))
                        .count(),
                "no grant lookup for an absent app");
    }

    @Test
    void aForbiddenAnswerIsReportedAsSuch() throws Exception {
        ConsentReader.Reading reading = ConsentReader.read(
                graph(r -> r.contains("oauth2PermissionGrants")
                        ? new Answer(403, "{\"error\":{\"code\":\"Authorization_RequestDenied\"}}")
                        : tenant(r)),
                List.of(CHATOPS));
        ConsentReader.Failure failure = assertInstanceOf(ConsentReader.Failure.class, reading);
        assertEquals(ConsentReader.FailureKind.FORBIDDEN, failure.kind());
        assertTrue(failure.detail().contains("403"), failure.detail());
    }

    @Test
    void otherErrorsAndGarbageAreGraphErrors() throws Exception {
        ConsentReader.Reading error = ConsentReader.read(graph(r -> new Answer(500, "{}")), List.of(CHATOPS));
        assertEquals(
                ConsentReader.FailureKind.GRAPH_ERROR,
                assertInstanceOf(ConsentReader.Failure.class, error).kind());
        stop();
        ConsentReader.Reading garbage = ConsentReader.read(graph(r -> new Answer(200, "<html>")), List.of(CHATOPS));
        assertEquals(
                ConsentReader.FailureKind.GRAPH_ERROR,
                assertInstanceOf(ConsentReader.Failure.class, garbage).kind());
    }

    @Test
    void noAnswerIsUnavailable() throws Exception {
        GraphGateway graph = graph(ConsentReaderTest::tenant);
        server.stop(0);
        server = null;
        ConsentReader.Reading reading = ConsentReader.read(graph, List.of(CHATOPS));
        assertEquals(
                ConsentReader.FailureKind.UNAVAILABLE,
                assertInstanceOf(ConsentReader.Failure.class, reading).kind());
    }
}
