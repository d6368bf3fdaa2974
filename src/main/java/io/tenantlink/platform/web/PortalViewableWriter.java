package io.tenantlink.platform.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.mvc.Models;
import jakarta.mvc.MvcContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServerErrorException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.krazo.engine.Viewable;

/**
 * Writes the portal's pages (a controller's view, as Krazo's {@code ViewableWriter} does) straight through
 * {@link PortalViewEngine} (the portal's only view engine: every view is an HTML template).
 *
 * <p>Why not Krazo's: for every page it asks {@code ServiceLoader} twice for request and response unwrappers, and each
 * lookup reads every jar of Payara's class loaders (8 % of the pages' CPU in a JFR profile, issue 16); and the stream it
 * hands the view engine takes one byte at a time. What it
 * does beyond that, this does too: the response's media type gets its charset (UTF-8 unless the controller said
 * otherwise) and the models get {@code mvc}. It fires no view events: the portal observes none and uses no redirect
 * scope.
 */
@Provider
@Dependent // no client proxy: JAX-RS reads the writer's type and media types from its class
@Produces(MediaType.WILDCARD)
@Priority(1) // before Krazo's writer, which has the same type and media type and the default priority
public class PortalViewableWriter implements MessageBodyWriter<Viewable> {

    @Inject
    PortalViewEngine views;

    @Inject
    Instance<Models> requestModels;

    @Inject
    MvcContext mvc;

    @Inject
    HttpServletRequest request;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Viewable.class;
    }

    @Override
    public void writeTo(
            Viewable viewable,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> headers,
            OutputStream out)
            throws IOException {
        if (!views.supports(viewable.getView())) {
            throw new ServerErrorException(
                    "No view engine for " + viewable.getView(), Response.Status.INTERNAL_SERVER_ERROR);
        }
        MediaType withCharset = mediaType == null
                ? MediaType.TEXT_HTML_TYPE.withCharset(StandardCharsets.UTF_8.name())
                : mediaType.getParameters().containsKey(MediaType.CHARSET_PARAMETER)
                        ? mediaType
                        : mediaType.withCharset(StandardCharsets.UTF_8.name());
        headers.putSingle(HttpHeaders.CONTENT_TYPE, withCharset);
        Models models = viewable.getModels() != null ? viewable.getModels() : requestModels.get();
        models.put("mvc", mvc);
        views.render(
                PortalViewEngine.templateOf(viewable.getView()),
                models,
                mvc.getLocale(),
                request.getContextPath(),
                out,
                Charset.forName(withCharset.getParameters().get(MediaType.CHARSET_PARAMETER)));
    }
}
