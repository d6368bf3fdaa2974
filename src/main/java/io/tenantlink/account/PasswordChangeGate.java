package io.tenantlink.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An account with a one-time password reaches nothing but the password page (and logout) until it changes it. */
@WebFilter(filterName = "PasswordChangeGate", urlPatterns = "/*")
public class PasswordChangeGate extends HttpFilter {

    static final String PASSWORD_PAGE = "/account/password";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean mustChange =
                Boolean.TRUE.equals(request.getAttribute(PortalAuthenticationMechanism.MUST_CHANGE_PASSWORD));
        if (mustChange && !path.equals(PASSWORD_PAGE) && !path.equals("/logout") && !path.startsWith("/assets/")) {
            response.sendRedirect(request.getContextPath() + PASSWORD_PAGE);
            return;
        }
        chain.doFilter(request, response);
    }
}
