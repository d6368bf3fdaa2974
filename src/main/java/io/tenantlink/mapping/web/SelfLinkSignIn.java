package io.tenantlink.mapping.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.SignInRequest;
import io.tenantlink.connection.web.SignInCompletion;
import io.tenantlink.mapping.SelfLinkService;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.MicrosoftRefusal;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.web.Breadcrumbs;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Models;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a person's sign-in through a self-link invitation (purpose SELF_LINK_SIGN_IN): the code is redeemed for
 * the person's identity only (no tokens are kept), the id token must come from the invitation's tenant, and the
 * account becomes the person's mapping there.
 */
@RequestScoped
public class SelfLinkSignIn implements SignInCompletion {

    private static final Logger LOG = Logger.getLogger(SelfLinkSignIn.class.getName());

    @Inject
    SignInFlow signInFlow;

    @Inject
    SelfLinkService selfLinks;

    @Inject
    ConnectionService connections;

    @Inject
    Models models;

    @Override
    public SignInPurpose purpose() {
        return SignInPurpose.SELF_LINK_SIGN_IN;
    }

    @Override
    public Response complete(SignInRequest r, String code, String verifier) throws InterruptedException {
        SignInFlow.SignedIn signedIn;
        try {
            signedIn =
                    signInFlow.redeem(code, verifier, SignInFlow.IDENTITY_SCOPES, r.getNonce(), r.getExpectedTenant());
        } catch (MicrosoftRefusal refusal) {
            refused(
                    r,
                    "Microsoft's token endpoint refused the code: "
                            + refusal.error().error());
            return result(models, Response.Status.BAD_REQUEST, "selfLink.failed.title", "selfLink.refused.text");
        } catch (IdTokenRejectedException rejected) {
            refused(r, "id_token " + rejected.reason() + " (expected an account of " + r.getExpectedTenant() + ")");
            return result(models, Response.Status.FORBIDDEN, "selfLink.failed.title", "selfLink.otherTenant.text");
        } catch (IOException unanswered) {
            LOG.log(Level.WARNING, "Self-link sign-in could not be completed: " + unanswered.getMessage());
            refused(r, "Microsoft's token endpoint did not answer; nothing was changed");
            return result(models, Response.Status.BAD_GATEWAY, "selfLink.failed.title", "selfLink.unavailable.text");
        }
        SelfLinkService.Completion done = selfLinks.complete(r.getApprovalLinkId(), signedIn.identity());
        models.put("personName", done.personName());
        models.put("userName", done.userName());
        return switch (done.result()) {
            case LINKED -> result(models, Response.Status.OK, "selfLink.done.title", done.reasonKey());
            case GONE -> result(models, Response.Status.GONE, "selfLink.gone.title", done.reasonKey());
            case OTHER_TENANT -> result(models, Response.Status.FORBIDDEN, "selfLink.failed.title", done.reasonKey());
            case NOT_USABLE -> result(models, Response.Status.CONFLICT, "selfLink.failed.title", done.reasonKey());
        };
    }

    /** The person's result page (they have no portal account: no navigation back into the portal). */
    static Response result(Models models, Response.Status status, String titleKey, String textKey) {
        models.put("titleKey", titleKey);
        models.put("textKey", textKey);
        models.put("breadcrumbs", Breadcrumbs.empty().hereKey(titleKey));
        return Response.status(status).entity("selflink/result.html").build();
    }

    private void refused(SignInRequest r, String detail) {
        connections.refused(
                "anonymous (self-link invitation " + r.getApprovalLinkId() + ")",
                AuditAction.SELF_LINK_REFUSED,
                r.getSiteId(),
                r.getExpectedTenant(),
                "self-link invitation " + r.getApprovalLinkId(),
                detail);
    }
}
