package io.tenantlink.sandbox;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * The Thymeleaf view engine flushes the servlet response itself, committing it before JAX-RS writes the status: a
 * problem page meant as 400 would go out as 200. Setting the status on the servlet response first keeps it.
 */
@Provider
public class StatusPreservingFilter implements ContainerResponseFilter {

    @Context
    HttpServletResponse servletResponse;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (servletResponse != null && !servletResponse.isCommitted()) {
            servletResponse.setStatus(response.getStatus());
        }
    }
}
