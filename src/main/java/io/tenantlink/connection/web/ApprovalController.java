package io.tenantlink.connection.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.catalog.FeatureView;
import io.tenantlink.connection.ApprovalLink;
import io.tenantlink.connection.ApprovalLinkView;
import io.tenantlink.connection.ChatOpsPermissions;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * The page a tenant admin reaches through an approval link, without a portal account. Opening it
 * (a GET, which link scanners make too) changes nothing; the button starts Microsoft sign-in.
 */
@Controller
@Path("approve/{token}")
@RequestScoped
public class ApprovalController {

    @Inject
    Models models;

    @Inject
    ConnectionService connections;

    @Inject
    SiteRepository sites;

    @Inject
    SignInFlow signInFlow;

    @Inject
    FlowSession flowSession;

    @Inject
    LinkLookupLimiter limiter;

    @Inject
    FeatureApps featureApps;

    @Inject
    FeatureLinkApprovals featureLinks;

    @Context
    HttpServletRequest request;

    @Inject
    io.tenantlink.account.ActorNames actorNames;

    @PathParam("token")
    String token;

    @GET
    public Response show() {
        ApprovalLink link = usableLink();
        if (link == null) {
            return gone();
        }
        TenantConnection connection = connections.find(link.getConnectionId()).orElseThrow();
        models.put(
                "link", ApprovalLinkView.of(link, Clock.now(), actorNames.of(java.util.List.of(link.getCreatedBy()))));
        models.put("connection", ConnectionView.of(connection));
        models.put(
                "siteName", sites.find(link.getSiteId()).map(s -> s.getName()).orElse(""));
        models.put("permissions", ChatOpsPermissions.ALL);
        featureSet(link).ifPresent(set -> {
            models.put(
                    "featureView",
                    FeatureView.of(
                            featureApps.catalog(),
                            set.feature(),
                            featureApps.clientId(set.feature()).orElse(null)));
            models.put("featureScope", set.scope(featureApps.catalog()));
        });
        featureLinks.ahead(link).ifPresent(ahead -> models.put("ahead", ahead));
        models.put("token", token);
        models.put("breadcrumbs", Breadcrumbs.empty().hereKey("approval.title"));
        return Response.ok("approval/show.html").build();
    }

    @POST
    @Path("sign-in")
    public Response signIn() {
        ApprovalLink link = usableLink();
        if (link == null) {
            return gone();
        }
        try {
            connections.linkOpened(link.getId(), "tenant admin (not signed in yet)");
        } catch (io.tenantlink.connection.LinkNoLongerUsable spent) {
            connections.refused(
                    "anonymous " + request.getRemoteAddr(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    link.getSiteId(),
                    link.getTenantId(),
                    "link " + link.getId(),
                    "link became " + spent.status() + " while it was being opened");
            return gone();
        }
        ConnectionService.Started started = connections.startSignIn(
                SignInPurpose.LINK_SIGN_IN,
                flowSession.binding(),
                null,
                link.getSiteId(),
                link.getConnectionId(),
                link.getId(),
                null);
        return Response.seeOther(signInFlow.authorizeUrl(
                        "organizations",
                        SignInFlow.IDENTITY_SCOPES,
                        started.state(),
                        started.nonce(),
                        started.verifier(),
                        null))
                .build();
    }

    private ApprovalLink usableLink() {
        if (!limiter.allow(request.getRemoteAddr())) {
            connections.refused(
                    "anonymous " + request.getRemoteAddr(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    null,
                    null,
                    "approval link",
                    "too many lookups from this address");
            return null;
        }
        ApprovalLink link = connections.linkByToken(token).orElse(null);
        if (link == null) {
            connections.refused(
                    "anonymous " + request.getRemoteAddr(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    null,
                    null,
                    "approval link",
                    "unknown link");
            return null;
        }
        boolean knownSet = ChatOpsPermissions.SET_ID.equals(link.getPermissionSet())
                || featureSet(link)
                        .filter(set -> featureApps.clientId(set.feature()).isPresent())
                        .isPresent()
                || featureLinks.ahead(link).isPresent();
        if (!link.usableAt(Clock.now()) || !knownSet) {
            connections.refused(
                    "anonymous " + request.getRemoteAddr(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    link.getSiteId(),
                    link.getTenantId(),
                    "link " + link.getId(),
                    link.usableAt(Clock.now())
                            ? "link asks for " + link.getPermissionSet()
                                    + ", which cannot be consented to any more (another catalog version, no client id,"
                                    + " or nothing left to consent ahead)"
                            : "link is " + link.statusAt(Clock.now()));
            return null;
        }
        return link;
    }

    /** The feature app a link asks for (empty for the ChatOps set, or a set of an older catalog). */
    private java.util.Optional<FeatureLinkSet> featureSet(ApprovalLink link) {
        return FeatureLinkSet.parse(link.getPermissionSet(), featureApps.catalog());
    }

    private Response gone() {
        models.put("problemTitle", Messages.get(Locale.ENGLISH, "approval.gone.title"));
        models.put("problemText", Messages.get(Locale.ENGLISH, "approval.gone.text"));
        return Response.status(Response.Status.NOT_FOUND)
                .entity("connections/problem.html")
                .build();
    }
}
