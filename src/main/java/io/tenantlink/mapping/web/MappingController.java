package io.tenantlink.mapping.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.mapping.DirectorySync;
import io.tenantlink.mapping.MappedUserChoice;
import io.tenantlink.mapping.MappingService;
import io.tenantlink.mapping.MappingViews;
import io.tenantlink.mapping.SelfLinkService;
import io.tenantlink.mapping.SyncOutcome;
import io.tenantlink.mapping.SyncRunView;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.people.Person;
import io.tenantlink.people.PersonRepository;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * People mapped to Microsoft users, per connected tenant: counts, the last sync, who is unmatched or ambiguous and why,
 * Sync now, a site admin's override (chosen from the stored copy of the tenant's users, confirmed, audited), and an
 * invitation for a person to link themselves by signing in with Microsoft.
 */
@Controller
@Path("sites/{siteId}/people/mapping")
@RequestScoped
public class MappingController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    MappingViews views;

    @Inject
    MappingService mappings;

    @Inject
    DirectorySync sync;

    @Inject
    PersonRepository people;

    @Inject
    Flash flash;

    @Inject
    SelfLinkService selfLinks;

    @Inject
    MicrosoftApps apps;

    @Inject
    io.tenantlink.account.ActorNames actorNames;

    @GET
    public String overview(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_PEOPLE);
        models.put("site", SiteView.of(site));
        var tenants = views.tenants(siteId);
        models.put("tenants", tenants);
        models.put(
                "names",
                actorNames.named(tenants.stream()
                        .flatMap(t -> t.overrides().stream())
                        .map(p -> p.overrideBy())
                        .toList()));
        models.put("peopleCount", views.peopleCount(siteId));
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_PEOPLE, siteId));
        models.put("breadcrumbs", people(site).hereKey("mapping.title"));
        return "people/mapping.html";
    }

    @POST
    @Path("{connectionId}/sync")
    public Response syncNow(@PathParam("siteId") long siteId, @PathParam("connectionId") long connectionId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        TenantConnection connection = connection(siteId, connectionId);
        try {
            SyncRunView run = sync.sync(connection.getId(), currentUser.actor(), true);
            if (run.outcome() == SyncOutcome.DONE || run.outcome() == SyncOutcome.RESYNCED) {
                flash.success("mapping.synced", connection.getDisplayName(), run.usersChanged(), run.usersRemoved());
            } else {
                flash.error(run.outcomeKey());
            }
        } catch (DirectorySync.AlreadyRunning busy) {
            flash.error("mapping.sync.busy", connection.getDisplayName());
        }
        return Views.redirect(back(siteId));
    }

    @GET
    @Path("{connectionId}/people/{personId}")
    public String choose(
            @PathParam("siteId") long siteId,
            @PathParam("connectionId") long connectionId,
            @PathParam("personId") long personId,
            @QueryParam("q") String query) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        TenantConnection connection = connection(siteId, connectionId);
        Person person = person(siteId, personId);
        String q = query == null ? "" : query.strip();
        form(site, connection, person);
        models.put("query", q);
        models.put("searched", !q.isEmpty());
        models.put("results", views.search(connection.getId(), q));
        return "people/mapping-choose.html";
    }

    @POST
    @Path("{connectionId}/people/{personId}/override")
    public Response override(
            @PathParam("siteId") long siteId,
            @PathParam("connectionId") long connectionId,
            @PathParam("personId") long personId,
            @FormParam("objectId") String objectId,
            @FormParam("confirmed") String confirmed) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        TenantConnection connection = connection(siteId, connectionId);
        Person person = person(siteId, personId);
        MappedUserChoice user = objectId == null
                ? null
                : views.user(connection.getId(), objectId.strip()).orElse(null);
        if (user == null) {
            form(site, connection, person);
            models.put("query", "");
            models.put("searched", false);
            models.put("results", java.util.List.of());
            return Views.invalid(
                    models, new InvalidInputException("mapping.error.noSuchUser"), "people/mapping-choose.html");
        }
        if (!"yes".equals(confirmed)) {
            form(site, connection, person);
            models.put("user", user);
            return Response.ok("people/mapping-confirm.html").build();
        }
        try {
            mappings.override(currentUser.actor(), connection, person, user.objectId());
        } catch (InvalidInputException problem) {
            form(site, connection, person);
            models.put("user", user);
            return Views.invalid(models, problem, "people/mapping-confirm.html");
        }
        flash.success("mapping.overridden", person.getName(), user.displayName());
        return Views.redirect(back(siteId));
    }

    @GET
    @Path("{connectionId}/people/{personId}/clear")
    public String confirmClear(
            @PathParam("siteId") long siteId,
            @PathParam("connectionId") long connectionId,
            @PathParam("personId") long personId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        form(site, connection(siteId, connectionId), person(siteId, personId));
        return "people/mapping-clear.html";
    }

    @POST
    @Path("{connectionId}/people/{personId}/clear")
    public Response clear(
            @PathParam("siteId") long siteId,
            @PathParam("connectionId") long connectionId,
            @PathParam("personId") long personId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        TenantConnection connection = connection(siteId, connectionId);
        Person person = person(siteId, personId);
        if (mappings.clearOverride(currentUser.actor(), connection, person)) {
            flash.success("mapping.overrideCleared", person.getName());
        }
        return Views.redirect(back(siteId));
    }

    @GET
    @Path("{connectionId}/people/{personId}/invite")
    public String confirmInvite(
            @PathParam("siteId") long siteId,
            @PathParam("connectionId") long connectionId,
            @PathParam("personId") long personId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        form(site, connection(siteId, connectionId), person(siteId, personId));
        return "people/mapping-invite.html";
    }

    /** Makes the person's self-link invitation and shows its link, once (only its hash is kept). */
    @POST
    @Path("{connectionId}/people/{personId}/invite")
    public Response invite(
            @PathParam("siteId") long siteId,
            @PathParam("connectionId") long connectionId,
            @PathParam("personId") long personId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        TenantConnection connection = connection(siteId, connectionId);
        Person person = person(siteId, personId);
        form(site, connection, person);
        SelfLinkService.Invited invited;
        try {
            invited = selfLinks.invite(currentUser.actor(), connection, person);
        } catch (InvalidInputException problem) {
            return Views.invalid(models, problem, "people/mapping-invite.html");
        }
        models.put("invitationLink", apps.portalUrl("link-me/" + invited.token()));
        models.put("invitationExpires", invited.expiresAt());
        return Response.ok("people/mapping-invite.html")
                .header("Cache-Control", "no-store")
                .build();
    }

    private void form(Site site, TenantConnection connection, Person person) {
        models.put("site", SiteView.of(site));
        models.put("connectionId", connection.getId());
        models.put("tenantName", connection.getDisplayName());
        models.put("person", views.row(connection.getId(), person));
        models.put(
                "breadcrumbs",
                people(site).key("mapping.title", back(site.getId())).here(person.getName()));
    }

    /** Sites › the site › People. */
    private static Breadcrumbs people(Site site) {
        return Breadcrumbs.site(site.getId(), site.getName()).key("people.title", "/sites/" + site.getId() + "/people");
    }

    private TenantConnection connection(long siteId, long connectionId) {
        return views.connection(siteId, connectionId).orElseThrow(NotFoundException::new);
    }

    private Person person(long siteId, long personId) {
        return people.findOnSite(siteId, personId).orElseThrow(NotFoundException::new);
    }

    private static String back(long siteId) {
        return "/sites/" + siteId + "/people/mapping";
    }
}
