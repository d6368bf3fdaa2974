package io.tenantlink.sandbox;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The Thymeleaf view engine flushes the servlet response itself, committing it before JAX-RS writes the status and
 * headers: a problem page would go out as 200, a form_post page without Referrer-Policy. Setting both on the servlet
 * response before the view renders keeps what the controller chose.
 */
@Provider
public class ViewStatusFilter implements ContainerResponseFilter {

    @Context
    HttpServletResponse servletResponse;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (servletResponse == null || servletResponse.isCommitted()) {
            return;
        }
        servletResponse.setStatus(response.getStatus());
        response.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                List<String> all = values;
                for (int i = 0; i < all.size(); i++) {
                    if (i == 0) {
                        servletResponse.setHeader(name, all.get(i));
                    } else {
                        servletResponse.addHeader(name, all.get(i));
                    }
                }
            }
        });
    }
}
