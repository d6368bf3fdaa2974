package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.linkStatus;
import static io.tenantlink.it.ConnectIT.microsoftSignIn;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConnectIT.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.htmlunit.Page;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the portal lists, what it asks Microsoft for and what Microsoft (the stand-in) then asks the tenant admin for
 * are one set: the catalog's. With {@code https://graph.microsoft.com/.default}, admin consent asks for everything the
 * app registration configures, so the stand-in's consent page (which lists what it will grant, from the app
 * registration in its directory) must show exactly what the approval page showed; and the consent status page then
 * finds nothing extra. Each feature app registration asks for exactly what the catalog's features on it list.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsentSetIT {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();
    /** OpenID Connect scopes: asked at sign-in, not Microsoft Graph permissions, never on a consent page's Graph lists. */
    static final Set<String> OPENID = Set.of("openid", "profile", "email", "offline_access");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void theApprovalPageTheConsentRequestAndTheAppRegistrationAreOneSet() throws Exception {
        Set<String> catalog = expected(List.of(CATALOG.feature("chatops").orElseThrow()));
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Consent set "));
        String admin = siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin);
                GraphSandboxClient graph = new GraphSandboxClient(base)) {
            HtmlPage waiting =
                    connect(requester, requester.open("/sites/" + site + "/chat-tools"), "teamsadmin@fabrikam.example");
            long connection = connectionId(site, SandboxBrowser.FABRIKAM);
            assertEquals(catalog, listed(waiting), "the tenant page lists the catalog's set");
            String link = ((HtmlPage) click(form(waiting, "/links")))
                    .getElementById("approval-link")
                    .getAttribute("value");

            try (Browser tenantAdmin = new Browser(base)) {
                HtmlPage approval = (HtmlPage) tenantAdmin.openUrl(link);
                Set<String> approvalPage = listed(approval);
                assertEquals(catalog, approvalPage, "the approval page lists the catalog's set");

                HtmlPage signIn = (HtmlPage) click(form(approval, "/sign-in"));
                HtmlPage consent = (HtmlPage) microsoftSignIn(signIn, "admin@fabrikam.example");
                // The request the portal sent: the ChatOps app, everything its registration configures.
                Map<String, String> request = SandboxBrowser.query(
                        tenantAdmin.lastRequested("/v2.0/adminconsent").toString());
                assertEquals(SandboxBrowser.CHATOPS, request.get("client_id"));
                assertEquals("https://graph.microsoft.com/.default", request.get("scope"));
                // What Microsoft asks the tenant admin for: the app registration's permissions.
                assertEquals(
                        approvalPage,
                        consentPage(consent),
                        "the consent screen asks for what the approval page showed, no more");

                HtmlPage done = (HtmlPage) press(consent, "accept");
                assertTrue(done.asNormalizedText().contains("The permission was given"), done.asNormalizedText());
                assertEquals("APPROVED", linkStatus(connection));
            }

            // The portal's own check (what it later requires) finds the set granted, and the consent status page finds
            // nothing missing and nothing extra.
            HtmlPage active = (HtmlPage) click(
                    form(requester.open("/sites/" + site + "/chat-tools/teams/" + connection), "/give-permission"));
            assertTrue(
                    active.asNormalizedText().contains("its consent was confirmed with Microsoft"),
                    active.asNormalizedText());
            assertEquals("ACTIVE", status(connection));
            graph.adminConsent(SandboxBrowser.FABRIKAM, GrantJobIT.MANAGEMENT, "admin@fabrikam.example");
            HtmlPage checked = (HtmlPage) click(form(
                    requester.open("/sites/" + site + "/chat-tools/teams/" + connection + "/consent"),
                    "/consent/check"));
            HtmlElement chatops = ConsentDoctorIT.feature(checked, "chatops");
            assertEquals(
                    "All required permissions granted",
                    ConsentDoctorIT.text(chatops, ".//span[contains(@class,'check-status')]"));
            assertEquals("—", ConsentDoctorIT.cell(chatops, "delegated", "extra"), chatops.asNormalizedText());
            assertEquals("—", ConsentDoctorIT.cell(chatops, "application", "extra"), chatops.asNormalizedText());
            assertNull(
                    checked.getFirstByXPath("//div[contains(@class,'extra-permissions')]"), checked.asNormalizedText());
        }
    }

    /** Every feature app registration (several features may share one) asks, with .default, for what those features list. */
    @Test
    void eachFeatureAppRegistrationAsksForWhatItsFeaturesList() throws Exception {
        Map<String, List<FeatureApp>> byClient = new LinkedHashMap<>();
        CATALOG.features()
                .forEach(f -> byClient.computeIfAbsent(f.exampleClientId(), k -> new java.util.ArrayList<>())
                        .add(f));
        try (SandboxBrowser microsoft = new SandboxBrowser(base)) {
            for (Map.Entry<String, List<FeatureApp>> app : byClient.entrySet()) {
                microsoft.signOut();
                Page page = microsoft.open(microsoft.login() + "/" + SandboxBrowser.CONTOSO
                        + "/v2.0/adminconsent?client_id=" + app.getKey()
                        + "&redirect_uri=" + SandboxBrowser.enc(SandboxBrowser.REDIRECT) + "&state=st&scope="
                        + SandboxBrowser.enc("https://graph.microsoft.com/.default"));
                HtmlPage consent = (HtmlPage) microsoft.signIn((HtmlPage) page, "megan.admin@contoso.example");
                assertEquals(
                        expected(app.getValue()),
                        consentPage(consent),
                        "app registration " + app.getKey() + " of "
                                + app.getValue().stream().map(FeatureApp::key).toList());
            }
        }
    }

    /** "D:name" for delegated, "A:name" for application permissions, OpenID Connect scopes left out. */
    static Set<String> expected(List<FeatureApp> features) {
        Set<String> set = new TreeSet<>();
        for (FeatureApp f : features) {
            f.required().stream().filter(s -> !OPENID.contains(s)).forEach(s -> set.add("D:" + s));
            f.optional().stream().filter(s -> !OPENID.contains(s)).forEach(s -> set.add("D:" + s));
            f.application().forEach(s -> set.add("A:" + s));
        }
        return set;
    }

    /** The permissions table of the tenant page or the approval page, in the same form. */
    static Set<String> listed(HtmlPage page) {
        HtmlElement table = page.getFirstByXPath("//table[contains(@class,'permissions')]");
        assertNotNull(table, "no permissions table on " + page.getUrl() + ": " + page.asNormalizedText());
        Set<String> set = new TreeSet<>();
        for (Object row : table.getByXPath(".//tbody/tr")) {
            List<?> cells = ((HtmlElement) row).getByXPath("./td");
            String name = ((DomNode) cells.get(0)).asNormalizedText().trim();
            String type = ((DomNode) cells.get(1)).asNormalizedText().trim();
            if (!OPENID.contains(name)) {
                set.add(("Application".equals(type) ? "A:" : "D:") + name);
            }
        }
        return set;
    }

    /** What the stand-in's consent page says it will grant. */
    static Set<String> consentPage(HtmlPage consent) {
        assertTrue(ConnectIT.hasDecision(consent), "a consent page: " + consent.asNormalizedText());
        Set<String> set = new TreeSet<>();
        for (Object li : consent.getByXPath("//ul[@id='delegated-permissions']/li")) {
            set.add("D:" + ((DomNode) li).asNormalizedText().trim());
        }
        for (Object li : consent.getByXPath("//ul[@id='application-permissions']/li")) {
            set.add("A:" + ((DomNode) li).asNormalizedText().trim());
        }
        return set;
    }
}
