package io.tenantlink.connection.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.account.ActorNames;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.connection.ApprovalLink;
import io.tenantlink.connection.ApprovalLinkView;
import io.tenantlink.connection.ChatOpsPermissions;
import io.tenantlink.connection.ConnectionChangedMeanwhile;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionStatus;
import io.tenantlink.connection.ConnectionUses;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.LinkNoLongerUsable;
import io.tenantlink.connection.TeamsConnectFlow;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.TenantConsentRemoval;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
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
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Settings → Chat and video tools → Microsoft Teams: a site's tenant connections. */
@Controller
@Path("sites/{siteId}/chat-tools")
@RequestScoped
public class ChatToolsController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    ConnectionService connections;

    @Inject
    TeamsConnectFlow flow;

    @Inject
    FlowSession flowSession;

    @Inject
    MicrosoftApps apps;

    @Inject
    Flash flash;

    @Inject
    ActorNames actorNames;

    @Inject
    ConnectionUses uses;

    @Inject
    Instance<ConnectionPagePart> pageParts;

    @PathParam("siteId")
    long siteId;

    @GET
    public String tools() {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        models.put("site", SiteView.of(site));
        List<TenantConnection> ofSite = connections.ofSite(siteId);
        UnaryOperator<String> names = actorNames.of(
                ofSite.stream().map(TenantConnection::getConnectedBy).toList());
        models.put(
                "connections",
                ofSite.stream().map(c -> ConnectionView.of(c, names, null)).toList());
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
        models.put("breadcrumbs", Crumbs.site(site.getId(), site.getName()).hereKey("tools.title"));
        parts(ConnectionPagePart.Page.TENANTS, ofSite);
        return "connections/tools.html";
    }

    @POST
    @Path("teams/connect")
    public Response connect() {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        URI signIn = flow.startConnect(currentUser.accountId(), siteId, flowSession.binding());
        return Response.seeOther(signIn).build();
    }

    @GET
    @Path("teams/{connectionId}")
    public String connection(@PathParam("connectionId") long connectionId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        TenantConnection connection = connectionOfSite(connectionId);
        models.put("site", SiteView.of(site));
        List<ApprovalLink> links = connections.linksOf(connectionId);
        List<String> actors = new ArrayList<>();
        actors.add(connection.getConnectedBy());
        links.forEach(l -> actors.add(l.getCreatedBy()));
        UnaryOperator<String> names = actorNames.of(actors);
        models.put("connection", ConnectionView.of(connection, names, connections.signerOf(connection)));
        Instant now = Clock.now();
        models.put(
                "links",
                links.stream().map(l -> ApprovalLinkView.of(l, now, names)).toList());
        models.put("breadcrumbs", Crumbs.tools(site.getId(), site.getName()).here(connection.getDisplayName()));
        parts(ConnectionPagePart.Page.TENANT, List.of(connection));
        models.put("permissions", ChatOpsPermissions.ALL);
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
        models.put("revealedLink", flowSession.takeRevealed(connectionId));
        return "connections/connection.html";
    }

    /**
     * Give permission: once a tenant admin approved through a link, confirm with Microsoft; a signer
     * holding a consent-capable role is sent to the admin-consent page; anyone else is refused.
     */
    @POST
    @Path("teams/{connectionId}/give-permission")
    public Response givePermission(@PathParam("connectionId") long connectionId) throws InterruptedException {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite(connectionId);
        if (connection.getStatus() != ConnectionStatus.PERMISSION_REQUIRED) {
            // Also the second of two submits, once the first has activated the connection.
            connections.refused(
                    currentUser.actor(),
                    AuditAction.CONSENT_REQUESTED,
                    siteId,
                    connection.getTenantId(),
                    "connection " + connectionId,
                    "refused: the connection is " + connection.getStatus() + ", not waiting for permission");
            flash.error("connection.error.notWaiting");
            return Views.redirect(connectionPath(connectionId));
        }
        if (connection.getPermissionGrantedBy() != null) {
            return afterConfirmation(
                    flow.confirm(
                            currentUser.actor(),
                            connection,
                            "approved through a link by " + connection.getPermissionGrantedBy()),
                    connectionId);
        }
        if (!connection.isSignerCanConsent()) {
            connections.refused(
                    currentUser.actor(),
                    AuditAction.CONSENT_REQUESTED,
                    siteId,
                    connection.getTenantId(),
                    "connection " + connectionId,
                    "refused: the signed-in Microsoft account holds no role that can consent");
            Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
            models.put("site", SiteView.of(site));
            models.put("connection", ConnectionView.of(connection));
            models.put(
                    "breadcrumbs",
                    Crumbs.tenant(site.getId(), site.getName(), connection.getId(), connection.getDisplayName())
                            .hereKey("connection.givePermission"));
            return Response.status(Response.Status.FORBIDDEN)
                    .entity("connections/not-admin.html")
                    .build();
        }
        return Response.seeOther(flow.startConsent(
                        currentUser.actor(), currentUser.accountId(), connection, flowSession.binding()))
                .build();
    }

    @POST
    @Path("teams/{connectionId}/links")
    public Response createLink(@PathParam("connectionId") long connectionId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite(connectionId);
        if (connection.getStatus() != ConnectionStatus.PERMISSION_REQUIRED) {
            flash.error("connection.error.notWaiting");
            return Views.redirect(connectionPath(connectionId));
        }
        String token;
        try {
            token = connections.createLink(currentUser.actor(), connectionId);
        } catch (ConnectionChangedMeanwhile changed) {
            return changedMeanwhile(connection, changed, "no approval link created");
        }
        flowSession.reveal(connectionId, apps.portalUrl("approve/" + token));
        flash.success("link.created");
        return Views.redirect(connectionPath(connectionId));
    }

    @POST
    @Path("teams/{connectionId}/links/{linkId}/revoke")
    public Response revokeLink(@PathParam("connectionId") long connectionId, @PathParam("linkId") long linkId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        connectionOfSite(connectionId);
        ApprovalLink link = connections.linksOf(connectionId).stream()
                .filter(l -> l.getId() == linkId)
                .findFirst()
                .orElseThrow(NotFoundException::new);
        try {
            if (!link.usableAt(Clock.now())) {
                throw new LinkNoLongerUsable(linkId, link.statusAt(Clock.now()));
            }
            connections.revokeLink(currentUser.actor(), link);
            flash.success("link.revoked");
        } catch (LinkNoLongerUsable spent) {
            connections.refused(
                    currentUser.actor(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    siteId,
                    link.getTenantId(),
                    "link " + linkId,
                    "not revoked: the link is already " + spent.status());
            flash.error("link.error.notRevocable");
        }
        return Views.redirect(connectionPath(connectionId));
    }

    @GET
    @Path("teams/{connectionId}/disconnect")
    public String confirmDisconnect(@PathParam("connectionId") long connectionId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        models.put("site", SiteView.of(site));
        TenantConnection connection = connectionOfSite(connectionId);
        disconnectPage(site, connection);
        return "connections/disconnect.html";
    }

    @POST
    @Path("teams/{connectionId}/disconnect")
    public Response disconnect(
            @PathParam("connectionId") long connectionId,
            @FormParam("removeFromTenant") String removeFromTenant,
            @FormParam("confirmRemoval") String confirmRemoval)
            throws InterruptedException {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite(connectionId);
        if (connection.isDisconnected()) {
            return changedMeanwhile(
                    connection,
                    new ConnectionChangedMeanwhile(connectionId, connection.getStatus()),
                    "not disconnected again");
        }
        boolean remove = "true".equals(removeFromTenant);
        if (remove && !"true".equals(confirmRemoval)) {
            // Removing the tenant's grants is a separate decision, confirmed on its own.
            models.put("site", SiteView.of(site));
            disconnectPage(site, connection);
            models.put("removeFromTenant", true);
            models.put(
                    "error",
                    io.tenantlink.platform.web.Messages.get(
                            java.util.Locale.ENGLISH, "connection.remove.confirmMissing"));
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity("connections/disconnect.html")
                    .build();
        }
        Optional<TenantConsentRemoval.Outcome> removal;
        try {
            removal = flow.disconnect(currentUser.actor(), connectionId, remove);
        } catch (ConnectionChangedMeanwhile changed) {
            // The second of two disconnects at once: the first one did it.
            return changedMeanwhile(connection, changed, "not disconnected again");
        }
        flash.success("connection.disconnected", connection.getDisplayName());
        removal.ifPresent(outcome -> {
            if (outcome.done()) {
                flash.success("connection.remove.done", outcome.grantsRemoved(), outcome.appPermissionsRemoved());
            } else {
                flash.error("connection.remove.failed");
            }
        });
        return Views.redirect("/sites/" + siteId + "/chat-tools");
    }

    /** What the disconnect page shows: the tenant, whether other sites use it, and the projects that do. */
    private void disconnectPage(Site site, TenantConnection connection) {
        models.put("connection", ConnectionView.of(connection));
        models.put("otherSites", connections.tenantSharedWithOtherSites(connection));
        models.put("projects", uses.projectsUsing(connection.getId()));
        models.put(
                "breadcrumbs",
                Crumbs.tenant(site.getId(), site.getName(), connection.getId(), connection.getDisplayName())
                        .hereKey("connection.disconnect.title"));
    }

    /** The other features' parts of a page (connection.web.ConnectionPagePart): their model values and templates. */
    private void parts(ConnectionPagePart.Page page, List<TenantConnection> shown) {
        List<String> templates = new ArrayList<>();
        for (ConnectionPagePart part : pageParts) {
            Map<String, Object> values = new HashMap<>();
            part.contribute(page, siteId, shown, values).ifPresent(templates::add);
            values.forEach(models::put);
        }
        models.put("pageParts", templates);
    }

    private Response afterConfirmation(TeamsConnectFlow.Confirmation confirmation, long connectionId) {
        switch (confirmation) {
            case ACTIVATED -> {
                flash.success("connection.activated");
                return Views.redirect("/sites/" + siteId + "/chat-tools");
            }
            case NOT_GRANTED -> flash.error("connection.error.notGranted");
            case SIGN_IN_AGAIN -> flash.error("connection.error.signInAgain");
            case MICROSOFT_UNAVAILABLE -> flash.error("connection.error.unavailable");
            case TOKENS_UNREADABLE -> flash.error("connection.error.tokensUnreadable");
            case BUSY -> flash.error("connection.error.busy");
            case CHANGED_MEANWHILE -> flash.error("connection.error.notWaiting");
        }
        return Views.redirect(connectionPath(connectionId));
    }

    /** Another request changed the connection first: nothing was changed by this one; audited, and the page says so. */
    private Response changedMeanwhile(TenantConnection connection, ConnectionChangedMeanwhile changed, String what) {
        connections.refused(
                currentUser.actor(),
                AuditAction.ACCESS_REFUSED,
                siteId,
                connection.getTenantId(),
                "connection " + connection.getId(),
                "refused: the connection became " + changed.status() + " meanwhile; " + what);
        flash.error(
                changed.status() == ConnectionStatus.DISCONNECTED
                        ? "connection.error.alreadyDisconnected"
                        : "connection.error.notWaiting");
        return Views.redirect(
                changed.status() == ConnectionStatus.DISCONNECTED
                        ? "/sites/" + siteId + "/chat-tools"
                        : connectionPath(connection.getId()));
    }

    private TenantConnection connectionOfSite(long connectionId) {
        return connections.ofSite(siteId, connectionId).orElseThrow(NotFoundException::new);
    }

    private String connectionPath(long connectionId) {
        return "/sites/" + siteId + "/chat-tools/teams/" + connectionId;
    }
}
