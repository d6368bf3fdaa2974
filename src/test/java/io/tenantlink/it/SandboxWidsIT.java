package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConnectIT.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal against a ChatOps app registration as Microsoft registers one by default: no groupMembershipClaims, so
 * Microsoft's id_token carries no {@code wids} even for a Global Administrator. The portal fails closed (the account
 * cannot give permission) and tells the admin which app-registration setting is missing. On the shared portal: the
 * stand-in is given (its control API) a directory where ChatOps lacks the setting.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxWidsIT {

    static final String CHATOPS = SandboxBrowser.CHATOPS;
    static final String CONTOSO = SandboxBrowser.CONTOSO;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    /** The shared stand-in plays this directory until the next class's reset. */
    @BeforeEach
    void directory() throws Exception {
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
            HttpResponse<String> put = sandbox.control("PUT", "directory", directoryWithoutDirectoryRoles());
            assertEquals(200, put.statusCode(), put.body());
        }
    }

    /** The built-in directory with the ChatOps registration's groupMembershipClaims removed (Microsoft's default, None). */
    @SuppressWarnings("unchecked")
    static String directoryWithoutDirectoryRoles() throws Exception {
        Map<String, Object> json;
        try (InputStream in = SandboxWidsIT.class.getResourceAsStream("/sandbox/directory.json")) {
            json = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        boolean removed = false;
        for (Object a : (List<Object>) json.get("applications")) {
            Map<String, Object> app = (Map<String, Object>) a;
            if (CHATOPS.equals(app.get("appId"))) {
                removed = app.remove("groupMembershipClaims") != null;
            }
        }
        assertTrue(removed, "the built-in directory asks for directory roles for ChatOps");
        return JSONObjectUtils.toJSONString(json);
    }

    @ArquillianResource
    URL base;

    @Test
    void aGlobalAdminWithoutWidsCannotGivePermissionAndIsToldWhichSettingIsMissing() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("No wids "));
        String admin = siteAdmin(portal, site);
        try (Browser browser = portal.signedIn(admin)) {
            HtmlPage page =
                    connect(browser, browser.open("/sites/" + site + "/chat-tools"), "megan.admin@contoso.example");
            String text = page.asNormalizedText();
            long connection = connectionId(site, CONTOSO);
            assertEquals("PERMISSION_REQUIRED", status(connection));
            // Fail closed: a Global Administrator in the directory, but Microsoft said nothing about roles.
            assertFalse(signerCanConsent(connection));
            assertNull(
                    form(page, "/give-permission"), "no Give permission for an account without known roles: " + text);
            assertNotNull(form(page, "/links"), "Copy link stays");
            // ... and the admin is told which app-registration setting is missing.
            assertTrue(
                    text.contains("groupMembershipClaims") && text.contains("DirectoryRole") && text.contains(CHATOPS),
                    text);
            assertTrue(text.contains("no wids claim"), text);
            assertAudited(site, "TENANT_SIGNED_IN", "cannot consent");

            // The message belongs to that sign-in: reloading the page shows the usual hint only.
            String reloaded = browser.open("/sites/" + site + "/chat-tools/teams/" + connection)
                    .asNormalizedText();
            assertFalse(reloaded.contains("groupMembershipClaims"), reloaded);
        }
    }

    static boolean signerCanConsent(long connection) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q =
                        db.prepareStatement("SELECT signer_can_consent FROM tenant_connection WHERE id = ?")) {
            q.setLong(1, connection);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBoolean(1);
            }
        }
    }
}
