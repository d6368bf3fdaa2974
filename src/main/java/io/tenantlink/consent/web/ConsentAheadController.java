package io.tenantlink.consent.web;

import io.tenantlink.access.Permission;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.connection.ConnectionChangedMeanwhile;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.web.Crumbs;
import io.tenantlink.connection.web.FlowSession;
import io.tenantlink.consent.ConsentAhead;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * Consent ahead (the re-consent forecast's link): for one tenant and feature, what the next catalog version will
 * require that the tenant has not granted, and a single-use approval link that asks the tenant's admin for exactly
 * that through the approval-link flow (state-bound Microsoft sign-in, admin consent, audit, grant ledger). For those
 * who may manage the site's connections only, as the other consent pages; others are refused (403, audited).
 */
@Controller
@Path("sites/{siteId}/chat-tools/teams/{connectionId}/features/{key}/ahead")
@RequestScoped
public class ConsentAheadController {

    @Inject
    Models models;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    ConnectionService connections;

    @Inject
    FeatureApps featureApps;

    @Inject
    ConsentAhead consentAhead;

    @Inject
    FlowSession flowSession;

    @Inject
    MicrosoftApps apps;

    @Inject
    Flash flash;

    @PathParam("siteId")
    long siteId;

    @PathParam("connectionId")
    long connectionId;

    @PathParam("key")
    String key;

    @GET
    public String show() {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        FeatureApp feature = featureOf();
        ConsentAhead.Outlook outlook = consentAhead.outlook(connection, key);
        String featureName = Messages.get(Locale.ENGLISH, feature.nameKey());
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("featureKey", feature.key());
        models.put("featureName", featureName);
        models.put("outlook", outlook);
        models.put("plan", outlook.plan());
        models.put("revealedLink", flowSession.takeRevealed(revealKey()));
        models.put(
                "breadcrumbs",
                Crumbs.tenant(siteId, site.getName(), connection.getId(), connection.getDisplayName())
                        .key(
                                "featureApps.tenant.title",
                                "/sites/" + siteId + "/chat-tools/teams/" + connection.getId() + "/features",
                                connection.getDisplayName())
                        .link(featureName, featurePath())
                        .hereKey("ahead.crumb"));
        return "features/ahead.html";
    }

    /** A consent-ahead approval link for what the next version lacks now, shown once on the page. */
    @POST
    public Response createLink() {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        featureOf();
        ConsentAhead.Outlook outlook = consentAhead.outlook(connection, key);
        if (outlook.plan() == null) {
            connections.refused(
                    currentUser.actor(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    siteId,
                    connection.getTenantId(),
                    "connection " + connectionId,
                    "no consent-ahead link for feature " + key + ": " + outlook.why());
            flash.error("ahead.error.none");
            return Views.redirect(aheadPath());
        }
        String token;
        try {
            token = connections.createLink(
                    currentUser.actor(), connectionId, outlook.plan().setId());
        } catch (ConnectionChangedMeanwhile changed) {
            connections.refused(
                    currentUser.actor(),
                    AuditAction.ACCESS_REFUSED,
                    siteId,
                    connection.getTenantId(),
                    "connection " + connectionId,
                    "no consent-ahead link for feature " + key + ": the connection became " + changed.status()
                            + " meanwhile");
            flash.error("ahead.error.none");
            return Views.redirect(aheadPath());
        }
        flowSession.reveal(revealKey(), apps.portalUrl("approve/" + token));
        flash.success("link.created");
        return Views.redirect(aheadPath());
    }

    /** Feature links are revealed under a key of their own (as on the feature's page), never on the connection's. */
    private long revealKey() {
        return -connectionId;
    }

    private FeatureApp featureOf() {
        return featureApps.catalog().feature(key).orElseThrow(NotFoundException::new);
    }

    private TenantConnection connectionOfSite() {
        return connections.ofSite(siteId, connectionId).orElseThrow(NotFoundException::new);
    }

    private String featurePath() {
        return "/sites/" + siteId + "/chat-tools/teams/" + connectionId + "/features/" + key;
    }

    private String aheadPath() {
        return featurePath() + "/ahead";
    }
}
