package io.tenantlink.connection;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.microsoft.AadstsError;
import io.tenantlink.microsoft.ConsentCheck;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.MicrosoftClients;
import io.tenantlink.microsoft.SignInFlow;

/**
 * The steps of connecting a site to a tenant that talk to Microsoft, around the transactional
 * {@link ConnectionService}: Microsoft is called outside any transaction, the outcome is then
 * written with its audit record.
 */
@ApplicationScoped
public class TeamsConnectFlow {

    private static final Logger LOG = Logger.getLogger(TeamsConnectFlow.class.getName());

    @Inject
    ConnectionService service;

    @Inject
    SignInFlow signIn;

    @Inject
    ConsentCheck consentCheck;

    @Inject
    MicrosoftClients clients;

    @Inject
    MicrosoftApps apps;

    @Inject
    TenantConsentRemoval removal;

    /** The outcome of asking Microsoft whether the tenant's consent is in place. */
    public enum Confirmation { ACTIVATED, NOT_GRANTED, SIGN_IN_AGAIN, MICROSOFT_UNAVAILABLE }

    public URI startConnect(long accountId, long siteId, String sessionBinding) {
        ConnectionService.Started started = service.startSignIn(SignInPurpose.CONNECT, sessionBinding, accountId, siteId,
                null, null, null);
        return signIn.authorizeUrl("organizations", SignInFlow.CONNECT_SCOPES, started.state(), started.nonce(),
                started.verifier(), null);
    }

    public URI startConsent(String actor, long accountId, TenantConnection connection, String sessionBinding) {
        ConnectionService.Started started = service.startSignIn(SignInPurpose.CONSENT, sessionBinding, accountId,
                connection.getSiteId(), connection.getId(), null, connection.getTenantId());
        service.note(actor, AuditAction.CONSENT_REQUESTED, AuditOutcome.SUCCESS, connection, "admin consent requested for "
                + ChatOpsPermissions.SET_ID);
        return signIn.adminConsentUrl(connection.getTenantId(), started.state());
    }

    /**
     * Asks Microsoft (token endpoint and Graph) whether the tenant consented to every required
     * permission; activates the connection when it did.
     */
    public Confirmation confirm(String actor, TenantConnection connection, String how) throws InterruptedException {
        ConsentCheck.Verdict verdict;
        try {
            verdict = consentCheck.check(connection.getTenantId(), connection.signerHomeAccountId(),
                    ChatOpsPermissions.application(), ChatOpsPermissions.delegatedGraph());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Consent check for connection " + connection.getId() + " failed: " + e.getMessage());
            service.note(actor, AuditAction.CONSENT_NOT_CONFIRMED, AuditOutcome.FAILURE, connection, "Microsoft did not answer");
            return Confirmation.MICROSOFT_UNAVAILABLE;
        }
        if (verdict instanceof ConsentCheck.Granted) {
            service.activate(actor, connection.getId(), how);
            return Confirmation.ACTIVATED;
        }
        if (verdict instanceof ConsentCheck.SignInAgain again) {
            service.needsSignIn(actor, connection.getId(), again.reason().map(r -> "AADSTS" + r.code()).orElse("no stored sign-in"));
            return Confirmation.SIGN_IN_AGAIN;
        }
        ConsentCheck.NotGranted missing = (ConsentCheck.NotGranted) verdict;
        service.note(actor, AuditAction.CONSENT_NOT_CONFIRMED, AuditOutcome.FAILURE, connection, describe(missing));
        return Confirmation.NOT_GRANTED;
    }

    /**
     * Disconnects, then deletes the signer's tokens (all of the tenant's when no other site uses it).
     * Only when explicitly asked does it also remove the app's permissions from the tenant; the
     * outcome of that is returned (and audited), the disconnect stands either way.
     */
    public Optional<TenantConsentRemoval.Outcome> disconnect(String actor, long connectionId, boolean removeFromTenant)
            throws InterruptedException {
        TenantConnection connection = service.disconnect(actor, connectionId);
        if (service.tenantSharedWithOtherSites(connection)) {
            clients.forgetAccount(connection.getTenantId(), apps.chatOpsClientId(), connection.signerHomeAccountId());
        } else {
            clients.forget(connection.getTenantId(), apps.chatOpsClientId());
        }
        if (!removeFromTenant) {
            return Optional.empty();
        }
        TenantConsentRemoval.Outcome outcome = removal.removeChatOps(connection.getTenantId());
        service.note(actor, AuditAction.CONSENT_REMOVED, outcome.done() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, connection,
                outcome.done() ? outcome.grantsRemoved() + " delegated grant(s) and " + outcome.appPermissionsRemoved()
                        + " application permission(s) of the ChatOps app removed from the tenant" : outcome.problem());
        return Optional.of(outcome);
    }

    private static String describe(ConsentCheck.NotGranted missing) {
        StringBuilder text = new StringBuilder();
        if (missing.servicePrincipalMissing()) {
            text.append("the ChatOps app is not in the tenant");
        } else {
            text.append("missing application permissions ").append(missing.missingApplication())
                    .append("; missing delegated permissions ").append(missing.missingDelegated());
        }
        missing.reason().map(AadstsError::code).filter(code -> code > 0).ifPresent(code -> text.append(" (AADSTS").append(code).append(')'));
        return text.toString();
    }

    public Optional<SignInFlow.Organization> organization(String accessToken) {
        return signIn.organization(accessToken);
    }
}
