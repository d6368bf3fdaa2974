package io.tenantlink.platform.web;

import jakarta.mvc.security.Csrf;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The pages (Jakarta MVC controllers). Every POST must carry the session's CSRF token. */
@ApplicationPath("")
public class PortalApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                Csrf.CSRF_PROTECTION,
                Csrf.CsrfOptions.IMPLICIT,
                // Krazo's own session strategy, without its per-call ServiceLoader lookups (SessionCsrfTokens).
                org.eclipse.krazo.Properties.CSRF_TOKEN_STRATEGY,
                new SessionCsrfTokens());
    }
}
