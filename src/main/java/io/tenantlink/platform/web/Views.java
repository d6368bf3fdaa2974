package io.tenantlink.platform.web;

import io.tenantlink.platform.InvalidInputException;
import jakarta.mvc.Models;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.krazo.engine.Viewable;

/** Small helpers every controller shares: showing a form again with what was wrong. */
public final class Views {

    private Views() {}

    /** The form page again, with status 400 and the reason in the reader's words. */
    public static Response invalid(Models models, InvalidInputException problem, String view) {
        models.put("error", Messages.get(Locale.ENGLISH, problem.messageKey(), problem.arguments()));
        return Response.status(Response.Status.BAD_REQUEST).entity(view).build();
    }

    /**
     * A view as the answer of a method that is not a page controller (a download): such methods' String
     * entities are not views, so the view is handed over as Krazo's Viewable.
     */
    public static Response page(Response view) {
        return Response.status(view.getStatus())
                .entity(new Viewable((String) view.getEntity()))
                .type(jakarta.ws.rs.core.MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .build();
    }

    public static Response redirect(String path) {
        return Response.ok("redirect:" + path).build();
    }
}
