package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.count;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.microsoftSignIn;
import static io.tenantlink.it.ConnectIT.snapshot;
import static io.tenantlink.it.ConnectIT.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refusals on every sign-in purpose are audited, with nothing changed: the limited-user approval job's admin sign-in
 * (an error from Microsoft, and a code of an admin of another tenant refused at the token endpoint), and a tenant
 * admin's sign-in through an approval link that was revoked while they were at Microsoft.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SignInRefusalsIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void refusedGrantJobSignInsAreAuditedAndTheJobKeepsWaiting() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Refusals desk "));
        String admin = ConnectIT.siteAdmin(portal, site);
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            sandbox.adminConsent(CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN);
            sandbox.adminConsent(FABRIKAM, GrantJobIT.MANAGEMENT, "admin@fabrikam.example");
            connect(browser, browser.open("/sites/" + site + "/chat-tools"), GrantJobIT.ADMIN);
            long connection = connectionId(site, CONTOSO);
            String grants = "/sites/" + site + "/chat-tools/teams/" + connection + "/grants";
            HtmlForm start = form(browser.open(grants), "/grants");
            start.getSelectByName("feature").setSelectedAttribute("teams", true);
            start.getTextAreaByName("users").setText(GrantJobIT.ADELE);
            HtmlPage atMicrosoft = (HtmlPage) click(start);
            assertEquals("127.0.0.1", atMicrosoft.getUrl().getHost());
            long job = count("SELECT MAX(id) FROM grant_job WHERE site_id = ?", site);
            assertEquals("QUEUED", string("SELECT status FROM grant_job WHERE id = ?", job));
            String before = snapshot() + "/" + grantJobState(job);

            // 1. Microsoft answers with an error (the admin declined): explained, audited, the job waits.
            String state = ConnectIT.stateOf(browser, "/oauth2/v2.0/authorize");
            Page declined = browser.openRaw("/microsoft/callback?error=access_denied&error_description="
                    + SandboxBrowser.enc("AADSTS65004: The user declined.") + "&state=" + SandboxBrowser.enc(state));
            assertEquals(400, declined.getWebResponse().getStatusCode());
            assertEquals(before, snapshot() + "/" + grantJobState(job));
            assertAudited(
                    site,
                    "TENANT_SIGN_IN_REFUSED",
                    "GRANT_JOB_SIGN_IN: Microsoft answered access_denied (AADSTS65004)");

            // 2. An admin of another tenant: a code Fabrikam's admin got for the consent-management app, brought back
            // to
            //    Contoso's job. The token endpoint (Contoso's authority) or the id_token check refuses it: audited, the
            // job waits.
            click(form(browser.open(grants + "/jobs/" + job), "/sign-in"));
            String state2 = ConnectIT.stateOf(browser, "/oauth2/v2.0/authorize");
            assertTrue(!state2.equals(state), "a new sign-in");
            String code = sandbox.authorize(
                            FABRIKAM,
                            GrantJobIT.MANAGEMENT,
                            "admin@fabrikam.example",
                            "openid profile",
                            UUID.randomUUID() + "-" + UUID.randomUUID())
                    .code();
            long refusals =
                    count("SELECT COUNT(*) FROM audit_record WHERE action = 'GRANT_JOB_REFUSED' AND site_id = ?", site);
            HtmlPage jobPage = browser.open(
                    "/microsoft/callback?code=" + SandboxBrowser.enc(code) + "&state=" + SandboxBrowser.enc(state2));
            assertTrue(
                    jobPage.getUrl().getPath().endsWith("/jobs/" + job),
                    jobPage.getUrl().toString());
            assertTrue(
                    jobPage.asNormalizedText().contains("Microsoft did not give the job a token"),
                    jobPage.asNormalizedText());
            assertEquals(before, snapshot() + "/" + grantJobState(job), "nothing changed; the job still waits");
            assertEquals(
                    refusals + 1,
                    count(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'GRANT_JOB_REFUSED' AND site_id = ?",
                            site));
            assertAudited(site, "GRANT_JOB_REFUSED", "the job keeps waiting");
            assertTrue(
                    string(
                                    "SELECT detail FROM audit_record WHERE action = 'GRANT_JOB_REFUSED' AND site_id = ? ORDER BY seq DESC",
                                    site)
                            .matches(".*(AADSTS\\d+|BAD_TENANT|BAD_ISSUER).*"),
                    "the record names Microsoft's code or the broken rule");
        }
    }

    @Test
    void aSignInThroughALinkRevokedMeanwhileIsRefusedAndAudited() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Revoked desk "));
        String admin = ConnectIT.siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin);
                Browser tenantAdmin = new Browser(base)) {
            HtmlPage waiting =
                    connect(requester, requester.open("/sites/" + site + "/chat-tools"), "teamsadmin@fabrikam.example");
            long connection = connectionId(site, FABRIKAM);
            String link = ((HtmlPage) click(form(waiting, "/links")))
                    .getElementById("approval-link")
                    .getAttribute("value");
            HtmlPage atMicrosoft = (HtmlPage) click(form((HtmlPage) tenantAdmin.openUrl(link), "/sign-in"));

            HtmlPage page = requester.open("/sites/" + site + "/chat-tools/teams/" + connection);
            HtmlForm revoke = page.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/revoke"))
                    .findFirst()
                    .orElseThrow();
            click(revoke);
            assertEquals("REVOKED", ConnectIT.linkStatus(connection));
            String before = snapshot();

            Page back = microsoftSignIn(atMicrosoft, "admin@fabrikam.example");
            assertEquals(
                    410,
                    back.getWebResponse().getStatusCode(),
                    back.getWebResponse().getContentAsString());
            assertEquals(before, snapshot());
            assertAudited(site, "APPROVAL_LINK_REFUSED", "signed in through a link that is REVOKED");
        }
    }

    private static String grantJobState(long job) throws Exception {
        return string("SELECT CONCAT(status, '/', created_count, '/', failed_count) FROM grant_job WHERE id = ?", job)
                + "/" + count("SELECT COUNT(*) FROM grant_job_user WHERE job_id = ? AND status <> 'PENDING'", job);
    }
}
