package io.tenantlink.mapping.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.web.FlowSession;
import io.tenantlink.connection.web.LinkLookupLimiter;
import io.tenantlink.mapping.SelfLinkService;
import io.tenantlink.mapping.SelfLinkService.OpenInvitation;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.web.Breadcrumbs;
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

/**
 * The page a person reaches through a self-link invitation, without a portal account. Opening it (a GET, which link
 * scanners make too) changes nothing; the button starts Microsoft sign-in in the invitation's tenant.
 */
@Controller
@Path("link-me/{token}")
@RequestScoped
public class SelfLinkController {

    @Inject
    Models models;

    @Inject
    SelfLinkService selfLinks;

    @Inject
    ConnectionService connections;

    @Inject
    SignInFlow signInFlow;

    @Inject
    FlowSession flowSession;

    @Inject
    LinkLookupLimiter limiter;

    @Context
    HttpServletRequest request;

    @PathParam("token")
    String token;

    @GET
    public Response show() {
        OpenInvitation invitation = openInvitation();
        if (invitation == null) {
            return SelfLinkSignIn.result(
                    models, Response.Status.NOT_FOUND, "selfLink.gone.title", "selfLink.gone.text");
        }
        models.put("invitation", invitation);
        models.put("token", token);
        models.put("breadcrumbs", Breadcrumbs.empty().hereKey("selfLink.show.title"));
        return Response.ok("selflink/show.html").build();
    }

    @POST
    @Path("sign-in")
    public Response signIn() {
        OpenInvitation invitation = openInvitation();
        if (invitation == null) {
            return SelfLinkSignIn.result(
                    models, Response.Status.NOT_FOUND, "selfLink.gone.title", "selfLink.gone.text");
        }
        ConnectionService.Started started = connections.startSignIn(
                SignInPurpose.SELF_LINK_SIGN_IN,
                flowSession.binding(),
                null,
                invitation.siteId(),
                invitation.connectionId(),
                invitation.invitationId(),
                invitation.tenantId());
        return Response.seeOther(signInFlow.authorizeUrl(
                        invitation.tenantId(),
                        SignInFlow.IDENTITY_SCOPES,
                        started.state(),
                        started.nonce(),
                        started.verifier(),
                        null))
                .build();
    }

    private OpenInvitation openInvitation() {
        String client = "anonymous " + request.getRemoteAddr();
        if (!limiter.allow(request.getRemoteAddr())) {
            connections.refused(
                    client,
                    AuditAction.SELF_LINK_REFUSED,
                    null,
                    null,
                    "self-link invitation",
                    "too many lookups from this address");
            return null;
        }
        OpenInvitation invitation = selfLinks.open(token).orElse(null);
        if (invitation == null) {
            connections.refused(
                    client,
                    AuditAction.SELF_LINK_REFUSED,
                    null,
                    null,
                    "self-link invitation",
                    "unknown, used, withdrawn or expired invitation");
        }
        return invitation;
    }
}
