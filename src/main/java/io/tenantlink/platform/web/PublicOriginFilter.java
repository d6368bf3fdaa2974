package io.tenantlink.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Every Location this portal sends is built on its public URL. JAX-RS and Krazo make relative
 * redirects absolute from the request (its Host header and scheme); this rewrites them, and any
 * servlet redirect, onto tenantlink.public-url. Requests under another host name never get here
 * (PortalAuthenticationMechanism sends them to the public URL first).
 */
@WebFilter(filterName = "PublicOriginFilter", urlPatterns = "/*")
public class PublicOriginFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (PublicOrigin.anyHost(request)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                super.setHeader(
                        name, "Location".equalsIgnoreCase(name) ? PublicOrigin.location(request, value) : value);
            }

            @Override
            public void addHeader(String name, String value) {
                super.addHeader(
                        name, "Location".equalsIgnoreCase(name) ? PublicOrigin.location(request, value) : value);
            }

            @Override
            public void sendRedirect(String location) throws IOException {
                super.sendRedirect(PublicOrigin.location(request, location));
            }
        });
    }
}
