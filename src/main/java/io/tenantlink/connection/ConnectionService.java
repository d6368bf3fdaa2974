package io.tenantlink.connection;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.microsoft.Pkce;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.microsoft.TokenKeys;
import io.tenantlink.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every change to connections, sign-in requests and approval links, each in one transaction with
 * its audit record. Microsoft is never called from here: the flows call Microsoft first, then this.
 */
@ApplicationScoped
@Transactional
public class ConnectionService {

    @Inject
    ConnectionRepository connections;

    @Inject
    AuditLog auditLog;

    @Inject
    TokenKeys tokenKeys;

    @Inject
    @ConfigProperty(name = "tenantlink.approval-link.lifetime-days", defaultValue = "7")
    long linkLifetimeDays;

    /** What the browser carries to Microsoft; only hashes and ciphertext of it are stored. */
    public record Started(String state, String nonce, String verifier) {}

    /** A claimed sign-in request and its decrypted PKCE verifier. */
    public record Claimed(SignInRequest request, String verifier) {}

    public Started startSignIn(
            SignInPurpose purpose,
            String sessionBinding,
            Long accountId,
            Long siteId,
            Long connectionId,
            Long linkId,
            String expectedTenant) {
        String state = Pkce.randomValue();
        String nonce = Pkce.randomValue();
        String verifier = Pkce.randomValue();
        String stateHash = Pkce.hash(state);
        byte[] sealed =
                tokenKeys.cipher().encrypt(verifier.getBytes(StandardCharsets.US_ASCII), verifierBinding(stateHash));
        connections.add(new SignInRequest(
                stateHash,
                purpose,
                Pkce.hash(sessionBinding),
                accountId,
                siteId,
                connectionId,
                linkId,
                expectedTenant,
                nonce,
                sealed,
                Clock.now()));
        return new Started(state, nonce, verifier);
    }

    /** Claims a request once; the caller then checks purpose, session and expiry. Empty: unknown or already used. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Claimed> claim(String state) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        String stateHash = Pkce.hash(state);
        return connections
                .claim(stateHash, Clock.now())
                .map(r -> new Claimed(
                        r,
                        r.getCodeVerifier() == null
                                ? null
                                : new String(
                                        tokenKeys.cipher().decrypt(r.getCodeVerifier(), verifierBinding(stateHash)),
                                        StandardCharsets.US_ASCII)));
    }

    private static String verifierBinding(String stateHash) {
        return "sign-in|" + stateHash;
    }

    /** A site admin's Microsoft sign-in for (site, tenant): creates the connection or signs it in again. */
    public TenantConnection recordSignIn(
            String actor, long siteId, MicrosoftSigner signer, SignInFlow.Organization organization) {
        Instant now = Clock.now();
        connections.recordSigner(signer, now);
        TenantConnection connection =
                connections.findBySiteAndTenant(siteId, signer.tenantId()).orElse(null);
        if (connection == null) {
            connection = new TenantConnection(siteId, signer, actor, now);
            describe(connection, organization);
            connections.add(connection);
        } else {
            connection.signedIn(signer, actor, now);
            describe(connection, organization);
        }
        auditLog.record(new AuditEntry(
                now,
                actor,
                AuditAction.TENANT_SIGNED_IN,
                AuditOutcome.SUCCESS,
                siteId,
                connection.getTenantId(),
                "connection " + connection.getId(),
                "Microsoft account " + signer.describe()
                        + (signer.canConsent() ? "; holds a role that can consent" : "; cannot consent")));
        return connection;
    }

    private static void describe(TenantConnection connection, SignInFlow.Organization organization) {
        if (organization != null) {
            connection.describeTenant(organization.displayName(), organization.defaultDomain());
        }
    }

    public void activate(String actor, long connectionId, String how) {
        TenantConnection connection = live(connectionId);
        connection.activate(Clock.now());
        auditLog.record(entry(actor, AuditAction.CONSENT_CONFIRMED, AuditOutcome.SUCCESS, connection, how));
    }

    public void permissionGrantedThroughLink(String approver, long linkId) {
        // Locks in the order a disconnect takes them (the connection, then its links), so the two cannot deadlock;
        // a disconnect that came first has revoked the link.
        long connectionId = connections.connectionOfLink(linkId).orElseThrow();
        connections.lock(connectionId);
        ApprovalLink link = usableLink(linkId);
        link.approve(approver, Clock.now());
        TenantConnection connection = live(connectionId);
        connection.permissionGrantedBy(approver);
        auditLog.record(entry(
                approver,
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                connection,
                "link " + link.getId() + " (" + link.getPermissionSet() + ")"));
    }

