package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.RunMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The portal refuses to start on an incomplete or implicit Microsoft configuration, naming what is missing. */
class MicrosoftSettingsTest {

    private static final Optional<String> NONE = Optional.empty();
    private static final Optional<String> ROUTES = Optional.of(
            "login.microsoftonline.com=http://127.0.0.1:8080/sandbox/login,graph.microsoft.com=http://127.0.0.1:8080/sandbox/graph");

    private static MicrosoftSettings entra(
            Optional<String> clientId,
            Optional<String> secret,
            Optional<String> certificate,
            Optional<String> tokenKey,
            String publicUrl,
            Optional<String> routes) {
        return new MicrosoftSettings(RunMode.Kind.ENTRA, clientId, secret, certificate, tokenKey, publicUrl, routes);
    }

    private static final Optional<String> ID = Optional.of("11111111-2222-3333-4444-555555555555");
    private static final Optional<String> KEY = Optional.of("a2V5");

    @Test
    void noModeAtAllNamesTheVariablesToSet() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> RunMode.parse(null));
        for (String variable : List.of(
                "TENANTLINK_MICROSOFT",
                "TENANTLINK_MICROSOFT_CLIENT_ID",
                "TENANTLINK_MICROSOFT_CLIENT_SECRET",
                "TENANTLINK_MICROSOFT_CLIENT_CERTIFICATE",
                "TENANTLINK_TOKEN_KEY",
                "TENANTLINK_PUBLIC_URL")) {
            assertTrue(refused.getMessage().contains(variable), variable + " in: " + refused.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> RunMode.parse("  "));
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> RunMode.parse("production"));
        assertTrue(unknown.getMessage().contains("'entra' or 'sandbox'"));
        assertEquals(RunMode.Kind.ENTRA, RunMode.parse(" Entra "));
        assertEquals(RunMode.Kind.SANDBOX, RunMode.parse("sandbox"));
    }

    @Test
    void entraWithEverythingStarts() {
        assertEquals(
                List.of(),
                entra(ID, Optional.of("secret"), NONE, KEY, "https://tenantlink.example.com/", NONE)
                        .problems());
        assertEquals(
                List.of(),
                entra(ID, NONE, Optional.of("/etc/tenantlink/chatops.p12"), KEY, "https://t.example/", NONE)
                        .problems());
    }

    @Test
    void entraRefusesEachMissingPiece() {
        assertProblem(
                entra(NONE, Optional.of("secret"), NONE, KEY, "https://t.example/", NONE),
                "TENANTLINK_MICROSOFT_CLIENT_ID");
        assertProblem(
                entra(ID, NONE, NONE, KEY, "https://t.example/", NONE), "TENANTLINK_MICROSOFT_CLIENT_CERTIFICATE");
        assertProblem(entra(ID, Optional.of("secret"), NONE, NONE, "https://t.example/", NONE), "TENANTLINK_TOKEN_KEY");
        assertProblem(entra(ID, Optional.of("secret"), NONE, KEY, "http://localhost:8080/", NONE), "https://");
        assertProblem(entra(ID, Optional.of("secret"), NONE, KEY, "https://t.example/", ROUTES), "sandbox mode only");
    }

    @Test
    void entraWithNothingListsEveryProblemAtOnce() {
        assertEquals(
                4,
                entra(NONE, NONE, NONE, NONE, "http://localhost:8080/", NONE)
                        .problems()
                        .size());
    }

    @Test
    void sandboxNeedsTheStandInsRegistrationAndRoutes() {
        MicrosoftSettings complete = new MicrosoftSettings(
                RunMode.Kind.SANDBOX, ID, Optional.of("sandbox-secret"), NONE, NONE, "http://localhost:8080/", ROUTES);
        assertEquals(List.of(), complete.problems());
        assertProblem(
                new MicrosoftSettings(
                        RunMode.Kind.SANDBOX, ID, Optional.of("s"), NONE, NONE, "http://localhost:8080/", NONE),
                "TENANTLINK_MICROSOFT_ROUTES");
        assertProblem(
                new MicrosoftSettings(RunMode.Kind.SANDBOX, ID, NONE, NONE, NONE, "http://localhost:8080/", ROUTES),
                "TENANTLINK_MICROSOFT_CLIENT_SECRET");
        assertProblem(
                new MicrosoftSettings(
                        RunMode.Kind.SANDBOX,
                        ID,
                        Optional.of("s"),
                        NONE,
                        NONE,
                        "http://localhost:8080/",
                        Optional.of("example.com=http://127.0.0.1/")),
                "not understood");
    }

    private static void assertProblem(MicrosoftSettings settings, String expected) {
        List<String> problems = settings.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(expected), problems.get(0));
    }
}
