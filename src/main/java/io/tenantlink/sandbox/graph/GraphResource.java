package io.tenantlink.sandbox.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Microsoft Graph v1.0 as the sandbox serves it: every method and path under /sandbox/graph/v1.0/
 * goes to {@link GraphDispatcher#serve}, which answers as https://graph.microsoft.com/v1.0/ would.
 * Injected latency and hangs ({@link SandboxGraphFaults}) apply here, once per HTTP request.
 * <p>
 * One instance serves every request (the request's details come in as parameters): creating and injecting a
 * request-scoped resource per call was a tenth of the sandbox's CPU per {@code $batch} in the grant benchmark.
 */
@Path("sandbox/graph/v1.0")
@ApplicationScoped
public class GraphResource {

    static final String PREFIX = "/sandbox/graph/v1.0";

    @Inject
    GraphDispatcher dispatcher;

    @Inject
    SandboxGraphFaults faults;

    @GET
    @Path("{path: .*}")
    public Response get(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        return serve(request, headers, "GET", null);
    }

    @POST
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public Response post(@Context HttpServletRequest request, @Context HttpHeaders headers, String body) {
        return serve(request, headers, "POST", body);
    }

    @PATCH
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@Context HttpServletRequest request, @Context HttpHeaders headers, String body) {
        return serve(request, headers, "PATCH", body);
    }

    @PUT
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@Context HttpServletRequest request, @Context HttpHeaders headers, String body) {
        return serve(request, headers, "PUT", body);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        return serve(request, headers, "DELETE", null);
    }

    private Response serve(HttpServletRequest request, HttpHeaders httpHeaders, String method, String body) {
        long delay = faults.delayForRequest();
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        String path = uri.length() > PREFIX.length() ? uri.substring(PREFIX.length()) : "/";
        String query = request.getQueryString();
        Map<String, String> headers = new LinkedHashMap<>();
        httpHeaders.getRequestHeaders().forEach((name, values) -> {
            List<String> v = values;
            if (!v.isEmpty()) {
                headers.put(name, v.get(0));
            }
        });
        GraphResponse answer = dispatcher.serve(method, query == null ? path : path + "?" + query, body, headers);
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                response.type(value);
            } else {
                response.header(name, value);
            }
        });
        if (answer.body() != null) {
            response.entity(GraphObjects.toJson(answer.body()));
        }
        return response.build();
    }
}
