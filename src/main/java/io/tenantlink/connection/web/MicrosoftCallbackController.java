package io.tenantlink.connection.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.connection.ApprovalLink;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.LinkNoLongerUsable;
import io.tenantlink.connection.MicrosoftErrors;
import io.tenantlink.connection.MicrosoftSigner;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.SignInRequest;
import io.tenantlink.connection.TeamsConnectFlow;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.MicrosoftRefusal;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.platform.web.Views;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where Microsoft sends the browser back: after sign-in ({@code /microsoft/callback}) and after
 * admin consent ({@code /microsoft/consent-callback}). Nothing in the query is trusted by itself:
 * the state must be one this portal issued, unused, unexpired, for this purpose and this browser
 * session; the id_token is validated; the consenting tenant must be the expected one; and consent
 * is confirmed with Microsoft before anything is activated.
 */
@Controller
@Path("microsoft")
@RequestScoped
public class MicrosoftCallbackController {

    private static final Logger LOG = Logger.getLogger(MicrosoftCallbackController.class.getName());

    @Inject
    Models models;

    @Inject
    CurrentUser currentUser;

    @Inject
    ConnectionService connections;

    @Inject
    TeamsConnectFlow flow;

    @Inject
    SignInFlow signInFlow;

    @Inject
    FlowSession flowSession;

    @Inject
    Flash flash;

    /** Sign-ins other features started (e.g. a limited-user approval job's admin), completed by those features. */
    @Inject
    @jakarta.enterprise.inject.Any
    jakarta.enterprise.inject.Instance<SignInCompletion> completions;

    @Inject
    FeatureLinkApprovals featureLinks;

    @Inject
    io.tenantlink.microsoft.MicrosoftApps apps;

    @GET
    @Path("callback")
    public Response signedIn(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @QueryParam("error_description") String description)
            throws InterruptedException {
        ConnectionService.Claimed request;
        try {
            request = claim(
                    state,
                    SignInPurpose.CONNECT,
                    SignInPurpose.LINK_SIGN_IN,
                    SignInPurpose.GRANT_JOB_SIGN_IN,
                    SignInPurpose.TEAMS_SIGN_IN,
                    SignInPurpose.SELF_LINK_SIGN_IN);
        } catch (Refused refused) {
            return refused.page;
        }
        SignInRequest r = request.request();
        if (error != null) {
            return microsoftError(r, error, description);
        }
        if (code == null || code.isBlank()) {
            return refuse(r, "no authorization code", "callback.refused.noCode");
        }
        for (SignInCompletion completion : completions) {
            if (completion.purpose() == r.getPurpose()) {
                return completion.complete(r, code, request.verifier());
            }
        }
        String expectedTenant = r.getExpectedTenant();
        SignInFlow.SignedIn signedIn;
        try {
            signedIn = signInFlow.redeem(
                    code,
                    request.verifier(),
                    r.getPurpose() == SignInPurpose.CONNECT ? SignInFlow.CONNECT_SCOPES : SignInFlow.IDENTITY_SCOPES,
                    r.getNonce(),
                    expectedTenant);
        } catch (MicrosoftRefusal refusal) {
            return explain(
                    r,
                    refusal.error().code(),
                    "token endpoint refused the code: " + refusal.error().error());
        } catch (IdTokenRejectedException rejected) {
            return refuse(r, "id_token rejected: " + rejected.reason(), "callback.refused.idToken");
        } catch (IOException unavailable) {
            LOG.log(Level.WARNING, "Sign-in could not be completed: " + unavailable.getMessage());
            connections.refused(
                    currentUser.actor(),
                    AuditAction.TENANT_SIGN_IN_REFUSED,
                    r.getSiteId(),
                    r.getExpectedTenant(),
                    r.getConnectionId() == null ? "sign-in" : "connection " + r.getConnectionId(),
                    r.getPurpose() + ": Microsoft's token endpoint did not answer; nothing was changed");
            return page(Response.Status.BAD_GATEWAY, "callback.unavailable.title", "callback.unavailable.text", r);
        }
        MicrosoftSigner signer = MicrosoftSigner.of(signedIn.identity());
        if (r.getPurpose() == SignInPurpose.CONNECT) {
            return connected(r, signedIn, signer);
        }
        return approverSignedIn(r, signer);
    }

