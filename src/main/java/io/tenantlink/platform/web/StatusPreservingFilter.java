package io.tenantlink.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * The Thymeleaf view engine flushes the servlet response itself, which commits it before JAX-RS
 * has written the status: a form shown again with status 400 would go out as 200. Setting the
 * status on the servlet response before the view renders keeps what the controller chose.
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
