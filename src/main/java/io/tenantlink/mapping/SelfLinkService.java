package io.tenantlink.mapping;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.connection.ConnectionRepository;
import io.tenantlink.connection.MicrosoftSigner;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.microsoft.Pkce;
import io.tenantlink.microsoft.VerifiedIdentity;
import io.tenantlink.people.Person;
import io.tenantlink.people.PersonRepository;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Seed 000's fallback when no e-mail address finds a person's Microsoft user: a site admin invites the person, who opens
 * the invitation (no portal account needed) and signs in with Microsoft in the connected tenant; the account they
 * prove becomes their mapping there, kept like a site admin's choice. Every step is audited.
 */
@ApplicationScoped
@Transactional
public class SelfLinkService {

    /** A new invitation: its token is shown once, to the site admin who made it, and stored only as a hash. */
    public record Invited(long invitationId, String token, Instant expiresAt) {}

    /** What the invitation's page shows the person. */
    public record OpenInvitation(
            long invitationId,
            long siteId,
            long connectionId,
            String tenantId,
            String tenantName,
            String personName,
            String invitedBy,
            Instant expiresAt) {}

    public enum Result {
        LINKED,
        /** Used, withdrawn, expired, or its person or tenant connection is gone. */
        GONE,
        /** Signed in with an account of another tenant: the invitation stays open. */
        OTHER_TENANT,
        /** The account is not a usable user of the directory copy (not read yet, disabled or a guest): stays open. */
        NOT_USABLE
    }

    public record Completion(Result result, String personName, String userName, String reasonKey) {}

    @Inject
    SelfLinkRepository invitations;

    @Inject
    MappingService mappings;

    @Inject
    MappingRepository directory;

    @Inject
    ConnectionRepository connections;

    @Inject
    PersonRepository people;

    @Inject
    AuditLog auditLog;

    /** A site admin invites the person; an earlier open invitation for them in this tenant is withdrawn. */
    public Invited invite(String actor, TenantConnection connection, Person person) {
        if (connection.isDisconnected()) {
            throw new InvalidInputException("selfLink.error.disconnected");
        }
        Instant now = Clock.now();
        for (SelfLinkInvitation earlier : invitations.unclosed(connection.getId(), person.getId())) {
            if (earlier.usableAt(now)) {
                earlier.withdraw(now);
            }
        }
        String token = Pkce.randomValue();
        SelfLinkInvitation invitation = new SelfLinkInvitation(
                Pkce.hash(token),
                connection.getId(),
                connection.getSiteId(),
                person.getId(),
                connection.getTenantId(),
                actor,
                now);
        invitations.add(invitation);
        audit(
                actor,
                AuditAction.SELF_LINK_INVITED,
                AuditOutcome.SUCCESS,
                invitation,
                person.getName() + " <" + person.getEmail() + "> may link themselves in " + connection.getDisplayName()
                        + " until " + invitation.getExpiresAt());
        return new Invited(invitation.getId(), token, invitation.getExpiresAt());
    }

    /** The open invitation behind a token, or empty (unknown, used, withdrawn, expired, person or tenant gone). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<OpenInvitation> open(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = Clock.now();
        return invitations
                .byTokenHash(Pkce.hash(token))
                .filter(i -> i.usableAt(now))
                .flatMap(i -> live(i).map(live -> new OpenInvitation(
                        i.getId(),
                        i.getSiteId(),
                        i.getConnectionId(),
                        i.getTenantId(),
                        live.connection().getDisplayName(),
                        live.person().getName(),
                        i.getCreatedBy(),
                        i.getExpiresAt())));
    }

    /**
     * The person signed in with Microsoft through the invitation. Links them when the account is of the invitation's
     * tenant and a usable user of its directory copy; otherwise says why and leaves everything as it was (audited).
     */
    public Completion complete(long invitationId, VerifiedIdentity who) {
        String signer = describe(who);
        Instant now = Clock.now();
        SelfLinkInvitation invitation = invitations.find(invitationId).orElse(null);
        Live live = invitation == null || !invitation.usableAt(now)
                ? null
                : live(invitation).orElse(null);
        if (live == null) {
            auditRefused(
                    signer,
                    invitation,
                    "signed in through an invitation that is " + (invitation == null ? "gone" : invitation.stateAt(now))
                            + " or whose person or tenant is gone");
            return new Completion(Result.GONE, null, null, "selfLink.gone.text");
        }
        String personName = live.person().getName();
        if (!invitation.isForTenant(who.tenantId())) {
            auditRefused(signer, invitation, "signed in with an account of tenant " + who.tenantId());
            return new Completion(Result.OTHER_TENANT, personName, signer, "selfLink.otherTenant.text");
        }
        // Checked before linking: an exception thrown through MappingService would roll back this audit record too.
        String unusable = unusableReason(invitation.getConnectionId(), who.objectId());
        if (unusable != null) {
            auditRefused(
                    signer,
                    invitation,
                    "the account is not a usable user of the tenant's directory copy (" + unusable + ")");
            return new Completion(Result.NOT_USABLE, personName, signer, unusable);
        }
        mappings.selfLink(signer, live.connection(), live.person(), who.objectId());
        invitation.use(who.objectId(), now);
        return new Completion(Result.LINKED, personName, signer, "selfLink.done.text");
    }

    /** Why the signed-in account cannot be linked (a message key), or null when it can. */
    private String unusableReason(long connectionId, String objectId) {
        DirectoryEntry user = directory.byObjectIds(connectionId, java.util.List.of(objectId)).stream()
                .findFirst()
                .orElse(null);
        if (user == null) {
            return "selfLink.notUsable.notRead";
        }
        if (!user.enabled()) {
            return "selfLink.notUsable.disabled";
        }
        return user.guest() ? "selfLink.notUsable.guest" : null;
    }

    private record Live(TenantConnection connection, Person person) {}

    private Optional<Live> live(SelfLinkInvitation invitation) {
        TenantConnection connection = connections
                .find(invitation.getConnectionId())
                .filter(c -> !c.isDisconnected())
                .orElse(null);
        if (connection == null) {
            return Optional.empty();
        }
        return people.findOnSite(invitation.getSiteId(), invitation.getPersonId())
                .map(person -> new Live(connection, person));
    }

    private void auditRefused(String actor, SelfLinkInvitation invitation, String detail) {
        if (invitation == null) {
            auditLog.record(new AuditEntry(
                    Clock.now(),
                    actor,
                    AuditAction.SELF_LINK_REFUSED,
                    AuditOutcome.REFUSED,
                    null,
                    null,
                    "self-link invitation",
                    detail));
            return;
        }
        audit(actor, AuditAction.SELF_LINK_REFUSED, AuditOutcome.REFUSED, invitation, detail);
    }

    private void audit(
            String actor, AuditAction action, AuditOutcome outcome, SelfLinkInvitation invitation, String detail) {
        auditLog.record(new AuditEntry(
                Clock.now(),
                actor,
                action,
                outcome,
                invitation.getSiteId(),
                invitation.getTenantId(),
                "person " + invitation.getPersonId(),
                detail));
    }

    private static String describe(VerifiedIdentity who) {
        return MicrosoftSigner.of(who).describe();
    }
}