    /**
     * A tenant admin consented to a feature app through a link: the link is spent; the connection (the
     * ChatOps app's) is not changed. {@code verification} says what Microsoft Graph showed afterwards.
     */
    public void featureLinkApproved(String approver, long linkId, boolean verified, String verification) {
        ApprovalLink link = usableLink(linkId);
        link.approve(approver, Clock.now());
        TenantConnection connection = connections.find(link.getConnectionId()).orElseThrow();
        auditLog.record(entry(
                approver,
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                connection,
                "link " + link.getId() + " (" + link.getPermissionSet() + ")"));
        auditLog.record(entry(
                approver,
                verified ? AuditAction.FEATURE_CONSENT_VERIFIED : AuditAction.FEATURE_CONSENT_UNVERIFIED,
                verified ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                connection,
                link.getPermissionSet() + ": " + verification));
    }

    /**
     * A tenant admin consented ahead of the next catalog version through a link: the link is spent, and the record
     * names what it asked for ({@code asked}: "Tasks.Read.Shared app:Tasks.Read.All"), which the grant ledger reads.
     */
    public void aheadLinkApproved(String approver, long linkId, String asked) {
        ApprovalLink link = usableLink(linkId);
        link.approve(approver, Clock.now());
        recordOfLink(
                approver,
                link,
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                "link " + link.getId() + " (" + link.getPermissionSet() + ")"
                        + io.tenantlink.catalog.FeatureLinkSet.ASKED_FOR + asked);
    }

    public void linkDeclined(String approver, long linkId, String why) {
        ApprovalLink link = usableLink(linkId);
        link.decline(approver, Clock.now());
        recordOfLink(
                approver,
                link,
                AuditAction.APPROVAL_LINK_DECLINED,
                AuditOutcome.REFUSED,
                "link " + link.getId() + ": " + why);
    }

    public void linkOpened(long linkId, String byWhom) {
        ApprovalLink link = usableLink(linkId);
        link.open(Clock.now());
        recordOfLink(byWhom, link, AuditAction.APPROVAL_LINK_OPENED, AuditOutcome.SUCCESS, "link " + link.getId());
    }

    /** The audit record of something done with a link, against the link's connection. */
    private void recordOfLink(
            String actor, ApprovalLink link, AuditAction action, AuditOutcome outcome, String detail) {
        TenantConnection connection = connections.find(link.getConnectionId()).orElseThrow();
        auditLog.record(entry(actor, action, outcome, connection, detail));
    }

    /** Records that the stored sign-in is dead (its tokens are already deleted). */
    public void needsSignIn(String actor, long connectionId, String reason) {
        TenantConnection connection = live(connectionId);
        connection.needsSignIn(reason);
        auditLog.record(entry(actor, AuditAction.CONNECTION_NEEDS_SIGN_IN, AuditOutcome.FAILURE, connection, reason));
    }

    /** Disconnects and revokes the connection's usable links; the caller deletes its tokens after commit. */
    public TenantConnection disconnect(String actor, long connectionId) {
        Instant now = Clock.now();
        TenantConnection connection = live(connectionId);
        connection.disconnect(now);
        int revoked = 0;
        // Each link locked before it is revoked: an answer through it at the same moment is decided first or refused.
        for (long linkId : connections.linkIdsOf(connectionId)) {
            ApprovalLink link = connections.lockLink(linkId).orElseThrow();
            if (link.getStatus().usable()) {
                link.revoke(actor, now);
                revoked++;
            }
        }
        auditLog.record(entry(
                actor,
                AuditAction.CONNECTION_DISCONNECTED,
                AuditOutcome.SUCCESS,
                connection,
                "tokens deleted; " + revoked + " pending approval link(s) revoked; nothing changed in the tenant"));
        return connection;
    }

    /** A new approval link; the returned token is shown once and never stored. */
    public String createLink(String actor, long connectionId) {
        return createLink(actor, connectionId, ChatOpsPermissions.SET_ID);
    }

    /**
     * A new approval link for a permission set: the ChatOps set (only while the connection waits for
     * permission) or a feature app's set ({@code feature:…}, on any live connection).
     */
    public String createLink(String actor, long connectionId, String permissionSet) {
        TenantConnection connection = live(connectionId);
        if (ChatOpsPermissions.SET_ID.equals(permissionSet) && connection.isActive()) {
            throw new ConnectionChangedMeanwhile(connectionId, connection.getStatus());
        }
        String token = Pkce.randomValue();
        ApprovalLink link = new ApprovalLink(
                connection, Pkce.hash(token), permissionSet, actor, Clock.now(), Duration.ofDays(linkLifetimeDays));
        connections.add(link);
        auditLog.record(entry(
                actor,
                AuditAction.APPROVAL_LINK_CREATED,
                AuditOutcome.SUCCESS,
                connection,
                "link " + link.getId() + " (" + link.getPermissionSet() + "), expires " + link.getExpiresAt()));
        return token;
    }

