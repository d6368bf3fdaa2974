package io.tenantlink.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Security headers on every response; pages are never cached, only static assets are. */
@WebFilter(filterName = "SecurityHeadersFilter", urlPatterns = "/*")
public class SecurityHeadersFilter extends HttpFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /**
     * Forms post to this origin, and their redirects may lead to the other party of a sign-in:
     * the Microsoft sign-in pages from the portal, the portal from the sandbox's sign-in pages.
     */
    private static volatile String formAction;

    static String formAction() {
        if (formAction == null) {
            boolean sandbox = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue(io.tenantlink.platform.RunMode.SETTING, String.class)
                    .filter("sandbox"::equalsIgnoreCase)
                    .isPresent();
            // In sandbox mode both parties live on this machine's loopback.
            formAction = "; form-action 'self' "
                    + (sandbox ? "http://localhost:* http://127.0.0.1:*" : "https://login.microsoftonline.com");
        }
        return formAction;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(request, response);
        chain.doFilter(request, response);
    }

    /** Also called by the authentication mechanism, whose redirects to the login page precede the filters. */
    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY + formAction());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/assets/") && !path.equals("/favicon.ico")) {
            response.setHeader("Cache-Control", "no-store");
        }
    }
}
