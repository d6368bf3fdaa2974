package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConnectIT.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlElement;
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
 * An operator's app registration that asks for more than the catalog lists: here the ChatOps registration of the
 * directory this class gives the stand-in (its control API) adds the delegated Chat.ReadBasic and Chat.ReadWrite and the application permission
 * Group.Read.All. Admin consent (with .default) grants them too, and the consent status page says so plainly: which
 * app registration, which extra permissions, and that the operator removes them from the registration.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExtraPermissionsIT {

    static final List<String> EXTRA_DELEGATED = List.of("Chat.ReadBasic", "Chat.ReadWrite");
    static final String EXTRA_APPLICATION = "Group.Read.All";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    /** The shared stand-in plays this directory until the next class's reset. */
    @BeforeEach
    void directory() throws Exception {
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
            HttpResponse<String> put = sandbox.control("PUT", "directory", writeDirectory());
            assertEquals(200, put.statusCode(), put.body());
        }
    }

    /** The built-in directory, its ChatOps registration asking for more than the catalog. */
    @SuppressWarnings("unchecked")
    static String writeDirectory() throws Exception {
        Map<String, Object> json;
        try (InputStream in = ExtraPermissionsIT.class.getResourceAsStream("/sandbox/directory.json")) {
            json = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        boolean found = false;
        for (Object a : (List<Object>) json.get("applications")) {
            Map<String, Object> app = (Map<String, Object>) a;
            if (SandboxBrowser.CHATOPS.equals(app.get("appId"))) {
                List<Object> delegated = new ArrayList<>((List<Object>) app.get("delegatedScopes"));
                delegated.addAll(EXTRA_DELEGATED);
                app.put("delegatedScopes", delegated);
                List<Object> application = new ArrayList<>((List<Object>) app.get("applicationPermissions"));
                application.add(EXTRA_APPLICATION);
                app.put("applicationPermissions", application);
                found = true;
            }
        }
        assertTrue(found, "the ChatOps registration is in the directory");
        return JSONObjectUtils.toJSONString(json);
    }

    @ArquillianResource
    URL base;

    @Test
    void theConsentStatusPageNamesTheExtraPermissionsAndWhatToDo() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Extra desk "));
        String admin = siteAdmin(portal, site);
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            graph.adminConsent(SandboxBrowser.CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN);
            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), GrantJobIT.ADMIN);
            HtmlPage consent = (HtmlPage) click(form(waiting, "/give-permission"));
            // Microsoft asks for what the registration configures: the extras too.
            String asked = consent.asNormalizedText();
            assertTrue(asked.contains("Chat.ReadBasic") && asked.contains(EXTRA_APPLICATION), asked);
            press(consent, "accept");
            long connection = connectionId(site, SandboxBrowser.CONTOSO);
            assertEquals("ACTIVE", status(connection), "extras do not stop the connection");

            String page = "/sites/" + site + "/chat-tools/teams/" + connection + "/consent";
            HtmlPage checked = (HtmlPage) click(form(browser.open(page), "/consent/check"));
            HtmlElement chatops = ConsentDoctorIT.feature(checked, "chatops");
            assertEquals(
                    "All required permissions granted",
                    ConsentDoctorIT.text(chatops, ".//span[contains(@class,'check-status')]"));
            assertEquals("Chat.ReadBasic Chat.ReadWrite", ConsentDoctorIT.cell(chatops, "delegated", "extra"));
            assertEquals(EXTRA_APPLICATION, ConsentDoctorIT.cell(chatops, "application", "extra"));

            HtmlElement extra = (HtmlElement) checked.getElementById("extra-" + SandboxBrowser.CHATOPS);
            assertNotNull(extra, "a plain message about the app registration: " + checked.asNormalizedText());
            String text = extra.asNormalizedText();
            assertTrue(text.contains("An app registration asks for more than TenantLink needs"), text);
            assertTrue(
                    text.contains("The app registration " + SandboxBrowser.CHATOPS + " (used by TenantLink ChatOps)"),
                    text);
            assertTrue(text.contains("Extra delegated permissions: Chat.ReadBasic, Chat.ReadWrite"), text);
            assertTrue(text.contains("Extra application permissions: " + EXTRA_APPLICATION), text);
            assertTrue(text.contains("the operator removes these permissions from the app registration"), text);
            assertEquals(
                    1,
                    checked.getByXPath("//div[contains(@class,'extra-permissions')]")
                            .size(),
                    "only the ChatOps registration asks for more: " + checked.asNormalizedText());
        }
    }
}
