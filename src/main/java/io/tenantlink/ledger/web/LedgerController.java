package io.tenantlink.ledger.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.ledger.GrantLedgers;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Settings → Chat and video tools → Microsoft Teams → a tenant → Grant ledger: for each app and permission, whether it
 * holds now and who granted it, when and how. Read-only: whoever may view the site's connections reads it.
 */
@Controller
@Path("sites/{siteId}/chat-tools/teams/{connectionId}/ledger")
@RequestScoped
public class LedgerController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    ConnectionService connections;

    @Inject
    GrantLedgers ledgers;

    @PathParam("siteId")
    long siteId;

    @PathParam("connectionId")
    long connectionId;

    @GET
    public String show() {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        TenantConnection connection = connections.ofSite(siteId, connectionId).orElseThrow(NotFoundException::new);
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("ledger", ledgers.of(connection));
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connectionId, connection.getDisplayName())
                        .hereKey("ledger.title", connection.getDisplayName()));
        models.put("canReadAudit", access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, siteId));
        return "ledger/ledger.html";
    }
}
