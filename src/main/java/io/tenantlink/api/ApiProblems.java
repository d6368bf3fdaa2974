package io.tenantlink.api;

import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.web.ApiErrors;
import io.tenantlink.platform.web.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Problem JSON for the API: {@link ApiProblem}s its resources raise (this mapper), and every other error of an
 * {@code /api/} request that the portal's error pages hand over ({@link ApiErrors}). Pages keep their HTML.
 */
@Provider
@ApplicationScoped
public class ApiProblems implements ExceptionMapper<ApiProblem>, ApiErrors {

    static final String TYPE_BASE = "urn:tenantlink:problem:";

    private static final Jsonb JSON = JsonbBuilder.create();

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ApiProblem problem) {
        return answer(problem.status(), problem.slug(), problem.title(), problem.detail());
    }

    @Override
    public Response problem(Exception exception, int status) {
        if (exception instanceof ApiProblem problem) {
            return toResponse(problem);
        }
        if (exception instanceof InvalidInputException invalid) {
            return answer(
                    400,
                    "invalid-input",
                    "Invalid input",
                    Messages.get(Locale.ENGLISH, invalid.messageKey(), invalid.arguments()));
        }
        if (unreadableBody(exception)) {
            return answer(400, "invalid-input", "Invalid input", "The request body is not JSON of the expected shape.");
        }
        if (exception instanceof WebApplicationException && status == 400) {
            // Jersey's own: a body that is not JSON, or JSON that does not fit the request's shape.
            return answer(400, "invalid-input", "Invalid input", "The request body is not JSON of the expected shape.");
        }
        return switch (status) {
            case 401 -> unauthorized();
            case 403 -> answer(403, "forbidden", "Forbidden", "This token may not do this.");
            case 404 -> answer(404, "not-found", "Not found", "There is nothing here for this token.");
            case 405 ->
                answer(405, "method-not-allowed", "Method not allowed", "This address does not take that method.");
            case 406 -> answer(406, "not-acceptable", "Not acceptable", "The API answers application/json only.");
            case 413 -> answer(413, "too-large", "Request too large", "The request body is too large.");
            case 415 ->
                answer(415, "unsupported-media-type", "Unsupported media type", "Send the body as application/json.");
            case 503 ->
                Response.fromResponse(
                                answer(
                                        503,
                                        "unavailable",
                                        "Temporarily unavailable",
                                        "The portal cannot reach its database just now; nothing was changed. Try again shortly."))
                        .header("Retry-After", "10")
                        .build();
            default ->
                status >= 500
                        ? answer(
                                500,
                                "server-error",
                                "Server error",
                                "The request failed on the server; nothing was changed.")
                        : answer(status, "bad-request", "Bad request", "The request could not be used.");
        };
    }

    /** JSON-B could not read the body (Jersey reports it as a ProcessingException, or a 400 wrapping one). */
    private static boolean unreadableBody(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof jakarta.json.bind.JsonbException
                    || t instanceof jakarta.json.JsonException
                    || t instanceof jakarta.ws.rs.ProcessingException) {
                return true;
            }
        }
        return false;
    }

    Response unauthorized() {
        return Response.fromResponse(answer(
                        401,
                        "unauthorized",
                        "Unauthorized",
                        "Send a valid, unexpired API token of the site: Authorization: Bearer <token>."))
                .header("WWW-Authenticate", "Bearer realm=\"tenantlink\"")
                .build();
    }

    Response answer(int status, String slug, String title, String detail) {
        Problem problem = new Problem(TYPE_BASE + slug, title, status, detail, instance());
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .entity(JSON.toJson(problem))
                .build();
    }

    /** The path of the request the problem is about (on an error dispatch: the one that failed). */
    private String instance() {
        try {
            Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            return failed instanceof String original ? original : request.getRequestURI();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
