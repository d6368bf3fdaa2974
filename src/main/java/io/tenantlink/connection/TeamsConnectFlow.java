package io.tenantlink.connection;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.microsoft.AadstsError;
import io.tenantlink.microsoft.ConsentCheck;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.MicrosoftClients;
import io.tenantlink.microsoft.RefreshLeases;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.microsoft.TokenCacheIntegrityException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    @Inject
    RefreshLeases leases;

    /**
     * The outcome of asking Microsoft whether the tenant's consent is in place. TOKENS_UNREADABLE: the stored sign-in
     * failed its integrity check and was deleted; BUSY: another request is confirming with the same stored sign-in;
     * CHANGED_MEANWHILE: another request changed the connection first. The last two change nothing.
     */
    public enum Confirmation {
        ACTIVATED,
        NOT_GRANTED,
        SIGN_IN_AGAIN,
        MICROSOFT_UNAVAILABLE,
        TOKENS_UNREADABLE,
        BUSY,
        CHANGED_MEANWHILE
    }

    public URI startConnect(long accountId, long siteId, String sessionBinding) {
        ConnectionService.Started started =
                service.startSignIn(SignInPurpose.CONNECT, sessionBinding, accountId, siteId, null, null, null);
        return signIn.authorizeUrl(
                "organizations", SignInFlow.CONNECT_SCOPES, started.state(), started.nonce(), started.verifier(), null);
    }

    public URI startConsent(String actor, long accountId, TenantConnection connection, String sessionBinding) {
        ConnectionService.Started started = service.startSignIn(
                SignInPurpose.CONSENT,
                sessionBinding,
                accountId,
                connection.getSiteId(),
                connection.getId(),
                null,
                connection.getTenantId());
        service.note(
                actor,
                AuditAction.CONSENT_REQUESTED,
                AuditOutcome.SUCCESS,
                connection,
                "admin consent requested for " + ChatOpsPermissions.SET_ID);
        return signIn.adminConsentUrl(connection.getTenantId(), started.state());
    }

    /**
     * Asks Microsoft (token endpoint and Graph) whether the tenant consented to every required
     * permission; activates the connection when it did.
     */
    public Confirmation confirm(String actor, TenantConnection seen, String how) throws InterruptedException {
        // One request at a time redeems the signer's refresh token (it rotates: a second redemption of the same one
        // is refused and would cost the connection its sign-in), on this instance or any other.
        Optional<RefreshLeases.Lease> lease = leases.tryAcquire(seen.getTenantId(), apps.chatOpsClientId());
        if (lease.isEmpty()) {
            service.refused(
                    actor,
                    AuditAction.CONSENT_NOT_CONFIRMED,
                    seen.getSiteId(),
                    seen.getTenantId(),
                    "connection " + seen.getId(),
                    "refused: another request is confirming with this tenant's stored sign-in right now; nothing was changed");
            return Confirmation.BUSY;
        }
        try (RefreshLeases.Lease held = lease.get()) {
            TenantConnection connection = service.find(seen.getId()).orElseThrow();
            if (connection.getStatus() != seen.getStatus() || connection.isDisconnected()) {
                service.refused(
                        actor,
                        AuditAction.CONSENT_NOT_CONFIRMED,
                        seen.getSiteId(),
                        seen.getTenantId(),
                        "connection " + seen.getId(),
                        "refused: the connection changed meanwhile (" + seen.getStatus() + " -> "
                                + connection.getStatus() + "); nothing was changed");
                return Confirmation.CHANGED_MEANWHILE;
            }
            return confirmHolding(actor, connection, how);
        }
    }

    private Confirmation confirmHolding(String actor, TenantConnection connection, String how)
            throws InterruptedException {
        ConsentCheck.Verdict verdict;
        try {
            verdict = consentCheck.check(
                    connection.getTenantId(),
                    connection.signerHomeAccountId(),
                    ChatOpsPermissions.application(),
                    ChatOpsPermissions.delegatedGraph());
        } catch (IOException | RuntimeException e) {
            Optional<TokenCacheIntegrityException> unreadable = TokenCacheIntegrityException.in(e);
            if (unreadable.isPresent()) {
                return tokensUnreadable(actor, connection, unreadable.get());
            }
            LOG.log(Level.WARNING, "Consent check for connection " + connection.getId() + " failed: " + e.getMessage());
            service.note(
                    actor,
                    AuditAction.CONSENT_NOT_CONFIRMED,
                    AuditOutcome.FAILURE,
                    connection,
                    refusalOf(e)
                            .map(refused -> "Microsoft's token endpoint refused: " + refused.error()
                                    + (refused.code() > 0 ? " (AADSTS" + refused.code() + ")" : ""))
                            .orElse("Microsoft did not answer"));
            return Confirmation.MICROSOFT_UNAVAILABLE;
        }
        if (verdict instanceof ConsentCheck.Granted) {
            service.activate(actor, connection.getId(), how);
            return Confirmation.ACTIVATED;
        }
        if (verdict instanceof ConsentCheck.SignInAgain again) {
            service.needsSignIn(
                    actor,
                    connection.getId(),
                    again.reason().map(r -> "AADSTS" + r.code()).orElse("no stored sign-in"));
            return Confirmation.SIGN_IN_AGAIN;
        }
        ConsentCheck.NotGranted missing = (ConsentCheck.NotGranted) verdict;
        service.note(actor, AuditAction.CONSENT_NOT_CONFIRMED, AuditOutcome.FAILURE, connection, describe(missing));
        return Confirmation.NOT_GRANTED;
    }

    /**
     * The stored sign-in cannot be read (altered, or sealed under another key): already deleted by the cache; the
     * in-memory client goes too, the connection needs a new sign-in, and the record names the integrity failure.
     */
    private Confirmation tokensUnreadable(
            String actor, TenantConnection connection, TokenCacheIntegrityException unreadable) {
        LOG.warning("Connection " + connection.getId() + ": the stored sign-in failed its integrity check ("
                + unreadable.why() + "); a new sign-in is needed");
        clients.forget(connection.getTenantId(), apps.chatOpsClientId());
        service.note(
                actor,
                AuditAction.TOKEN_CACHE_UNREADABLE,
                AuditOutcome.FAILURE,
                connection,
                "the stored Microsoft sign-in failed its integrity check (" + unreadable.why() + ") and was deleted");
        service.needsSignIn(actor, connection.getId(), "stored sign-in unreadable");
        return Confirmation.TOKENS_UNREADABLE;
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
        service.note(
                actor,
                AuditAction.CONSENT_REMOVED,
                outcome.done() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                connection,
                outcome.done()
                        ? outcome.grantsRemoved() + " delegated grant(s) and " + outcome.appPermissionsRemoved()
                                + " application permission(s) of the ChatOps app removed from the tenant"
                        : outcome.problem());
        return Optional.of(outcome);
    }

    /** Microsoft's answer when an msal4j exception in the chain carries one (error and AADSTS code, never the description). */
    private static Optional<AadstsError> refusalOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof com.microsoft.aad.msal4j.MsalServiceException refused) {
                return Optional.of(AadstsError.of(refused.errorCode(), refused.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static String describe(ConsentCheck.NotGranted missing) {
        StringBuilder text = new StringBuilder();
        if (missing.servicePrincipalMissing()) {
            text.append("the ChatOps app is not in the tenant");
        } else {
            text.append("missing application permissions ")
                    .append(missing.missingApplication())
                    .append("; missing delegated permissions ")
                    .append(missing.missingDelegated());
        }
        missing.reason()
                .map(AadstsError::code)
                .filter(code -> code > 0)
                .ifPresent(code -> text.append(" (AADSTS").append(code).append(')'));
        return text.toString();
    }

    public Optional<SignInFlow.Organization> organization(String accessToken) {
        return signIn.organization(accessToken);
    }
}
