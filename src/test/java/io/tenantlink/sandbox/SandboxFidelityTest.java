package io.tenantlink.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Where the stand-in follows Microsoft's documentation without HTTP (docs/sandbox-fidelity.md lists each). */
class SandboxFidelityTest {

    /**
     * Every AADSTS code the stand-in answers with, and what Microsoft's error reference (reference-error-codes) calls
     * it: a code is used only for the meaning the reference gives it.
     */
    static final Map<Integer, String> REFERENCE = Map.ofEntries(
            Map.entry(50011, "InvalidReplyTo"),
            Map.entry(50020, "UserUnauthorized"),
            Map.entry(50034, "UserAccountNotFound"),
            Map.entry(50058, "UserInformationNotProvided (prompt=none, no session)"),
            Map.entry(50089, "Authentication failed due to flow token expired"),
            Map.entry(50173, "FreshTokenNeeded"),
            Map.entry(54005, "Authorization code was already redeemed"),
            Map.entry(65001, "DelegationDoesNotExist"),
            Map.entry(65004, "UserDeclinedConsent"),
            Map.entry(70000, "InvalidGrant"),
            Map.entry(70003, "UnsupportedGrantType"),
            Map.entry(70005, "UnsupportedResponseType"),
            Map.entry(70008, "ExpiredOrRevokedGrant"),
            Map.entry(70011, "InvalidScope"),
            Map.entry(90002, "InvalidTenantName"),
            Map.entry(90094, "AdminConsentRequired"),
            Map.entry(90100, "InvalidRequestParameter"),
            Map.entry(90130, "NonConvergedAppV2GlobalEndpointNotSupported (/common, /consumers)"),
            Map.entry(500011, "InvalidResourceServicePrincipalNotFound"),
            Map.entry(501481, "Code_Verifier does not match the code_challenge"),
            Map.entry(700005, "InvalidGrantRedeemAgainstWrongTenant"),
            Map.entry(700016, "UnauthorizedClient_DoesNotMatchRequest (app not found)"),
            Map.entry(700054, "Response_type 'id_token' isn't enabled"),
            Map.entry(700082, "ExpiredOrRevokedGrantInactiveToken"),
            Map.entry(900144, "The request body must contain the following parameter"),
            Map.entry(7000215, "Invalid client secret is provided"),
            Map.entry(7000218, "The request body must contain 'client_assertion' or 'client_secret'"),
            Map.entry(9002313, "InvalidRequest - Request is malformed or invalid"));

    /** Not in the reference table, but what Microsoft answers (client-credentials flow without /.default); no other meaning. */
    static final Set<Integer> OBSERVED = Set.of(1002012);

    private static final Pattern CALL =
            Pattern.compile("(?:IdentityError(?:\\.\\w+)?\\(|problem\\(|redirectError\\()([^;]*)", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{5,7})\\b");

