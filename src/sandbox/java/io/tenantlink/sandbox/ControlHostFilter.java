package io.tenantlink.sandbox;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The control API ({@code /control/*}, {@code /graph-control/*}) answers only requests addressed to this server by a
 * loopback name: Host {@code 127.0.0.1:PORT}, {@code localhost:PORT} or {@code [::1]:PORT}. A page on another site
 * whose DNS name was rebound to 127.0.0.1 sends its own name as Host, and gets 421 before anything runs.
 */
@WebFilter(urlPatterns = {"/control/*", "/graph-control/*"})
public class ControlHostFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!ownHost(http.getHeader("Host"), http.getLocalPort())) {
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setStatus(421);
            answer.setContentType("application/json");
            answer.setHeader("Cache-Control", "no-store");
            answer.getOutputStream()
                    .write(
                            "{\"error\":\"The control API answers only requests to 127.0.0.1, localhost or [::1] on this port.\"}"
                                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    /** True for exactly 127.0.0.1:port, localhost:port or [::1]:port (names compared case-insensitively). */
    public static boolean ownHost(String host, int port) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        return Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port).contains(h);
    }
}
