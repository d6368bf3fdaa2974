package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AadstsErrorTest {

    private static AadstsError parse(String json) {
        return AadstsError.parse(json).orElseThrow();
    }

    @Test
    void parsesMicrosoftsTokenEndpointError() {
        String body = """
                {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to \
                inactivity. Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333 Correlation ID: \
                aaaa0000-bb11-2222-33cc-444444dddddd Timestamp: 2025-06-01 12:00:00Z",\
                "error_codes":[700082],"timestamp":"2025-06-01 12:00:00Z",\
                "trace_id":"0000aaaa-11bb-cccc-dd22-eeeeee333333",\
                "correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd",\
                "error_uri":"https://login.microsoftonline.com/error?code=700082"}""";
        AadstsError e = parse(body);
        assertEquals("invalid_grant", e.error());
        assertEquals(700082, e.code());
        assertTrue(e.description().startsWith("AADSTS700082: The refresh token has expired"));
        assertTrue(e.needsSignInAgain());
    }

    @Test
    void codeComesFromErrorCodesFirst() {
        AadstsError e = parse("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000222: secret expired\","
                + "\"error_codes\":[7000215,7000222]}");
        assertEquals(7000215, e.code());
        assertFalse(e.needsSignInAgain());
    }

    @Test
    void codeFallsBackToTheDescription() {
        assertEquals(
                65001,
                parse("{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS65001: no consent\"}")
                        .code());
        assertEquals(
                50011,
                parse("{\"error\":\"invalid_request\",\"error_description\":\"AADSTS50011: reply\","
                                + "\"error_codes\":[]}")
                        .code());
        assertEquals(
                90094,
                parse("{\"error\":\"x\",\"error_description\":\"AADSTS90094\",\"error_codes\":[\"n/a\"]}")
                        .code());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"error\":\"invalid_request\",\"error_description\":\"The request is malformed (AADSTS50011 inside)\"}",
                "{\"error\":\"invalid_request\",\"error_description\":\"AADSTS: none\"}",
                "{\"error\":\"invalid_request\",\"error_description\":\"AADSTS99999999999: too big\"}",
                "{\"error\":\"invalid_request\",\"error_description\":null}",
                "{\"error\":\"invalid_request\"}",
                "{\"error\":\"invalid_request\",\"error_codes\":[-1]}",
            })
    void noCodeIsZero(String body) {
        assertEquals(0, parse(body).code());
    }

    @ParameterizedTest
    @CsvSource({
        "invalid_grant, 700082, true",
        "invalid_grant, 50173, true",
        "invalid_grant, 70000, true",
        "invalid_grant, 54005, true",
        "invalid_grant, 0, true",
        // consent_required: the refresh token is fine, the tenant lacks consent for the scopes asked
        "invalid_grant, 65001, false",
        "interaction_required, 50173, true",
        "invalid_client, 7000222, false",
        "unauthorized_client, 700016, false",
        "invalid_request, 90094, false",
        "temporarily_unavailable, 0, false",
    })
    void signInAgain(String error, int code, boolean expected) {
        assertEquals(expected, new AadstsError(error, code, null).needsSignInAgain());
    }

    @Test
    void consentRequiredIsConsentMissingNotADeadToken() {
        AadstsError error = new AadstsError("invalid_grant", 65001, "AADSTS65001: no consent");
        assertTrue(error.consentMissing());
        assertFalse(new AadstsError("invalid_grant", 700082, null).consentMissing());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "not json",
                "[1,2]",
                "{\"access_token\":\"x\"}",
                "{\"error\":42}",
                "{\"error\":\"\"}",
                "<html>Service Unavailable</html>"
            })
    void notAnErrorBodyIsEmpty(String body) {
        assertEquals(Optional.empty(), AadstsError.parse(body));
    }

    @Test
    void nullIsEmpty() {
        assertEquals(Optional.empty(), AadstsError.parse(null));
    }

    @Test
    void fromWhatMsal4jKeeps() {
        AadstsError e = AadstsError.of("invalid_client", "AADSTS7000222: The provided client secret keys are expired.");
        assertEquals(7000222, e.code());
        assertFalse(e.needsSignInAgain());
        assertEquals(0, AadstsError.of("invalid_grant", null).code());
        assertTrue(AadstsError.of("invalid_grant", null).needsSignInAgain());
    }
}
