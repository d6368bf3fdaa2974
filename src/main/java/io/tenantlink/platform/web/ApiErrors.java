package io.tenantlink.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

/**
 * Errors of the JSON API ({@code /api/}) are answered as problem JSON (RFC 9457), not as pages. {@link ErrorPages}
 * hands them to the API feature's implementation (a CDI bean), so the platform depends on no feature.
 */
public interface ApiErrors {

    String PREFIX = "/api/";

    /** Whether the request (or, on an error dispatch, the request that failed) is an API request. */
    static boolean isApi(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failed instanceof String original ? original : request.getRequestURI();
        String path = uri == null
                ? ""
                : uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        return path.startsWith(PREFIX) || path.equals("/api");
    }

    /** The problem answer for an exception no API mapper handled, with the status the page would have had. */
    Response problem(Exception exception, int status);
}
