package io.tenantlink.site;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Controller
@Path("sites")
@RequestScoped
public class SiteController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    SiteService siteService;

    @Inject
    SiteProjects siteProjects;

    @Inject
    Flash flash;

    /** Other features' sections of the site page (lifecycle warnings). */
    @Inject
    Instance<SitePagePart> pageParts;

    /** Sites per page of the list (an operator sees every site: a thousand would be 130 KiB in one page). */
    static final int PAGE_SIZE = 50;

    @GET
    public String list(@QueryParam("q") String search, @QueryParam("page") String page) {
        SitePage found = siteService.visiblePage(access.policy(), search, pageNumber(page), PAGE_SIZE);
        models.put("sites", found.sites());
        models.put("sitePage", found);
        models.put("search", found.search());
        if (found.hasPrevious()) {
            models.put("previousUrl", listUrl(found.search(), found.page() - 1));
        }
        if (found.hasNext()) {
            models.put("nextUrl", listUrl(found.search(), found.page() + 1));
        }
        models.put("canCreate", access.policy().allows(Permission.CREATE_SITE));
        models.put("breadcrumbs", Breadcrumbs.empty().hereKey("sites.title"));
        return "sites/list.html";
    }

    private static String listUrl(String search, int page) {
        String query = search == null
                ? ""
                : "q=" + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8) + "&";
        return "/sites?" + query + "page=" + page;
    }

    /** The page asked for, from 1; anything else than a page number is the first page. */
    static int pageNumber(String page) {
        if (page == null || !page.strip().matches("[0-9]{1,9}")) {
            return 1;
        }
        return Math.max(1, Integer.parseInt(page.strip()));
    }

    @GET
    @Path("new")
    public String newSite() {
        access.require(Permission.CREATE_SITE);
        models.put("breadcrumbs", Breadcrumbs.sites().hereKey("sites.create"));
        return "sites/new.html";
    }

    @POST
    public Response create(@FormParam("name") String name) {
        access.require(Permission.CREATE_SITE);
        try {
            Site site = siteService.create(currentUser.actor(), name);
            flash.success("site.created", site.getName());
            return Views.redirect("/sites/" + site.getId());
        } catch (InvalidInputException problem) {
            models.put("name", name);
            models.put("breadcrumbs", Breadcrumbs.sites().hereKey("sites.create"));
            return Views.invalid(models, problem, "sites/new.html");
        }
    }

    @GET
    @Path("{siteId}")
    public String show(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_SITE);
        showSite(site);
        return "sites/show.html";
    }

    @POST
    @Path("{siteId}/name")
    public Response rename(@PathParam("siteId") long siteId, @FormParam("name") String name) {
        Site site = siteAccess.requireSite(siteId, Permission.EDIT_SITE);
        try {
            siteService.rename(currentUser.actor(), siteId, name);
            flash.success("site.renamed");
            return Views.redirect("/sites/" + siteId);
        } catch (InvalidInputException problem) {
            showSite(site);
            models.put("name", name);
            return Views.invalid(models, problem, "sites/show.html");
        }
    }

    @POST
    @Path("{siteId}/plan")
    public Response changePlan(@PathParam("siteId") long siteId, @FormParam("plan") String plan) {
        Site site = siteAccess.requireSite(siteId, Permission.SET_SITE_PLAN);
        try {
            siteService.changePlan(currentUser.actor(), siteId, plan(plan));
            flash.success("site.plan.changed");
            return Views.redirect("/sites/" + siteId);
        } catch (InvalidInputException problem) {
            showSite(site);
            return Views.invalid(models, problem, "sites/show.html");
        }
    }

    private static SitePlan plan(String value) {
        try {
            return SitePlan.valueOf(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("site.error.plan");
        }
    }

    private void showSite(Site site) {
        long siteId = site.getId();
        models.put("site", SiteView.of(site));
        models.put("breadcrumbs", Breadcrumbs.sites().here(site.getName()));
        models.put("name", site.getName());
        models.put("projects", siteProjects.visibleOnSite(access.policy(), siteId));
        models.put("canEdit", access.policy().allowsOnSite(Permission.EDIT_SITE, siteId));
        models.put("canCreateProject", access.policy().allowsOnSite(Permission.CREATE_PROJECT, siteId));
        models.put(
                "canSeeRoles",
                access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, siteId)
                        || access.policy().allowsOnSite(Permission.MANAGE_SITE_ROLES, siteId));
        models.put("canSeeConnections", access.policy().allowsOnSite(Permission.VIEW_CONNECTIONS, siteId));
        models.put("canReadAudit", access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, siteId));
        models.put("canSeePeople", access.policy().allowsOnSite(Permission.VIEW_PEOPLE, siteId));
        models.put("canManageTokens", access.policy().allowsOnSite(Permission.MANAGE_API_TOKENS, siteId));
        models.put("canSeeWebhooks", access.policy().allowsOnSite(Permission.VIEW_WEBHOOKS, siteId));
        models.put("canSetPlan", access.policy().allowsOnSite(Permission.SET_SITE_PLAN, siteId));
        models.put("plans", SitePlan.values());
        List<String> parts = new ArrayList<>();
        for (SitePagePart part : pageParts) {
            Map<String, Object> values = new HashMap<>();
            if (part.contribute(siteId, access.policy(), values)) {
                values.forEach(models::put);
                parts.add(part.template());
            }
        }
        models.put("pageParts", parts);
    }
}
