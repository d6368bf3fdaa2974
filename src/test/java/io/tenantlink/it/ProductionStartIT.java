package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The production artifact started as production starts it: Payara Micro with the post-boot commands of
 * deploy/postboot-deploy.sh (the WAR, its libraries beside it), no stand-in. With no Microsoft configuration at all
 * the portal refuses to start, naming the variables; with a complete Entra configuration it starts, and the operator
 * signs in.
 */
class ProductionStartIT {

    /** The first start's operator password: made up per run, so no fixed value stands in the repository. */
    private static final String PASSWORD = "Start-" + java.util.UUID.randomUUID() + "-Aa1";

    @Test
    void withoutMicrosoftConfigurationThePortalRefusesToStart() throws Exception {
        try (PortalProcess payara = PortalProcess.start("refusal", PortalProcess.freePort(), List.of())) {
            String refusal = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (refusal == null && System.nanoTime() < deadline) {
                String text = payara.log();
                int at = text.indexOf("TenantLink will not start");
                if (at >= 0) {
                    refusal = text.substring(at, Math.min(text.length(), at + 2000));
                } else if (text.contains("TenantLink is ready")
                        || !payara.process().isAlive()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(refusal != null, () -> "the log says the portal will not start; " + payara.diagnosis());
            for (String variable : List.of(
                    "TENANTLINK_MICROSOFT",
                    "TENANTLINK_MICROSOFT_CLIENT_ID",
                    "TENANTLINK_TOKEN_KEY",
                    "TENANTLINK_PUBLIC_URL",
                    "deploy/run-local.sh")) {
                assertTrue(refusal.contains(variable), variable + " named in: " + refusal);
            }
            assertNotEquals(200, payara.status("/health/ready"), "a portal that refused to start is never ready");
            // It does not linger as a server with nothing deployed: the process ends, with a failed start's status.
            assertTrue(payara.process().waitFor(2, TimeUnit.MINUTES), "the process ends; see " + payara.logFile());
            assertEquals(3, payara.process().exitValue(), "a failed start's exit status");
        }
    }

    @Test
    void withAnEntraConfigurationItStartsAndTheOperatorSignsIn() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        int port = PortalProcess.freePort();
        try (PortalProcess payara = PortalProcess.start(
                "entra",
                port,
                List.of(
                        "-Dtenantlink.microsoft=entra",
                        "-Dtenantlink.microsoft.client-id=11111111-2222-3333-4444-555555555555",
                        "-Dtenantlink.microsoft.client-secret=production-start-not-a-secret",
                        "-Dtenantlink.token-key=" + Base64.getEncoder().encodeToString(key),
                        "-Dtenantlink.public-url=https://127.0.0.1:" + port + "/",
                        "-Dtenantlink.bootstrap.password=" + PASSWORD))) {
            assertEquals(200, payara.awaitReady(5), () -> "ready; " + payara.diagnosis());

            // Behind its TLS proxy (X-Forwarded-Proto): the session cookie is Secure, so it is carried by hand.
            HttpClient browser = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpResponse<String> login = browser.send(
                    payara.request("/login").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String session = PortalProcess.cookies(login);
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.body().contains("name=\"password\""), "the sign-in form: " + login.body());
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
            assertTrue(csrf.find(), "a CSRF field on the sign-in form");
            String form = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                    + "&username=admin&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = browser.send(
                    payara.request("/login")
                            .header("Cookie", session)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(303, signedIn.statusCode(), "signed in: " + signedIn.body());
            assertTrue(signedIn.headers().firstValue("Location").orElse("").endsWith("/sites"));
            // A new session after sign-in; its first page asks the operator for a password of their own.
            String signedInSession =
                    PortalProcess.cookies(signedIn).isEmpty() ? session : PortalProcess.cookies(signedIn);
            HttpResponse<String> sites = browser.send(
                    payara.request("/sites").header("Cookie", signedInSession).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String next = sites.headers().firstValue("Location").orElse("");
            assertTrue(next.endsWith("/account/password"), "the first sign-in asks for a new password: " + next);
        }
    }
}
