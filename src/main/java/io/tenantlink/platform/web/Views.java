package io.tenantlink.platform.web;

import java.util.Locale;

import jakarta.mvc.Models;
import jakarta.ws.rs.core.Response;

import io.tenantlink.platform.InvalidInputException;

/** Small helpers every controller shares: showing a form again with what was wrong. */
public final class Views {

    private Views() {
    }

    /** The form page again, with status 400 and the reason in the reader's words. */
    public static Response invalid(Models models, InvalidInputException problem, String view) {
        models.put("error", Messages.get(Locale.ENGLISH, problem.messageKey(), problem.arguments()));
        return Response.status(Response.Status.BAD_REQUEST).entity(view).build();
    }

    public static Response redirect(String path) {
        return Response.ok("redirect:" + path).build();
    }
}
