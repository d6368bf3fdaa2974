package io.tenantlink.sandbox.graph;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft Graph v1.0 as the sandbox serves it: every method and path under /sandbox/graph/v1.0/ goes to
 * {@link GraphDispatcher#serve}, which answers as https://graph.microsoft.com/v1.0/ would. Injected latency and hangs
 * ({@link SandboxGraphFaults}) apply here, once per HTTP request.
 * <p>
 * A plain servlet, not a JAX-RS resource: the dispatcher does its own routing, and a JAX-RS application
 * (its MVC filters, request-scoped beans and resource matching) cost about a third of the sandbox's CPU per
 * {@code $batch} in the grant benchmark (JFR), CPU that Graph spends on its own servers, not on the portal's machine.
 */
@WebServlet(name = "sandbox-graph", urlPatterns = GraphServlet.PREFIX + "/*")
public class GraphServlet extends HttpServlet {

    static final String PREFIX = "/graph/v1.0";

    private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT", "DELETE");

    @Inject
    GraphDispatcher dispatcher;

    @Inject
    SandboxGraphFaults faults;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!METHODS.contains(method)) {
            write(
                    response,
                    GraphResponse.error(
                            new GraphError(
                                    405,
                                    "Request_BadRequest",
                                    "The HTTP method '" + method + "' is not supported by Microsoft Graph here."),
                            null,
                            null));
            return;
        }
        String body = method.equals("GET") || method.equals("DELETE")
                ? null
                : new String(request.getInputStream().readAllBytes(), charset(request));
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
        faults.served(method, path);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.putIfAbsent(name, request.getHeader(name));
        }
        write(response, dispatcher.serve(method, query == null ? path : path + "?" + query, body, headers));
    }

    private static java.nio.charset.Charset charset(HttpServletRequest request) {
        String declared = request.getCharacterEncoding();
        try {
            return declared == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(declared);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static void write(HttpServletResponse response, GraphResponse answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                response.setContentType(value);
            } else {
                response.setHeader(name, value);
            }
        });
        if (answer.body() != null) {
            byte[] json = GraphObjects.toJson(answer.body()).getBytes(StandardCharsets.UTF_8);
            if (response.getContentType() == null) {
                response.setContentType("application/json");
            }
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        } else if (answer.text() != null) {
            byte[] text = answer.text().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(text.length);
            response.getOutputStream().write(text);
        }
    }
}
