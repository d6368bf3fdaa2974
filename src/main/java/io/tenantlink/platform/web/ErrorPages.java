package io.tenantlink.platform.web;

import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.db.DatabaseOutage;
import io.tenantlink.platform.db.DatabaseReachability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mvc.MvcContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.krazo.engine.ViewEngineConfig;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** Every error a controller raises becomes a page in the portal's layout that says what happened. */
@Provider
@ApplicationScoped
public class ErrorPages implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class.getName());

    /** Where the container's own errors (web.xml error-page) and refusals before JAX-RS (filters) are rendered. */
    public static final String PATH = "/errors/page";

    /**
     * Request attribute: which message the error page shows when the status alone does not say it
     * ("input": unusable characters, "size": a request too large, "421": reached under another host name).
     */
    public static final String KIND = "tenantlink.error.kind";

    @Inject
    @ViewEngineConfig
    TemplateEngine templates;

    @Inject
    PageContext page;

    @Inject
    DatabaseReachability database;

    @Inject
    MvcContext mvc;

    @Inject
    jakarta.enterprise.inject.Instance<ApiErrors> apiErrors;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @Context
    ServletContext servletContext;

    @Override
    public Response toResponse(Exception exception) {
        int status;
        // The error route has already asked the database about what it hands on as unavailable: not asked again.
        if (exception instanceof ErrorResource.DatabaseUnavailable
                || DatabaseOutage.isCause(exception)
                || (isUnexpected(exception) && !database.answersSteadily())) {
            // Not a fault of the request: the database is away. One line, no stack trace; the page says "try again".
            LOG.warning(() -> "Database unavailable on " + request.getMethod() + " " + request.getRequestURI() + ": "
                    + exception);
            return ApiErrors.isApi(request) && apiErrors.isResolvable()
                    ? apiErrors.get().problem(exception, 503)
                    : unavailable();
        }
        if (ApiErrors.isApi(request) && apiErrors.isResolvable()) {
            Response problem = apiErrors.get().problem(exception, statusOf(exception));
            if (problem.getStatus() >= 500) {
                LOG.log(
                        Level.SEVERE,
                        "Unexpected error on " + request.getMethod() + " " + request.getRequestURI(),
                        exception);
            }
            return problem;
        }
        if (exception instanceof InvalidInputException invalid) {
            // Bad input that a controller did not turn into its own page: still a 400 that says what is wrong.
            return page(400, Map.of("error", Messages.get(Locale.ENGLISH, invalid.messageKey(), invalid.arguments())));
        }
        if (isParameterConversion(exception)) {
            // A path or query parameter of the wrong type (a name where an id belongs): bad input, not a missing page.
            status = 400;
        } else if (exception instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
        } else {
            status = 500;
            LOG.log(
                    Level.SEVERE,
                    "Unexpected error on " + request.getMethod() + " " + request.getRequestURI(),
                    exception);
        }
        if (status == 401) {
            return Response.seeOther(java.net.URI.create(PublicOrigin.absolute(request.getContextPath() + "/login")))
                    .build();
        }
        return page(status, Map.of());
    }

    /**
     * 503 "temporarily unavailable" while the database is away: a page of its own, without the layout, whose
     * navigation would ask the database who is signed in.
     */
    public Response unavailable() {
        WebContext context = new WebContext(
                JakartaServletWebApplication.buildApplication(servletContext).buildExchange(request, response),
                Locale.ENGLISH,
                Map.of());
        StringWriter html = new StringWriter();
        templates.process("/WEB-INF/views/errors/unavailable.html", context, html);
        return Response.status(503)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .header("Cache-Control", "no-store")
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html.toString())
                .build();
    }

    /** How long a client is asked to wait while the database is away. */
    public static final String RETRY_AFTER_SECONDS = "10";

    /** Not a refusal of the request but a failure of the code or of what it depends on (a 500 unless explained). */
    private boolean isUnexpected(Exception exception) {
        return statusOf(exception) == 500 && !(exception instanceof WebApplicationException);
    }

    /** The status an exception stands for (the API's problem answers use the same). */
    private int statusOf(Exception exception) {
        if (exception instanceof InvalidInputException || isParameterConversion(exception)) {
            return 400;
        }
        if (exception instanceof WebApplicationException web) {
            return web.getResponse().getStatus();
        }
        return 500;
    }

    /** Jersey's ParamException (a @PathParam/@QueryParam value that does not convert), named so no Jersey API is needed. */
    private static boolean isParameterConversion(Exception exception) {
        for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("org.glassfish.jersey.server.ParamException")) {
                return true;
            }
        }
        return false;
    }

    /** The error page for this status (or the request's {@link #KIND}), with the view's other values. */
    public Response page(int status, Map<String, Object> values) {
        Object forced = request.getAttribute(KIND);
        if (status == 503 || "503".equals(forced)) {
            return unavailable();
        }
        String kind = forced instanceof String named
                ? named
                : switch (status) {
                    case 400, 403, 404, 405, 409, 413, 415, 421 -> Integer.toString(status);
                    default -> status >= 500 ? "500" : "400";
                };
        if ("421".equals(kind)) {
            status = 421;
        }
        Map<String, Object> model = new java.util.HashMap<>(values);
        model.putAll(Map.of(
                "page", page, "mvc", mvc, "status", status, "kind", kind, "publicUrl", PublicOrigin.absolute("/")));
        WebContext context = new WebContext(
                JakartaServletWebApplication.buildApplication(servletContext).buildExchange(request, response),
                Locale.ENGLISH,
                model);
        StringWriter html = new StringWriter();
        templates.process("/WEB-INF/views/errors/error.html", context, html);
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html.toString())
                .build();
    }
}
