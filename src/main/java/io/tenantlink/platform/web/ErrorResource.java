package io.tenantlink.platform.web;

import io.tenantlink.platform.db.DatabaseReachability;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's errors (web.xml error-page: its own 404/405 for assets, Krazo's empty CSRF refusal,
 * failures in filters) and refusals made before JAX-RS run (forwarded here) end on the portal's error
 * page through {@link ErrorPages}, never on a Payara default page. Any method, since the error keeps
 * the method of the request that failed.
 */
@Path("errors/page")
@RequestScoped
public class ErrorResource {

    private static final Logger LOG = Logger.getLogger(ErrorResource.class.getName());

    @Context
    HttpServletRequest request;

    @Inject
    DatabaseReachability database;

    @GET
    public void get() {
        throw error();
    }

    @POST
    public void post() {
        throw error();
    }

    @PUT
    public void put() {
        throw error();
    }

    @DELETE
    public void delete() {
        throw error();
    }

    @PATCH
    public void patch() {
        throw error();
    }

    private RuntimeException error() {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof Throwable failure) {
            if (database.isOutage(failure)) {
                // A filter or the sign-in met the database away: the same 503 page as a controller would give.
                return new DatabaseUnavailable(failure);
            }
            // A filter's failure: logged here, since what renders the page only sees its status.
            LOG.log(
                    Level.SEVERE,
                    "Unexpected error on " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure);
        }
        int code = status instanceof Integer number && number >= 400 ? number : 404;
        if (code == 500 && exception == null && !database.answersSteadily()) {
            // A 500 with no exception given: JAX-RS failed while writing the response (a commit the database ended
            // mid-way, seen in DatabaseOutageIT), logged it and sent the status alone. With the database away it is
            // an outage like any other.
            return new DatabaseUnavailable(new IllegalStateException(
                    "500 on " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " with the database away"));
        }
        if (request.getAttribute(ErrorPages.KIND) != null && status == null) {
            Object kind = request.getAttribute(ErrorPages.KIND);
            code = "421".equals(kind) ? 421 : "503".equals(kind) ? 503 : 400;
        }
        return new WebApplicationException(code);
    }

    /** Carries a database outage met before JAX-RS to {@link ErrorPages}. */
    static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable(Throwable cause) {
            super("The database is unavailable", cause, false, false);
        }
    }
}
