package io.tenantlink.it;

import static io.tenantlink.it.SandboxBrowser.FABRIKAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.GraphUser;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphSdk;
import io.tenantlink.microsoft.MicrosoftRoutes;
import io.tenantlink.microsoft.TestRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * The portal's Graph gateway (the Graph SDK underneath) against the sandbox's Graph: paging, batching, and its handling
 * of a misbehaving Microsoft (throttling, latency, hung requests) injected through the sandbox's controls.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GraphAccessIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private SandboxBrowser browser;
    private MicrosoftRoutes routing;
    private String appToken;

    @BeforeEach
    void appOnlyTokenForFabrikam() throws Exception {
        browser = new SandboxBrowser(base);
        routing = TestRoutes.standIn(URI.create(browser.origin()));
        browser.consentAsAdmin(FABRIKAM, "admin@fabrikam.example");
        ConfidentialClientApplication app = browser.chatOps(FABRIKAM, null);
        appToken = app.acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                        .build())
                .get()
                .accessToken();
    }

    @AfterEach
    void resetFaults() throws Exception {
        control("DELETE", null);
        browser.close();
    }

    private GraphGateway graph(Duration read, Duration budget) {
        return GraphGateway.create(
                routing,
                () -> appToken,
                Duration.ofSeconds(2),
                read,
                new GraphGateway.Budget(budget, 6, Duration.ofMillis(200)));
    }

    private void control(String method, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(browser.origin() + "/sandbox/graph-control/faults"))
                .header("X-Sandbox-Control", "1")
                .header("Content-Type", "application/json");
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> answer =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() < 300, "fault control answered " + answer.statusCode() + ": " + answer.body());
    }

    private List<String> allUserIds(GraphGateway graph) throws Exception {
        // Pages of two: the gateway follows only nextLinks on graph.microsoft.com, so all four come back only if the
        // stand-in names Graph itself in them.
        return graph.all(new GraphRequest.Users(null, 2), 100).stream()
                .map(GraphUser::id)
                .toList();
    }

    @Test
    void pagesThroughEveryUserOfTheTenant() throws Exception {
        assertEquals(
                4,
                allUserIds(graph(Duration.ofSeconds(10), Duration.ofSeconds(30)))
                        .size(),
                "Fabrikam has four users");
    }

    @Test
    void theGraphSdkPagesThroughUsersAndRetriesAThrottledRequest() throws Exception {
        GraphServiceClient sdk =
                GraphSdk.client(routing, () -> appToken, Duration.ofSeconds(2), Duration.ofSeconds(10));
        UserCollectionResponse first = sdk.users().get(request -> request.queryParameters.top = 2);
        List<String> ids = new ArrayList<>();
        new PageIterator.Builder<User, UserCollectionResponse>()
                .client(sdk)
                .collectionPage(first)
                .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(user -> ids.add(user.getId()))
                .build()
                .iterate();
        assertEquals(4, ids.size(), "the SDK followed the sandbox's nextLinks on graph.microsoft.com");

        control("POST", "{\"throttleNextRequests\":1}");
        long start = System.nanoTime();
        assertEquals(4, sdk.users().get().getValue().size(), "the SDK's retry handler waited out the 429");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 900, "Retry-After honoured");
    }

    @Test
    void throttlingIsWaitedOutAsRetryAfterSays() throws Exception {
        control("POST", "{\"throttleNextRequests\":2}");
        long start = System.nanoTime();
        GraphAnswer<Page<GraphUser>> users =
                graph(Duration.ofSeconds(10), Duration.ofSeconds(30)).send(new GraphRequest.Users(null, 1));
        assertEquals(200, users.status(), users.errorText());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000, "waited for Retry-After");
    }

    @Test
    void aThrottledRequestInsideABatchIsSentAgainAlone() throws Exception {
        GraphGateway graph = graph(Duration.ofSeconds(10), Duration.ofSeconds(30));
        List<String> ids = allUserIds(graph);
        List<GraphRequest.UsersByIds> requests = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            requests.add(new GraphRequest.UsersByIds(List.of(ids.get(i % ids.size()))));
        }
        control("POST", "{\"throttleNextRequests\":1}");
        List<GraphAnswer<Page<GraphUser>>> results = graph.batch(requests);
        assertEquals(25, results.size());
        assertTrue(results.stream().allMatch(r -> r.status() == 200), results.toString());
        for (int i = 0; i < 25; i++) {
            assertEquals(
                    ids.get(i % ids.size()),
                    results.get(i).value().items().get(0).id(),
                    "each answer to its request, whatever order the stand-in answered in");
        }
        assertTrue(results.stream().anyMatch(r -> r.attempts() == 2), "one request was throttled and retried alone");
    }

    @Test
    void injectedLatencyAndHungRequestsAreBoundedByTheClientsTimeouts() throws Exception {
        control("POST", "{\"latencyMillis\":300}");
        long start = System.nanoTime();
        assertEquals(
                200,
                graph(Duration.ofSeconds(10), Duration.ofSeconds(30))
                        .send(new GraphRequest.Users(null, 1))
                        .status());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "latency applied");

        control("POST", "{\"latencyMillis\":0,\"hangNextRequests\":5,\"hangMillis\":4000}");
        long hangStart = System.nanoTime();
        assertThrows(
                IOException.class,
                () -> graph(Duration.ofMillis(700), Duration.ofMillis(1500)).send(new GraphRequest.Users(null, 1)));
        long gaveUpAfter = Duration.ofNanos(System.nanoTime() - hangStart).toMillis();
        assertTrue(
                gaveUpAfter < 3500, "the client gave up within its budget, not after the hang: " + gaveUpAfter + " ms");
        // The abandoned requests still wake on the server when their hang ends and are then admitted as
        // Graph operations: let them through now, or they take the injected throttle of a later test.
        Thread.sleep(Math.max(0, 4000 + 1000 - gaveUpAfter));
    }
}
