package io.tenantlink.health;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * /health/ready and /health/live in MicroProfile Health's JSON format. Payara serves its own /health
 * from the default web module, which the portal replaces by living at the root context, so the
 * portal answers these itself from the same @Readiness and @Liveness checks.
 */
@WebServlet(urlPatterns = {"/health", "/health/*"})
public class HealthEndpoint extends HttpServlet {

    @Inject
    @Any
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    @Any
    @Liveness
    Instance<HealthCheck> liveness;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String kind = request.getPathInfo() == null ? "/" : request.getPathInfo();
        List<HealthCheck> checks = switch (kind) {
            case "/ready" -> readiness.stream().toList();
            case "/live" -> liveness.stream().toList();
            case "/", "" ->
                java.util.stream.Stream.concat(readiness.stream(), liveness.stream())
                        .toList();
            default -> null;
        };
        if (checks == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        boolean up = true;
        JsonArrayBuilder results = Json.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse result = check.call();
            up &= result.getStatus() == HealthCheckResponse.Status.UP;
            var item = Json.createObjectBuilder()
                    .add("name", result.getName())
                    .add("status", result.getStatus().name());
            result.getData().ifPresent(data -> {
                var dataJson = Json.createObjectBuilder();
                data.forEach((key, value) -> dataJson.add(key, String.valueOf(value)));
                item.add("data", dataJson);
            });
            results.add(item);
        }
        response.setStatus(up ? 200 : 503);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(Json.createObjectBuilder()
                        .add("status", up ? "UP" : "DOWN")
                        .add("checks", results)
                        .build()
                        .toString());
    }
}
