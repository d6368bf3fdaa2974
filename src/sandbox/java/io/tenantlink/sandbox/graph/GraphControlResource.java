package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.SandboxControl;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.text.ParseException;
import java.util.Map;

/**
 * Fault injection of the Graph stand-in, for tests and the operator ({@link SandboxGraphFaults}):
 * {@code POST /sandbox/graph-control/faults} with a JSON object of the settings to change
 * ({@code latencyMillis}, {@code errorRate} 0..1, {@code errorStatus} 500|503, {@code throttleNextRequests},
 * {@code hangNextRequests}, {@code hangMillis}; and {@code retryAfterSeconds}, {@code requestsPer10s}),
 * {@code DELETE} to reset, {@code GET} to read. Loopback callers with the header X-Sandbox-Control: 1
 * only (a cross-site form cannot send it), as for /sandbox/control; otherwise 403.
 */
@Path("graph-control")
@RequestScoped
public class GraphControlResource {

    @Inject
    SandboxGraphFaults faults;

    @Context
    HttpServletRequest request;

    @GET
    @Path("faults")
    public Response read(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        return current();
    }

    @POST
    @Path("faults")
    @Consumes(MediaType.WILDCARD)
    public Response set(@HeaderParam(SandboxControl.HEADER) String header, String body) {
        if (!allowed(header)) {
            return forbidden();
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(body == null || body.isBlank() ? "{}" : body);
            faults.update(json);
        } catch (ParseException | IllegalArgumentException e) {
            return json(
                    400,
                    Map.of("error", e instanceof ParseException ? "The body must be a JSON object." : e.getMessage()));
        }
        return current();
    }

    @DELETE
    @Path("faults")
    public Response reset(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        faults.reset();
        return current();
    }

    /** The HTTP requests Graph served since they were last forgotten, by method and path shape. */
    @GET
    @Path("requests")
    public Response served(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        return json(200, faults.servedCounts());
    }

    @DELETE
    @Path("requests")
    public Response forgetServed(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        faults.forgetServed();
        return json(200, faults.servedCounts());
    }

    private Response current() {
        return json(200, faults.settings().toJson(faults.limit()));
    }

    private boolean allowed(String header) {
        return SandboxControl.allowed(request, header);
    }

    private static Response forbidden() {
        return json(403, Map.of("error", "Loopback callers with the header " + SandboxControl.HEADER + ": 1 only."));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSONObjectUtils.toJSONString(body))
                .build();
    }
}