    private Response connected(SignInRequest r, SignInFlow.SignedIn signedIn, MicrosoftSigner signer)
            throws InterruptedException {
        String actor = currentUser.actor();
        SignInFlow.Organization organization =
                flow.organization(signedIn.accessToken()).orElse(null);
        signInFlow.keep(signedIn);
        TenantConnection connection = connections.recordSignIn(actor, r.getSiteId(), signer, organization);
        // Reconnecting (or a tenant another site already connected): consent may be in place already.
        TeamsConnectFlow.Confirmation confirmation =
                flow.confirm(actor, connection, "consent already in place at sign-in");
        if (confirmation == TeamsConnectFlow.Confirmation.ACTIVATED) {
            flash.success("connection.activated");
            return Views.redirect("/sites/" + r.getSiteId() + "/chat-tools");
        }
        if (!signedIn.identity().widsClaimPresent()) {
            // No wids: fail closed (no consent role), and say which app-registration setting makes Microsoft send it.
            flash.error("connection.noRoleClaim", signer.describe(), apps.chatOpsClientId());
        }
        return Views.redirect("/sites/" + r.getSiteId() + "/chat-tools/teams/" + connection.getId());
    }

    private Response approverSignedIn(SignInRequest r, MicrosoftSigner signer) {
        ApprovalLink link = connections.link(r.getApprovalLinkId()).orElse(null);
        if (link == null || !link.usableAt(Clock.now())) {
            connections.refused(
                    signer.describe(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    r.getSiteId(),
                    signer.tenantId(),
                    "link " + r.getApprovalLinkId(),
                    "signed in through a link that is " + (link == null ? "gone" : link.statusAt(Clock.now())));
            return page(Response.Status.GONE, "approval.gone.title", "approval.gone.text", r);
        }
        if (!link.getTenantId().equalsIgnoreCase(signer.tenantId())) {
            connections.refused(
                    signer.describe(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    link.getSiteId(),
                    link.getTenantId(),
                    "link " + link.getId(),
                    "signed in with an account of tenant " + signer.tenantId());
            models.put("signer", signer.describe());
            return page(Response.Status.FORBIDDEN, "approval.otherTenant.title", "approval.otherTenant.text", r);
        }
        if (!signer.canConsent()) {
            connections.refused(
                    signer.describe(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    link.getSiteId(),
                    link.getTenantId(),
                    "link " + link.getId(),
                    "the account holds no role that can grant tenant-wide consent");
            models.put("signer", signer.describe());
            return page(Response.Status.FORBIDDEN, "approval.notAdmin.title", "approval.notAdmin.text", r);
        }
        flowSession.approver(link.getId(), signer);
        ConnectionService.Started started = connections.startSignIn(
                SignInPurpose.LINK_CONSENT,
                flowSession.binding(),
                null,
                link.getSiteId(),
                link.getConnectionId(),
                link.getId(),
                link.getTenantId());
        java.util.Optional<FeatureLinkApprovals.Answer> feature = featureLinks.consentRequest(link, started.state());
        if (feature.isPresent() && feature.get().redirect() == null) {
            connections.refused(
                    signer.describe(),
                    AuditAction.APPROVAL_LINK_REFUSED,
                    link.getSiteId(),
                    link.getTenantId(),
                    "link " + link.getId(),
                    "the feature app " + link.getPermissionSet()
                            + " cannot be consented to any more (no client id configured, or nothing left to consent"
                            + " ahead)");
            return page(Response.Status.GONE, "approval.gone.title", "approval.gone.text", r);
        }
        return Response.seeOther(feature.map(FeatureLinkApprovals.Answer::redirect)
                        .orElseGet(() -> signInFlow.adminConsentUrl(link.getTenantId(), started.state())))
                .build();
    }

    @GET
    @Path("consent-callback")
    public Response consented(
            @QueryParam("admin_consent") String adminConsent,
            @QueryParam("tenant") String tenant,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @QueryParam("error_description") String description,
            @QueryParam("error_subcode") String subcode)
            throws InterruptedException {
        if (featureLinks.isCopiedLinkState(state)) {
            return featureLinks.copiedLinkReturned(state, adminConsent, tenant, error);
        }
        ConnectionService.Claimed request;
        try {
            request = claim(state, SignInPurpose.CONSENT, SignInPurpose.LINK_CONSENT);
        } catch (Refused refused) {
            return refused.page;
        }
        SignInRequest r = request.request();
        boolean linkConsent = r.getPurpose() == SignInPurpose.LINK_CONSENT;
        MicrosoftSigner approver = linkConsent ? flowSession.takeApprover(r.getApprovalLinkId()) : null;
        String actor = linkConsent ? (approver == null ? "tenant admin" : approver.describe()) : currentUser.actor();
        if (error != null) {
            boolean cancelled = "access_denied".equals(error) && "cancel".equals(subcode);
            if (linkConsent) {
                try {
                    connections.linkDeclined(
                            actor,
                            r.getApprovalLinkId(),
                            cancelled
                                    ? "cancelled at Microsoft"
                                    : clip(error) + " "
                                            + MicrosoftErrors.codeOf(description)
                                                    .map(c -> "AADSTS" + c)
                                                    .orElse(""));
                } catch (LinkNoLongerUsable spent) {
                    return linkSpent(actor, r, spent, "a refusal");
                }
                models.put("declined", true);
                models.put("breadcrumbs", Breadcrumbs.empty().hereKey("approval.declined.title"));
                return Response.ok("approval/done.html").build();
            }
            if (cancelled) {
                connections.refused(
                        actor,
                        AuditAction.CONSENT_DECLINED,
                        r.getSiteId(),
                        r.getExpectedTenant(),
                        "connection " + r.getConnectionId(),
                        "cancelled at Microsoft");
                flash.error("connection.consent.cancelled");
                return Views.redirect("/sites/" + r.getSiteId() + "/chat-tools/teams/" + r.getConnectionId());
            }
            return microsoftError(r, error, description);
        }
        if (tenant == null
                || !tenant.equalsIgnoreCase(r.getExpectedTenant())
                || !"True".equalsIgnoreCase(adminConsent)) {
            return refuse(
                    r,
                    "consent callback for tenant " + clip(tenant) + " but " + r.getExpectedTenant() + " was expected",
                    "callback.refused.tenant");
        }
        try {
            java.util.Optional<ApprovalLink> link =
                    linkConsent ? connections.link(r.getApprovalLinkId()) : java.util.Optional.empty();
            java.util.Optional<Response> feature =
                    link.isPresent() ? featureLinks.consented(actor, r, link.get()) : java.util.Optional.empty();
            if (feature.isPresent()) {
                return feature.get();
            }
            if (linkConsent) {
                connections.permissionGrantedThroughLink(actor, r.getApprovalLinkId());
                models.put("declined", false);
                models.put("breadcrumbs", Breadcrumbs.empty().hereKey("approval.done.title"));
                return Response.ok("approval/done.html").build();
            }
        } catch (LinkNoLongerUsable spent) {
            return linkSpent(actor, r, spent, "a consent");
        }
        TenantConnection connection = connections.find(r.getConnectionId()).orElseThrow();
        connections.note(
                actor,
                AuditAction.CONSENT_GIVEN,
                io.tenantlink.audit.AuditOutcome.SUCCESS,
                connection,
                "admin consent returned by Microsoft; confirming through Graph");
        TeamsConnectFlow.Confirmation confirmation =
                flow.confirm(actor, connection, "admin consent given by the signed-in admin");
        switch (confirmation) {
            case ACTIVATED -> {
                flash.success("connection.activated");
                return Views.redirect("/sites/" + r.getSiteId() + "/chat-tools");
            }
            case NOT_GRANTED -> flash.error("connection.error.notGranted");
            case SIGN_IN_AGAIN -> flash.error("connection.error.signInAgain");
            case MICROSOFT_UNAVAILABLE -> flash.error("connection.error.unavailable");
            case TOKENS_UNREADABLE -> flash.error("connection.error.tokensUnreadable");
            case BUSY -> flash.error("connection.error.busy");
            case CHANGED_MEANWHILE -> flash.error("connection.error.notWaiting");
        }
        return Views.redirect("/sites/" + r.getSiteId() + "/chat-tools/teams/" + r.getConnectionId());
    }

    /**
     * A second answer through an approval link that was answered (or revoked, or expired) meanwhile, typically the same
     * link approved in two tabs at once: nothing is changed, the refusal is audited, and the page says what happened.
     */
    private Response linkSpent(String actor, SignInRequest r, LinkNoLongerUsable spent, String what) {
        connections.refused(
                actor,
                AuditAction.APPROVAL_LINK_REFUSED,
                r.getSiteId(),
                r.getExpectedTenant(),
                "link " + spent.linkId(),
                what + " arrived for a link that is already " + spent.status()
                        + " (answered at the same time, or later); nothing was changed");
        models.put("problemTitle", Messages.get(Locale.ENGLISH, "approval.spent.title"));
        models.put("problemText", Messages.get(Locale.ENGLISH, "approval.spent.text"));
        return Response.status(Response.Status.CONFLICT)
                .entity("connections/problem.html")
                .build();
    }

    /** A failed check ends the request with this page. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Response page;

        Refused(Response page) {
            super(null, null, false, false);
            this.page = page;
        }
    }

    private ConnectionService.Claimed claim(String state, SignInPurpose... purposes) throws Refused {
        ConnectionService.Claimed claimed = connections.claim(state).orElse(null);
        if (claimed == null) {
            connections.refused(
                    currentUser.actor(),
                    AuditAction.CALLBACK_REFUSED,
                    null,
                    null,
                    "sign-in callback",
                    state == null ? "no state" : "state unknown or already used");
            throw new Refused(
                    page(Response.Status.BAD_REQUEST, "callback.refused.title", "callback.refused.state", null));
        }
        SignInRequest r = claimed.request();
        String problem = null;
        if (!java.util.List.of(purposes).contains(r.getPurpose())) {
            problem = "state issued for " + r.getPurpose();
        } else if (!flowSession.matches(r.getSessionBinding())) {
            problem = "state issued to another browser session";
        } else if (r.expiredAt(Clock.now())) {
            problem = "state expired";
        } else if (r.getAccountId() != null
                && (!currentUser.isSignedIn() || currentUser.accountId() != r.getAccountId())) {
            problem = "state issued to another portal account";
        }
        if (problem != null) {
            throw new Refused(refuse(
                    r, problem, r.expiredAt(Clock.now()) ? "callback.refused.expired" : "callback.refused.state"));
        }
        return claimed;
    }

    private Response refuse(SignInRequest r, String why, String textKey) {
        connections.refused(
                currentUser.actor(),
                AuditAction.CALLBACK_REFUSED,
                r.getSiteId(),
                r.getExpectedTenant(),
                r.getConnectionId() == null ? "sign-in callback" : "connection " + r.getConnectionId(),
                why);
        return page(Response.Status.BAD_REQUEST, "callback.refused.title", textKey, r);
    }

    private Response microsoftError(SignInRequest r, String error, String description) {
        Integer code = MicrosoftErrors.codeOf(description).orElse(null);
        return explain(r, code, "Microsoft answered " + clip(error));
    }

    private Response explain(SignInRequest r, Integer code, String detail) {
        AuditAction action = r.getPurpose() == SignInPurpose.CONSENT || r.getPurpose() == SignInPurpose.LINK_CONSENT
                ? AuditAction.CONSENT_FAILED
                : AuditAction.TENANT_SIGN_IN_REFUSED;
        connections.refused(
                currentUser.actor(),
                action,
                r.getSiteId(),
                r.getExpectedTenant(),
                r.getConnectionId() == null ? "sign-in" : "connection " + r.getConnectionId(),
                r.getPurpose() + ": " + detail + (code == null ? "" : " (AADSTS" + code + ")"));
        String key = MicrosoftErrors.keyOf(code);
        models.put("code", code == null ? "" : "AADSTS" + code);
        return page(Response.Status.BAD_REQUEST, key + ".title", key + ".action", r);
    }

    private Response page(Response.Status status, String titleKey, String textKey, SignInRequest r) {
        models.put("problemTitle", Messages.get(Locale.ENGLISH, titleKey));
        models.put("problemText", Messages.get(Locale.ENGLISH, textKey));
        models.put("backSite", r == null || r.getAccountId() == null ? null : r.getSiteId());
        models.put("backConnection", r == null || r.getAccountId() == null ? null : r.getConnectionId());
        return Response.status(status).entity("connections/problem.html").build();
    }

    private static String clip(String value) {
        if (value == null) {
            return "none";
        }
        String safe = value.replaceAll("[^A-Za-z0-9_.\\- ]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }
}
