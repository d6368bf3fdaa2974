package io.tenantlink.grants.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.SignInRequest;
import io.tenantlink.connection.web.SignInCompletion;
import io.tenantlink.grants.GrantJobService;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.MicrosoftRefusal;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of the admin's sign-in for a limited-user approval job (purpose GRANT_JOB_SIGN_IN, called by the
 * Microsoft callback once the state is claimed): redeems the code for the consent-management app's delegated token,
 * for the connection's tenant only, and hands it to the job in memory. The token is not stored anywhere.
 */
@RequestScoped
public class GrantJobSignIn implements SignInCompletion {

    private static final Logger LOG = Logger.getLogger(GrantJobSignIn.class.getName());

    @Inject
    SignInFlow signInFlow;

    @Inject
    MicrosoftApps apps;

    @Inject
    ManagementAccess management;

    @Inject
    GrantJobService jobs;

    @Inject
    GrantJobSession session;

    @Inject
    Flash flash;

    @Inject
    ConnectionService connections;

    @Inject
    CurrentUser currentUser;

    @Override
    public SignInPurpose purpose() {
        return SignInPurpose.GRANT_JOB_SIGN_IN;
    }

    /** Every way this sign-in can fail is audited (the job keeps waiting for a sign-in that works). */
    @Override
    public Response complete(SignInRequest r, String code, String verifier) throws InterruptedException {
        String base = "/sites/" + r.getSiteId() + "/chat-tools/teams/" + r.getConnectionId() + "/grants";
        Long jobId = session.takeAwaiting(r.getConnectionId());
        if (jobId == null) {
            refused(
                    r,
                    "connection " + r.getConnectionId(),
                    "admin sign-in returned, but no approval job of this session was waiting for it");
            flash.error("grants.error.noJobWaiting");
            return Views.redirect(base);
        }
        String clientId = apps.managementClientId().orElse(null);
        SignInFlow.SignedIn signedIn;
        try {
            signedIn = signInFlow.redeem(
                    clientId, code, verifier, GrantJobService.TOKEN_SCOPES, r.getNonce(), r.getExpectedTenant());
        } catch (MicrosoftRefusal refusal) {
            refused(
                    r,
                    "job " + jobId,
                    "admin sign-in refused by Microsoft's token endpoint: "
                            + refusal.error().error()
                            + (refusal.error().code() > 0
                                    ? " (AADSTS" + refusal.error().code() + ")"
                                    : "") + "; the job keeps waiting");
            flash.error("grants.error.signIn");
            return Views.redirect(base + "/jobs/" + jobId);
        } catch (IdTokenRejectedException rejected) {
            refused(
                    r,
                    "job " + jobId,
                    "admin sign-in refused: id_token " + rejected.reason()
                            + (rejected.reason() == IdTokenRejectedException.Reason.BAD_TENANT
                                            || rejected.reason() == IdTokenRejectedException.Reason.BAD_ISSUER
                                    ? " (an account of another tenant than " + r.getExpectedTenant() + ")"
                                    : "")
                            + "; the job keeps waiting");
            flash.error("grants.error.signIn");
            return Views.redirect(base + "/jobs/" + jobId);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Sign-in for approval job " + jobId + " failed: " + e.getMessage());
            refused(
                    r,
                    "job " + jobId,
                    "admin sign-in: Microsoft's token endpoint did not answer; the job keeps waiting");
            flash.error("grants.error.signIn");
            return Views.redirect(base + "/jobs/" + jobId);
        }
        jobs.resume(jobId, management.gateway(signedIn.accessToken()));
        return Views.redirect(base + "/jobs/" + jobId);
    }

    private void refused(SignInRequest r, String subject, String detail) {
        connections.refused(
                currentUser.actor(),
                AuditAction.GRANT_JOB_REFUSED,
                r.getSiteId(),
                r.getExpectedTenant(),
                subject,
                detail);
    }
}
