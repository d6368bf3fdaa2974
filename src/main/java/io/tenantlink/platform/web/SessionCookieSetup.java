package io.tenantlink.platform.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The session cookie: HttpOnly here; SameSite=Lax is a listener setting of Payara's (deploy/preboot.asadmin). When the portal is served over
 * HTTPS (TENANTLINK_PUBLIC_URL starts with https://) it is also Secure and carries the __Host- prefix,
 * so no other host or path can set or shadow it.
 */
@WebListener
public class SessionCookieSetup implements ServletContextListener {

    public static final String PLAIN_NAME = "TENANTLINK_SESSION";
    public static final String SECURE_NAME = "__Host-TENANTLINK_SESSION";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String publicUrl = ConfigProvider.getConfig()
                .getOptionalValue("tenantlink.public-url", String.class)
                .orElse("");
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        if (publicUrl.startsWith("https://")) {
            cookie.setName(SECURE_NAME);
            cookie.setSecure(true);
        } else {
            cookie.setName(PLAIN_NAME);
        }
    }
}