    @Test
    void everyAadstsCodeTheStandInEmitsHasThatMeaningInMicrosoftsErrorReference() throws IOException {
        Map<Integer, List<String>> used = new TreeMap<>();
        try (var files = Files.list(Path.of("src", "sandbox", "java", "io", "tenantlink", "sandbox"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher call = CALL.matcher(Files.readString(file));
                while (call.find()) {
                    Matcher code = CODE.matcher(call.group(1));
                    if (code.find()) {
                        used.computeIfAbsent(Integer.parseInt(code.group(1)), k -> new java.util.ArrayList<>())
                                .add(file.getFileName().toString());
                    }
                }
            }
        }
        assertTrue(used.size() > 20, "the scan finds the stand-in's codes: " + used);
        Set<Integer> unknown = new TreeSet<>(used.keySet());
        unknown.removeAll(REFERENCE.keySet());
        unknown.removeAll(OBSERVED);
        assertEquals(Set.of(), unknown, "codes outside Microsoft's error reference: " + used);
        for (int retired : List.of(90009, 90014, 500117, 501491, 650053, 5000531)) {
            assertFalse(
                    used.containsKey(retired), "AADSTS" + retired + " means something else in Microsoft's reference");
        }
    }

    /** access-token-claims-reference: wids only when groupMembershipClaims asks for directory roles; none by default. */
    @Test
    void idTokensCarryWidsOnlyWhenTheAppRegistrationAsksForDirectoryRoles() throws Exception {
        SandboxTokens tokens = new SandboxTokens();
        tokens.keys = new SandboxKeys();
        DirectoryData.Tenant tenant = new DirectoryData.Tenant();
        tenant.id = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
        DirectoryData.User admin = new DirectoryData.User();
        admin.id = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
        admin.userPrincipalName = "megan.admin@contoso.example";
        admin.displayName = "Megan Bowen";
        admin.roles.add(DirectoryRoles.GLOBAL_ADMINISTRATOR);
        SandboxDirectory.Member megan = new SandboxDirectory.Member(tenant, admin);

        DirectoryData.Application app = new DirectoryData.Application();
        app.appId = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
        assertNull(
                claims(tokens.idToken(megan, app, "n", Instant.now())).get("wids"),
                "Microsoft's default (None): no wids");
        app.groupMembershipClaims = "SecurityGroup";
        assertNull(claims(tokens.idToken(megan, app, "n", Instant.now())).get("wids"));
        app.groupMembershipClaims = "DirectoryRole";
        assertEquals(
                List.of(DirectoryRoles.GLOBAL_ADMINISTRATOR),
                claims(tokens.idToken(megan, app, "n", Instant.now())).get("wids"));
        app.groupMembershipClaims = "All";
        assertEquals(
                List.of(DirectoryRoles.GLOBAL_ADMINISTRATOR),
                claims(tokens.idToken(megan, app, "n", Instant.now())).get("wids"));
    }

    @Test
    void theBuiltInDirectoryKeepsWidsForChatOpsOnly() throws Exception {
        String json = Files.readString(Path.of("src", "sandbox", "resources", "sandbox", "directory.json"));
        try (jakarta.json.bind.Jsonb jsonb = jakarta.json.bind.JsonbBuilder.create()) {
            DirectoryData data = jsonb.fromJson(json, DirectoryData.class);
            for (DirectoryData.Application app : data.applications) {
                assertEquals(app.displayName.equals("TenantLink ChatOps"), app.emitsDirectoryRoles(), app.displayName);
            }
        } catch (jakarta.json.bind.JsonbException | IllegalStateException noJsonbProvider) {
            // No JSON-B implementation outside the server: read the setting textually.
            assertEquals(1, json.split("\"groupMembershipClaims\": \"DirectoryRole\"", -1).length - 1, json);
        }
    }

    /** Dynamic consent (permissions-consent-overview): a published Graph permission is asked for; an unknown one is invalid_scope. */
    @Test
    void scopesMicrosoftGraphPublishesAreAskedForOthersAreUnknown() {
        RequestedScopes scopes =
                RequestedScopes.parse("openid offline_access User.Read https://graph.microsoft.com/Mail.Read Made.Up");
        assertEquals(Set.of("Made.Up"), scopes.notPublished(Set.of("User.Read", "Mail.Read", "openid")));
        DirectoryData.Application app = new DirectoryData.Application();
        app.delegatedScopes = List.of("User.Read");
        assertEquals(
                Set.of("Mail.Read", "Made.Up"),
                scopes.undeclared(app),
                "not on the registration, yet not refused for that");
        assertEquals(
                Set.of("https://contoso.example/api/read"),
                RequestedScopes.parse("https://contoso.example/api/read").unknownResource());
    }

    /** SECURITY.md 23, DNS rebinding: the control API answers only its own loopback host names. */
    @Test
    void theControlApiAnswersOnlyRequestsAddressedToItsOwnLoopbackNames() throws Exception {
        for (String host : List.of("127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080")) {
            assertTrue(ControlHostFilter.ownHost(host, 8080), host);
        }
        for (String host : new String[] {
            null,
            "",
            "127.0.0.1",
            "localhost",
            "127.0.0.1:8081",
            "rebound.example:8080",
            "localhost.rebound.example:8080",
            "127.0.0.2:8080",
            "0.0.0.0:8080",
            "[::1]:80"
        }) {
            assertFalse(ControlHostFilter.ownHost(host, 8080), String.valueOf(host));
        }

        AtomicBoolean ran = new AtomicBoolean();
        AtomicInteger status = new AtomicInteger();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new ControlHostFilter()
                .doFilter(request("rebound.example:8080", 8080), response(status, body), (q, r) -> ran.set(true));
        assertFalse(ran.get(), "nothing runs for a rebound name");
        assertEquals(421, status.get());
        assertTrue(body.toString(StandardCharsets.UTF_8).contains("127.0.0.1"));

        new ControlHostFilter()
                .doFilter(request("127.0.0.1:8080", 8080), response(status, body), (q, r) -> ran.set(true));
        assertTrue(ran.get());
    }

    private static Map<String, Object> claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().getClaims();
    }

    private static HttpServletRequest request(String host, int port) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                SandboxFidelityTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Host".equalsIgnoreCase((String) args[0]) ? host : null;
                    case "getLocalPort" -> port;
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> null;
                });
    }

    private static HttpServletResponse response(AtomicInteger status, ByteArrayOutputStream body) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(
                SandboxFidelityTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status.set((Integer) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {}
                    }
                    return null;
                });
    }
}
