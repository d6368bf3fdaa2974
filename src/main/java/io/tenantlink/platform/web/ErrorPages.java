package io.tenantlink.platform.web;

import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mvc.MvcContext;
import org.eclipse.krazo.engine.ViewEngineConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** Every error a controller raises becomes a page in the portal's layout that says what happened. */
@Provider
@ApplicationScoped
public class ErrorPages implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class.getName());

    @Inject
    @ViewEngineConfig
    TemplateEngine templates;

    @Inject
    PageContext page;

    @Inject
    MvcContext mvc;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @Context
    ServletContext servletContext;

    @Override
    public Response toResponse(Exception exception) {
        int status;
        if (exception instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
        } else {
            status = 500;
            LOG.log(Level.SEVERE, "Unexpected error on " + request.getMethod() + " " + request.getRequestURI(), exception);
        }
        String kind = switch (status) {
            case 400, 403, 404, 405, 409 -> Integer.toString(status);
            default -> status >= 500 ? "500" : "400";
        };
        if (status == 401) {
            return Response.seeOther(java.net.URI.create(request.getContextPath() + "/login")).build();
        }
        WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(servletContext)
                .buildExchange(request, response), Locale.ENGLISH,
                Map.of("page", page, "mvc", mvc, "status", status, "kind", kind));
        StringWriter html = new StringWriter();
        templates.process("/WEB-INF/views/errors/error.html", context, html);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html.toString()).build();
    }
}
