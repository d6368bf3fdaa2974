package io.tenantlink.teams.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.SignInRequest;
import io.tenantlink.connection.web.SignInCompletion;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.MicrosoftRefusal;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.microsoft.VerifiedIdentity;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.teams.IncidentChatService;
import io.tenantlink.teams.IncidentChatStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a portal user's sign-in to the ChatOps app for Teams (purpose TEAMS_SIGN_IN): redeems the code for the
 * project's tenant only, keeps the tokens (encrypted, beside other people's of that tenant) and records who the person
 * is there. Incident chats, meetings and posts are then made as this person.
 */
@RequestScoped
public class TeamsSignIn implements SignInCompletion {

    private static final Logger LOG = Logger.getLogger(TeamsSignIn.class.getName());

    /** What the sign-in asks for: the user's identity, a refresh token, and the chat's delegated permissions. */
    public static final Set<String> SCOPES;

    static {
        Set<String> scopes = new TreeSet<>(Set.of("openid", "profile", "offline_access"));
        scopes.addAll(IncidentChatService.SCOPES);
        SCOPES = Set.copyOf(scopes);
    }

    @Inject
    SignInFlow signInFlow;

    @Inject
    IncidentChatStore store;

    @Inject
    ConnectionService connections;

    @Inject
    TeamsReturn teamsReturn;

    @Inject
    CurrentUser currentUser;

    @Inject
    Flash flash;

    @Override
    public SignInPurpose purpose() {
        return SignInPurpose.TEAMS_SIGN_IN;
    }

    @Override
    public Response complete(SignInRequest r, String code, String verifier) throws InterruptedException {
        String back = teamsReturn.take();
        if (back == null) {
            back = "/sites/" + r.getSiteId();
        }
        SignInFlow.SignedIn signedIn;
        try {
            signedIn =
                    signInFlow.redeem(code, verifier, IncidentChatService.SCOPES, r.getNonce(), r.getExpectedTenant());
        } catch (MicrosoftRefusal refusal) {
            refused(
                    r,
                    "Microsoft's token endpoint refused the code: "
                            + refusal.error().error()
                            + (refusal.error().code() > 0
                                    ? " (AADSTS" + refusal.error().code() + ")"
                                    : ""));
            flash.error("teams.signIn.refused");
            return Views.redirect(back);
        } catch (IdTokenRejectedException rejected) {
            refused(r, "id_token " + rejected.reason() + " (expected an account of " + r.getExpectedTenant() + ")");
            flash.error("teams.signIn.otherTenant");
            return Views.redirect(back);
        } catch (IOException unanswered) {
            LOG.log(Level.WARNING, "Teams sign-in could not be completed: " + unanswered.getMessage());
            refused(r, "Microsoft's token endpoint did not answer; nothing was changed");
            flash.error("teams.signIn.unavailable");
            return Views.redirect(back);
        }
        signInFlow.keep(signedIn);
        VerifiedIdentity who = signedIn.identity();
        store.signedIn(
                r.getAccountId(),
                r.getConnectionId(),
                who.tenantId(),
                who.objectId() + "." + who.tenantId(),
                who.objectId(),
                who.name(),
                who.preferredUsername());
        flash.success("teams.signIn.done", who.preferredUsername() == null ? who.objectId() : who.preferredUsername());
        return Views.redirect(back);
    }

    private void refused(SignInRequest r, String detail) {
        connections.refused(
                currentUser.actor(),
                AuditAction.TENANT_SIGN_IN_REFUSED,
                r.getSiteId(),
                r.getExpectedTenant(),
                "Teams sign-in for connection " + r.getConnectionId(),
                detail);
    }
}