    public void revokeLink(String actor, ApprovalLink link) {
        ApprovalLink managed = usableLink(link.getId());
        managed.revoke(actor, Clock.now());
        TenantConnection connection =
                connections.find(managed.getConnectionId()).orElseThrow();
        auditLog.record(entry(
                actor, AuditAction.APPROVAL_LINK_REVOKED, AuditOutcome.SUCCESS, connection, "link " + managed.getId()));
    }

    /** Expires one link if it is still due; false when another run (or instance) already did. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean expireLink(long linkId) {
        ApprovalLink link = connections.lockLink(linkId).orElse(null);
        if (link == null || !link.expireIfDue(Clock.now())) {
            return false;
        }
        TenantConnection connection = connections.find(link.getConnectionId()).orElseThrow();
        auditLog.record(entry(
                "system", AuditAction.APPROVAL_LINK_EXPIRED, AuditOutcome.SUCCESS, connection, "link " + link.getId()));
        return true;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeSignInRequests() {
        // Kept an hour past expiry so a late callback still finds its request and is told it expired.
        return connections.purgeSignInRequestsBefore(Clock.now().minus(Duration.ofHours(1)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> linksDueToExpire(int max) {
        return connections.linksDueToExpire(Clock.now(), max);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TenantConnection> ofSite(long siteId) {
        return connections.findBySite(siteId);
    }

    /**
     * Names of the connections to these tenants (null: any) of these sites (null: any site), in id order, without
     * loading connections (for naming the tenants that grant-history records mention).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConnectionName> names(java.util.Collection<String> tenantIds, java.util.Collection<Long> siteIds) {
        return connections.names(tenantIds, siteIds);
    }

    /** How many different tenants the connections of these sites (null: any site) reach, counted up to {@code upTo}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countTenants(java.util.Collection<Long> siteIds, int upTo) {
        return connections.countTenants(siteIds, upTo);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TenantConnection> find(long connectionId) {
        return connections.find(connectionId);
    }

    /** A connection of that site only: pages under /sites/{site}/... never reach another site's connection. */
    public Optional<TenantConnection> ofSite(long siteId, long connectionId) {
        return find(connectionId).filter(c -> c.getSiteId() == siteId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApprovalLink> linksOf(long connectionId) {
        return connections.linksOf(connectionId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApprovalLink> link(long linkId) {
        return connections.findLink(linkId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApprovalLink> linkByToken(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        return connections.findLinkByTokenHash(Pkce.hash(token));
    }

    /** The Microsoft account that last signed in for the connection, as "Name (username)"; null when unknown. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String signerOf(TenantConnection connection) {
        return connections
                .findAccount(connection.getTenantId(), connection.getSignerObjectId())
                .map(a -> new MicrosoftSigner(
                                connection.getTenantId(),
                                connection.getSignerObjectId(),
                                a.getUsername(),
                                a.getDisplayName(),
                                false)
                        .describe())
                .orElse(null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean tenantSharedWithOtherSites(TenantConnection connection) {
        return connections.countLiveInTenant(connection.getTenantId(), connection.getId()) > 0;
    }

    /** A refusal or failure, audited in its own transaction so nothing else is written. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void refused(String actor, AuditAction action, Long siteId, String tenantId, String subject, String detail) {
        auditLog.recordAlone(
                new AuditEntry(Clock.now(), actor, action, AuditOutcome.REFUSED, siteId, tenantId, subject, detail));
    }

    /** An event about a connection that changes nothing else, audited in its own transaction. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void note(
            String actor, AuditAction action, AuditOutcome outcome, TenantConnection connection, String detail) {
        auditLog.recordAlone(entry(actor, action, outcome, connection, detail));
    }

    /**
     * The link, locked: a second answer through it at the same moment waits for the first, then finds it used.
     * {@link LinkNoLongerUsable} (unchecked) rolls the transaction back; nothing is changed.
     */
    private ApprovalLink usableLink(long linkId) {
        ApprovalLink link = connections.lockLink(linkId).orElseThrow();
        if (!link.usableAt(Clock.now())) {
            throw new LinkNoLongerUsable(linkId, link.statusAt(Clock.now()));
        }
        return link;
    }

    /** The connection, locked for the rest of the transaction (changes of one connection happen one after the other). */
    private TenantConnection live(long connectionId) {
        TenantConnection connection = connections.lock(connectionId).orElseThrow();
        if (connection.isDisconnected()) {
            throw new ConnectionChangedMeanwhile(connectionId, connection.getStatus());
        }
        return connection;
    }

    private static AuditEntry entry(
            String actor, AuditAction action, AuditOutcome outcome, TenantConnection connection, String detail) {
        return new AuditEntry(
                Clock.now(),
                actor,
                action,
                outcome,
                connection.getSiteId(),
                connection.getTenantId(),
                "connection " + connection.getId(),
                detail);
    }
}
