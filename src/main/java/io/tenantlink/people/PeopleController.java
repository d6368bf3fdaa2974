package io.tenantlink.people;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
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
import jakarta.ws.rs.core.Response;

/** The site's people: list, add, edit, remove (with confirmation). */
@Controller
@Path("sites/{siteId}/people")
@RequestScoped
public class PeopleController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    PersonService people;

    @Inject
    Flash flash;

    @GET
    public String list(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_PEOPLE);
        models.put("site", SiteView.of(site));
        models.put("people", people.onSite(siteId));
        models.put("breadcrumbs", Breadcrumbs.site(siteId, site.getName()).hereKey("people.title"));
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_PEOPLE, siteId));
        return "people/list.html";
    }

    @GET
    @Path("new")
    public String newPerson(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        form(site, null, new PersonDetails("", "", "", false, true, false));
        return "people/form.html";
    }

    @POST
    public Response add(
            @PathParam("siteId") long siteId,
            @FormParam("name") String name,
            @FormParam("email") String email,
            @FormParam("alternativeEmails") String alternatives,
            @FormParam("agent") String agent,
            @FormParam("responder") String responder,
            @FormParam("stakeholder") String stakeholder) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        PersonDetails details =
                new PersonDetails(name, email, alternatives, agent != null, responder != null, stakeholder != null);
        try {
            PersonView person = people.add(currentUser.actor(), siteId, details);
            flash.success("person.added", person.name());
            return Views.redirect("/sites/" + siteId + "/people");
        } catch (InvalidInputException problem) {
            form(site, null, details);
            return Views.invalid(models, problem, "people/form.html");
        }
    }

    @GET
    @Path("{personId}")
    public String edit(@PathParam("siteId") long siteId, @PathParam("personId") long personId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        PersonView person = people.find(siteId, personId).orElseThrow(NotFoundException::new);
        form(
                site,
                person,
                new PersonDetails(
                        person.name(),
                        person.email(),
                        person.alternativeLine(),
                        person.agent(),
                        person.responder(),
                        person.stakeholder()));
        return "people/form.html";
    }

    @POST
    @Path("{personId}")
    public Response change(
            @PathParam("siteId") long siteId,
            @PathParam("personId") long personId,
            @FormParam("name") String name,
            @FormParam("email") String email,
            @FormParam("alternativeEmails") String alternatives,
            @FormParam("agent") String agent,
            @FormParam("responder") String responder,
            @FormParam("stakeholder") String stakeholder) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        PersonView person = people.find(siteId, personId).orElseThrow(NotFoundException::new);
        PersonDetails details =
                new PersonDetails(name, email, alternatives, agent != null, responder != null, stakeholder != null);
        try {
            PersonView changed = people.change(currentUser.actor(), siteId, personId, details);
            flash.success("person.changed", changed.name());
            return Views.redirect("/sites/" + siteId + "/people");
        } catch (InvalidInputException problem) {
            form(site, person, details);
            return Views.invalid(models, problem, "people/form.html");
        }
    }

    @GET
    @Path("{personId}/remove")
    public String confirmRemove(@PathParam("siteId") long siteId, @PathParam("personId") long personId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        models.put("site", SiteView.of(site));
        models.put("person", people.find(siteId, personId).orElseThrow(NotFoundException::new));
        models.put("breadcrumbs", trail(site).hereKey("person.remove"));
        return "people/remove.html";
    }

    @POST
    @Path("{personId}/remove")
    public Response remove(@PathParam("siteId") long siteId, @PathParam("personId") long personId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_PEOPLE);
        PersonView person = people.find(siteId, personId).orElseThrow(NotFoundException::new);
        try {
            people.remove(currentUser.actor(), siteId, personId);
            flash.success("person.removed", person.name());
            return Views.redirect("/sites/" + siteId + "/people");
        } catch (InvalidInputException problem) {
            models.put("site", SiteView.of(site));
            models.put("person", person);
            models.put("breadcrumbs", trail(site).hereKey("person.remove"));
            return Views.invalid(models, problem, "people/remove.html");
        }
    }

    private void form(Site site, PersonView person, PersonDetails details) {
        models.put("site", SiteView.of(site));
        models.put("person", person);
        models.put("details", details);
        models.put("breadcrumbs", trail(site).hereKey(person == null ? "people.add" : "person.edit"));
    }

    /** Sites › the site › People. */
    private static Breadcrumbs trail(Site site) {
        return Breadcrumbs.site(site.getId(), site.getName()).key("people.title", "/sites/" + site.getId() + "/people");
    }
}
