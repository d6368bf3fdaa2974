package io.tenantlink.sandbox;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Outside sandbox mode the sandbox does not exist: every /sandbox/ address answers 404. */
@WebFilter(filterName = "SandboxGate", urlPatterns = "/sandbox/*")
public class SandboxGate extends HttpFilter {

    @Inject
    SandboxMode sandbox;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!sandbox.isActive()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
    }
}
