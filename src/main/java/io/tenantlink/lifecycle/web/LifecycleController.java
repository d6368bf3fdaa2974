package io.tenantlink.lifecycle.web;

import io.tenantlink.access.Permission;
import io.tenantlink.lifecycle.LifecycleChecker;
import io.tenantlink.lifecycle.LifecycleService;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.SiteAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** The Warnings section's buttons (the section itself is drawn by {@link LifecycleSitePart} on the site page). */
@Controller
@Path("sites/{siteId}/warnings")
@RequestScoped
public class LifecycleController {

    @Inject
    SiteAccess siteAccess;

    @Inject
    LifecycleService service;

    @Inject
    LifecycleChecker checker;

    @Inject
    CurrentUser currentUser;

    @Inject
    Flash flash;

    @PathParam("siteId")
    long siteId;

    @POST
    @Path("{warningId}/acknowledge")
    public Response acknowledge(@PathParam("warningId") long warningId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_WARNINGS);
        try {
            service.acknowledge(siteId, warningId, currentUser.actor(), Clock.now());
            flash.success("lifecycle.acknowledged");
        } catch (InvalidInputException gone) {
            flash.error(gone.messageKey());
        }
        return back();
    }

    @POST
    @Path("check")
    public Response checkNow() {
        siteAccess.requireSite(siteId, Permission.MANAGE_WARNINGS);
        checker.checkNow(siteId, currentUser.actor());
        flash.success("lifecycle.checked");
        return back();
    }

    @POST
    @Path("address")
    public Response address(@FormParam("email") String email) {
        siteAccess.requireSite(siteId, Permission.MANAGE_WARNINGS);
        try {
            service.setAddress(siteId, currentUser.accountId(), currentUser.actor(), email, Clock.now());
            flash.success("lifecycle.address.saved");
        } catch (InvalidInputException problem) {
            flash.error(problem.messageKey());
        }
        return back();
    }

    private Response back() {
        return Views.redirect("/sites/" + siteId);
    }
}
