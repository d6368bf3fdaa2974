package io.tenantlink.platform.web;

import jakarta.mvc.security.Csrf;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.krazo.security.CsrfToken;
import org.eclipse.krazo.security.CsrfTokenStrategy;

/**
 * The session's CSRF token, as Krazo's own {@code SessionCsrfTokenStrategy} keeps it (one random token per HTTP
 * session, in the session, sent as the form field {@code _csrf} or the header {@value Csrf#DEFAULT_CSRF_HEADER_NAME}),
 * without its first step: Krazo's strategy asks {@code java.util.ServiceLoader} on every call for "unwrappers" of the
 * request, which made the class loaders read {@code META-INF/services} in every Payara module jar several times per
 * page, and under 50 concurrent sessions the request threads queued for those jars' locks (docs/benchmarks.md, issue
 * 16). The portal has no such unwrapper: the request Krazo passes in is the container's.
 */
public final class SessionCsrfTokens implements CsrfTokenStrategy {

    static final String SESSION_KEY = SessionCsrfTokens.class.getName() + ".token";
    static final String FIELD = "_csrf";

    @Override
    public Optional<CsrfToken> getToken(HttpServletRequest request, HttpServletResponse response, boolean create) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_KEY) instanceof CsrfToken token) {
            return Optional.of(token);
        }
        if (!create) {
            return Optional.empty();
        }
        CsrfToken token = new CsrfToken(
                Csrf.DEFAULT_CSRF_HEADER_NAME, FIELD, UUID.randomUUID().toString());
        request.getSession(true).setAttribute(SESSION_KEY, token);
        return Optional.of(token);
    }
}
