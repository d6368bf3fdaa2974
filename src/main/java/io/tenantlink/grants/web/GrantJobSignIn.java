package io.tenantlink.grants.web;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import io.tenantlink.connection.SignInRequest;
import io.tenantlink.grants.GrantJobService;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.MicrosoftRefusal;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;

/**
 * The end of the admin's sign-in for a limited-user approval job (purpose GRANT_JOB_SIGN_IN, called by the
 * Microsoft callback once the state is claimed): redeems the code for the consent-management app's delegated token,
 * for the connection's tenant only, and hands it to the job in memory. The token is not stored anywhere.
 */
@RequestScoped
public class GrantJobSignIn {

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

    public Response complete(SignInRequest r, String code, String verifier) throws InterruptedException {
        String base = "/sites/" + r.getSiteId() + "/chat-tools/teams/" + r.getConnectionId() + "/grants";
        Long jobId = session.takeAwaiting(r.getConnectionId());
        if (jobId == null) {
            flash.error("grants.error.noJobWaiting");
            return Views.redirect(base);
        }
        String clientId = apps.managementClientId().orElse(null);
        SignInFlow.SignedIn signedIn;
        try {
            signedIn = signInFlow.redeem(clientId, code, verifier, GrantJobService.TOKEN_SCOPES, r.getNonce(), r.getExpectedTenant());
        } catch (MicrosoftRefusal refusal) {
            flash.error("grants.error.signIn");
            return Views.redirect(base + "/jobs/" + jobId);
        } catch (IdTokenRejectedException | IOException e) {
            LOG.log(Level.WARNING, "Sign-in for approval job " + jobId + " failed: " + e.getMessage());
            flash.error("grants.error.signIn");
            return Views.redirect(base + "/jobs/" + jobId);
        }
        jobs.resume(jobId, management.graph(signedIn.accessToken()));
        return Views.redirect(base + "/jobs/" + jobId);
    }
}
