package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingInterceptorTest {

    private RecordingServer server;
    private OkHttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        http = new OkHttpClient.Builder()
                .addInterceptor(new RoutingInterceptor(TestRoutes.standIn(server.origin())))
                .callTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Test
    void graphPostIsRoutedWithMethodHeadersAndBody() throws Exception {
        server.answer(201, "application/json", "{\"id\":\"g1\"}", Map.of("request-id", "r-1"));
        String json = "{\"clientId\":\"c\",\"consentType\":\"Principal\",\"scope\":\"User.Read Chat.Read\"}";
        Request request = new Request.Builder()
                .url("https://graph.microsoft.com/v1.0/oauth2PermissionGrants")
                .header("Authorization", "Bearer header.payload.sig")
                .header("client-request-id", "c-1")
                .post(RequestBody.create(json, MediaType.get("application/json")))
                .build();

        try (Response response = http.newCall(request).execute()) {
            assertEquals(201, response.code());
            assertEquals("{\"id\":\"g1\"}", response.body().string());
            assertEquals("r-1", response.header("request-id"));
        }
        RecordingServer.Received r = server.next();
        assertEquals("POST", r.method());
        assertEquals("/sandbox/graph/v1.0/oauth2PermissionGrants", r.rawPath());
        assertEquals("Bearer header.payload.sig", r.header("Authorization"));
        assertEquals("c-1", r.header("client-request-id"));
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        assertEquals(json, r.body());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://graph.microsoft.com/v1.0/users?$filter=mail%20eq%20'a%2Bb@contoso.com'&$select=id,mail&$top=999"
                        + "|/sandbox/graph/v1.0/users",
                "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'A%26B')&$count=true|/sandbox/graph/v1.0/users",
                "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=a%2Bb%3D%3D|/sandbox/graph/v1.0/users/delta",
                "https://graph.microsoft.com/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')"
                        + "|/sandbox/graph/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')",
                "https://graph.microsoft.com/v1.0/me/|/sandbox/graph/v1.0/me/",
            })
    void odataUrlsSurviveTheRewrite(String url, String expectedPath) throws Exception {
        HttpUrl asGraphWouldGetIt = HttpUrl.get(url);
        try (Response response = http.newCall(new Request.Builder()
                        .url(url)
                        .header("Authorization", "Bearer t")
                        .build())
                .execute()) {
            assertEquals(200, response.code());
        }
        RecordingServer.Received r = server.next();
        assertEquals("GET", r.method());
        assertEquals(expectedPath, r.rawPath());
        // Exactly the query bytes OkHttp would have sent to graph.microsoft.com.
        assertEquals(asGraphWouldGetIt.encodedQuery(), r.rawQuery());
        assertEquals("Bearer t", r.header("Authorization"));
    }

    @Test
    void deleteAndPatchKeepTheirMethod() throws Exception {
        http.newCall(new Request.Builder()
                        .url("https://graph.microsoft.com/v1.0/oauth2PermissionGrants/g1")
                        .delete()
                        .build())
                .execute()
                .close();
        assertEquals("DELETE", server.next().method());
        http.newCall(new Request.Builder()
                        .url("https://graph.microsoft.com/v1.0/oauth2PermissionGrants/g1")
                        .patch(RequestBody.create("{\"scope\":\"User.Read\"}", MediaType.get("application/json")))
                        .build())
                .execute()
                .close();
        RecordingServer.Received r = server.next();
        assertEquals("PATCH", r.method());
        assertEquals("{\"scope\":\"User.Read\"}", r.body());
    }

    @Test
    void otherHostsAndProductionModeAreNotTouched() throws Exception {
        // A non-Microsoft URL (here: the test server itself) goes where it says.
        http.newCall(new Request.Builder()
                        .url(server.origin() + "/elsewhere?x=1")
                        .build())
                .execute()
                .close();
        assertEquals("/elsewhere", server.next().rawPath());

        OkHttpClient production = new OkHttpClient.Builder()
                .addInterceptor(new RoutingInterceptor(MicrosoftRoutes.none()))
                .build();
        production
                .newCall(new Request.Builder().url(server.origin() + "/direct").build())
                .execute()
                .close();
        assertEquals("/direct", server.next().rawPath());
        production.dispatcher().executorService().shutdown();
    }
}
