package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Reading Microsoft Graph's JSON answers in the sandbox tests. */
final class GraphJson {

    private GraphJson() {}

    static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> values(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("value");
    }

    static Map<String, Object> error(HttpResponse<String> response) throws Exception {
        return asMap(json(response).get("error"));
    }

    static int status(Map<String, Object> response) {
        return ((Number) response.get("status")).intValue();
    }

    /** Graph's error shape: {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}. */
    static void assertGraphError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        Map<String, Object> error = error(response);
        assertEquals(code, error.get("code"), response.body());
        assertNotNull(error.get("message"));
        Map<String, Object> inner = asMap(error.get("innerError"));
        assertNotNull(inner.get("date"), response.body());
        assertNotNull(inner.get("request-id"), response.body());
        assertNotNull(inner.get("client-request-id"), response.body());
        assertEquals(response.headers().firstValue("request-id").orElse(null), inner.get("request-id"));
    }
}
