package io.tenantlink.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tenantlink.account.ActorNames;
import io.tenantlink.platform.web.Breadcrumbs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the connection pages show of people, links and statuses: names not ids, what a link is for, badges. */
class ConnectionViewsTest {

    @Test
    void actorsAreNamedAsPeopleReadThem() {
        Map<String, String> people = Map.of("sam.siteadmin", "Sam Siteadmin");
        assertEquals("Sam Siteadmin", ActorNames.plain("portal:sam.siteadmin", people));
        assertEquals("gone.person", ActorNames.plain("portal:gone.person", people), "no account: its username");
        assertEquals("TenantLink (automatic)", ActorNames.plain("system:consent-doctor", people));
        assertEquals(
                "Megan Bowen (megan@contoso.example)", ActorNames.plain("Megan Bowen (megan@contoso.example)", people));
        assertNull(ActorNames.plain(null, people));
    }

    @Test
    void aLinkSaysWhatItIsForAndWhoMadeIt() throws ReflectiveOperationException {
        assertEquals(
                "TenantLink ChatOps: connect the tenant (chats and meetings)",
                ApprovalLinkView.purpose(ChatOpsPermissions.SET_ID));
        assertEquals("Email: the permissions it requires", ApprovalLinkView.purpose("feature:email:3"));
        assertEquals(
                "To Do: the permissions it requires and the optional ones",
                ApprovalLinkView.purpose("feature:todo:3:optional"));

        ApprovalLink link = new ApprovalLink(
                ApprovalLinkTest.connection(),
                "hash",
                ChatOpsPermissions.SET_ID,
                "portal:sam.siteadmin",
                ApprovalLinkTest.NOW,
                Duration.ofDays(7));
        java.lang.reflect.Field id = ApprovalLink.class.getDeclaredField("id");
        id.setAccessible(true);
        id.set(link, 5L); // as the database would after saving it
        ApprovalLinkView view = ApprovalLinkView.of(
                link, ApprovalLinkTest.NOW, a -> ActorNames.plain(a, Map.of("sam.siteadmin", "Sam Siteadmin")));
        assertEquals("Sam Siteadmin", view.createdBy());
        assertEquals("info", view.statusStyle());
        assertEquals(
                "sam.siteadmin", ApprovalLinkView.of(link, ApprovalLinkTest.NOW).createdBy());
    }

    @Test
    void theConnectionNamesWhoConnectedItAndTheMicrosoftAccount() {
        TenantConnection connection = ApprovalLinkTest.connection();
        ConnectionView view =
                ConnectionView.of(connection, a -> a.equals("portal:site-admin") ? "Site Admin" : a, "Alex (alex@x)");
        assertEquals("Site Admin", view.connectedByName());
        assertEquals("Alex (alex@x)", view.microsoftAccount());
        assertEquals("warning", view.statusStyle(), "waiting for permission");
        connection.activate(ApprovalLinkTest.NOW);
        assertEquals("success", ConnectionView.of(connection).statusStyle());
        assertEquals("site-admin", ConnectionView.of(connection).connectedByName());
        connection.disconnect(ApprovalLinkTest.NOW);
        assertEquals("neutral", ConnectionView.of(connection).statusStyle());
    }

    @Test
    void breadcrumbsRunFromSitesToThePage() {
        List<Breadcrumbs.Crumb> trail = io.tenantlink.connection.web.Crumbs.tenant(3, "Desk", 41, "Contoso")
                .hereKey("doctor.title");
        assertEquals(
                List.of(
                        new Breadcrumbs.Crumb("Sites", "/sites"),
                        new Breadcrumbs.Crumb("Desk", "/sites/3"),
                        new Breadcrumbs.Crumb("Chat and video tools", "/sites/3/chat-tools"),
                        new Breadcrumbs.Crumb("Contoso", "/sites/3/chat-tools/teams/41"),
                        new Breadcrumbs.Crumb("Consent status", null)),
                trail);
        assertEquals(true, trail.get(4).current());
    }

    @Test
    void aProjectsTrailRunsThroughItsSite() {
        assertEquals(
                List.of(
                        new Breadcrumbs.Crumb("Sites", "/sites"),
                        new Breadcrumbs.Crumb("Desk", "/sites/3"),
                        new Breadcrumbs.Crumb("Operations", "/sites/3/projects/7"),
                        new Breadcrumbs.Crumb("Incidents", null)),
                Breadcrumbs.project(3, "Desk", 7, "Operations").hereKey("breadcrumbs.incidents"));
    }
}
