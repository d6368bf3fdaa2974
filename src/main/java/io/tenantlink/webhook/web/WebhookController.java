package io.tenantlink.webhook.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.account.ActorNames;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import io.tenantlink.webhook.WebhookDispatcher;
import io.tenantlink.webhook.WebhookService;
import io.tenantlink.webhook.WebhookViews.Added;
import io.tenantlink.webhook.WebhookViews.EndpointView;
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
import java.util.List;

/**
 * A site's webhooks: the endpoints, adding one (its signing secret shown once), its delivery log with Redeliver and
 * Send test event, and removing it with confirmation. Site admins manage; auditors read.
 */
@Controller
@Path("sites/{siteId}/webhooks")
@RequestScoped
public class WebhookController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    WebhookService webhooks;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    Flash flash;

    @Inject
    ActorNames actorNames;

    @GET
    public String list(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_WEBHOOKS);
        page(site, "");
        return "webhooks/list.html";
    }

    @POST
    public Response add(@PathParam("siteId") long siteId, @FormParam("url") String url) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_WEBHOOKS);
        try {
            Added added = webhooks.add(currentUser.actor(), siteId, url);
            models.put("site", SiteView.of(site));
            models.put("endpoint", added.endpoint());
            models.put("secret", added.secret());
            models.put("breadcrumbs", trail(site).hereKey("webhook.addedTitle"));
            // Shown once, on this answer only: never a redirect target, never cached.
            return Response.ok("webhooks/added.html")
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (InvalidInputException problem) {
            page(site, url == null ? "" : url);
            return Views.invalid(models, problem, "webhooks/list.html");
        }
    }

    @GET
    @Path("{endpointId}")
    public String deliveries(@PathParam("siteId") long siteId, @PathParam("endpointId") long endpointId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_WEBHOOKS);
        models.put("site", SiteView.of(site));
        models.put("endpoint", endpoint(siteId, endpointId));
        models.put("deliveries", webhooks.deliveries(siteId, endpointId));
        models.put(
                "breadcrumbs",
                trail(site)
                        .hereKey(
                                "webhook.log.title",
                                endpoint(siteId, endpointId).url()));
        models.put("canManage", canManage(siteId));
        return "webhooks/deliveries.html";
    }

    @POST
    @Path("{endpointId}/test")
    public Response test(@PathParam("siteId") long siteId, @PathParam("endpointId") long endpointId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_WEBHOOKS);
        endpoint(siteId, endpointId);
        if (webhooks.ping(currentUser.actor(), siteId, endpointId)) {
            dispatcher.poke();
            flash.success("webhook.tested");
        }
        return Views.redirect(back(siteId, endpointId));
    }

    @POST
    @Path("{endpointId}/deliveries/{deliveryId}/redeliver")
    public Response redeliver(
            @PathParam("siteId") long siteId,
            @PathParam("endpointId") long endpointId,
            @PathParam("deliveryId") long deliveryId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_WEBHOOKS);
        endpoint(siteId, endpointId);
        if (!webhooks.redeliver(currentUser.actor(), siteId, deliveryId)) {
            throw new NotFoundException();
        }
        dispatcher.poke();
        flash.success("webhook.redelivering");
        return Views.redirect(back(siteId, endpointId));
    }

    @GET
    @Path("{endpointId}/remove")
    public String confirmRemove(@PathParam("siteId") long siteId, @PathParam("endpointId") long endpointId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_WEBHOOKS);
        models.put("site", SiteView.of(site));
        models.put("endpoint", endpoint(siteId, endpointId));
        models.put("breadcrumbs", trail(site).hereKey("webhook.remove.title"));
        return "webhooks/remove.html";
    }

    @POST
    @Path("{endpointId}/remove")
    public Response remove(@PathParam("siteId") long siteId, @PathParam("endpointId") long endpointId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_WEBHOOKS);
        EndpointView endpoint = endpoint(siteId, endpointId);
        if (webhooks.remove(currentUser.actor(), siteId, endpointId)) {
            flash.success("webhook.removed", endpoint.url());
        }
        return Views.redirect("/sites/" + siteId + "/webhooks");
    }

    private void page(Site site, String url) {
        models.put("site", SiteView.of(site));
        List<EndpointView> endpoints = webhooks.endpoints(site.getId());
        models.put("endpoints", endpoints);
        models.put(
                "names",
                actorNames.named(endpoints.stream().map(EndpointView::createdBy).toList()));
        models.put("url", url);
        models.put("canManage", canManage(site.getId()));
        models.put("maxEndpoints", WebhookService.MAX_ENDPOINTS);
        models.put("breadcrumbs", Breadcrumbs.site(site.getId(), site.getName()).hereKey("webhooks.title"));
    }

    /** Sites › the site › Webhooks. */
    private static Breadcrumbs trail(Site site) {
        return Breadcrumbs.site(site.getId(), site.getName())
                .key("webhooks.title", "/sites/" + site.getId() + "/webhooks");
    }

    private boolean canManage(long siteId) {
        return access.policy().allowsOnSite(Permission.MANAGE_WEBHOOKS, siteId);
    }

    private EndpointView endpoint(long siteId, long endpointId) {
        return webhooks.endpoint(siteId, endpointId).orElseThrow(NotFoundException::new);
    }

    private static String back(long siteId, long endpointId) {
        return "/sites/" + siteId + "/webhooks/" + endpointId;
    }
}
