package io.tenantlink.connection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenant connections, their sign-in requests and approval links. */
public interface ConnectionRepository {

    Optional<TenantConnection> find(long id);

    /** The connection, its row locked until the transaction ends: concurrent changes of it wait and then see this one's. */
    Optional<TenantConnection> lock(long id);

    Optional<TenantConnection> findBySiteAndTenant(long siteId, String tenantId);

    List<TenantConnection> findBySite(long siteId);

    /**
     * Names of the connections to these tenants (null: to any tenant) of these sites (null: of any site), in id
     * order, without loading the connections.
     */
    List<ConnectionName> names(java.util.Collection<String> tenantIds, java.util.Collection<Long> siteIds);

    /** How many different tenants the connections of these sites (null: any site) reach, counted up to {@code upTo}. */
    long countTenants(java.util.Collection<Long> siteIds, int upTo);

    /** Other sites' live connections to the same tenant (which share the tenant's token cache). */
    long countLiveInTenant(String tenantId, long exceptConnectionId);

    void add(TenantConnection connection);

    void add(SignInRequest request);

    /**
     * Marks the request of this state hash used, atomically: a second caller (a replay, or the
     * same callback twice at once) gets nothing.
     */
    Optional<SignInRequest> claim(String stateHash, Instant now);

    int purgeSignInRequestsBefore(Instant cutoff);

    void add(ApprovalLink link);

    Optional<ApprovalLink> findLink(long id);

    /** The link, its row locked until the transaction ends (two answers through one link are decided one after the other). */
    Optional<ApprovalLink> lockLink(long id);

    /** The ids of a connection's links, in id order (read without loading them, so each can be locked). */
    List<Long> linkIdsOf(long connectionId);

    /** The connection a link belongs to (read without loading the link). */
    Optional<Long> connectionOfLink(long linkId);

    Optional<ApprovalLink> findLinkByTokenHash(String tokenHash);

    List<ApprovalLink> linksOf(long connectionId);

    /** Ids of usable links past their expiry, oldest first. */
    List<Long> linksDueToExpire(Instant now, int max);

    void recordSigner(MicrosoftSigner signer, Instant now);

    /** A Microsoft account that signed in (tenant id and object id as kept, lower case). */
    Optional<MicrosoftAccount> findAccount(String tenantId, String objectId);
}
