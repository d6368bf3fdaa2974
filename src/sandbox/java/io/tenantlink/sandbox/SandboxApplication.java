package io.tenantlink.sandbox;

import jakarta.mvc.security.Csrf;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The stand-in's JAX-RS endpoints and its sign-in pages (Jakarta MVC); its forms carry a CSRF token as the portal's do. */
@ApplicationPath("")
public class SandboxApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(Csrf.CSRF_PROTECTION, Csrf.CsrfOptions.IMPLICIT);
    }
}
