package io.tenantlink.sandbox;

import io.tenantlink.sandbox.directory.DirectoryData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What consent has created in each sandbox tenant, kept as Entra keeps it: the app's service
 * principal, delegated grants (tenant-wide or per user) and app role assignments; plus the refresh
 * tokens the sandbox issued. Graph's grant endpoints read and write the same rows.
 */
@ApplicationScoped
@Transactional
public class ConsentStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** EclipseLink's hint (QueryHints.CACHE_USAGE = CacheUsage.ConformResultsInUnitOfWork): results include unwritten new rows. */
    private static final String CONFORM_HINT = "eclipselink.cache-usage";

    private static final String CONFORM = "ConformResultsInUnitOfWork";

    @PersistenceContext(unitName = "sandbox")
    EntityManager em;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ServicePrincipalRow> servicePrincipal(String tenantId, String appId) {
        return em.createQuery(
                        "select s from ServicePrincipalRow s where s.tenantId = :t and s.appId = :a",
                        ServicePrincipalRow.class)
                .setParameter("t", tenantId)
                .setParameter("a", appId)
                .getResultStream()
                .findFirst();
    }

    public ServicePrincipalRow ensureServicePrincipal(String tenantId, DirectoryData.Application app, String tags) {
        return servicePrincipal(tenantId, app.appId).orElseGet(() -> {
            ServicePrincipalRow sp = new ServicePrincipalRow();
            sp.id = UUID.randomUUID().toString();
            sp.tenantId = tenantId;
            sp.appId = app.appId;
            sp.displayName = app.displayName;
            sp.tags = tags;
            sp.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            em.persist(sp);
            em.flush();
            return sp;
        });
    }

    /** Delegated scopes the user may use with the app: the tenant-wide grant plus the user's own. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> grantedScopes(String tenantId, String appId, String userId) {
        Set<String> scopes = new LinkedHashSet<>();
        servicePrincipal(tenantId, appId)
                .ifPresent(sp -> grants(tenantId, sp.id).stream()
                        .filter(g -> "AllPrincipals".equals(g.consentType)
                                || (userId != null && userId.equalsIgnoreCase(g.principalId)))
                        .forEach(g -> scopes.addAll(split(g.scope))));
        return scopes;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PermissionGrantRow> grants(String tenantId, String clientSpId) {
        return em.createQuery(
                        "select g from PermissionGrantRow g where g.tenantId = :t and g.clientId = :c",
                        PermissionGrantRow.class)
                .setParameter("t", tenantId)
                .setParameter("c", clientSpId)
                .getResultList();
    }

    /** Application permissions of its registration granted to the app in the tenant (names of Graph app roles). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> grantedAppRoles(String tenantId, DirectoryData.Application app) {
        return grantedAppRoles(tenantId, app, app.applicationPermissions);
    }

    /**
     * Application permissions granted to the app in the tenant, among {@code names} (Graph's app roles): what admin
     * consent gave, and what an admin assigned to its service principal directly (Graph's appRoleAssignedTo, as
     * PowerShell's New-MgServicePrincipalAppRoleAssignment does) without the registration asking for it. Entra puts every
     * such assignment in the app-only token's roles claim.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> grantedAppRoles(String tenantId, DirectoryData.Application app, Collection<String> names) {
        Set<String> roles = new LinkedHashSet<>();
        servicePrincipal(tenantId, app.appId)
                .ifPresent(sp -> em.createQuery(
                                "select r from AppRoleAssignmentRow r where r.tenantId = :t and r.principalId = :p",
                                AppRoleAssignmentRow.class)
                        .setParameter("t", tenantId)
                        .setParameter("p", sp.id)
                        .getResultList()
                        .forEach(r ->
                                GraphPermissions.appRoleName(r.appRoleId, names).ifPresent(roles::add)));
        return roles;
    }

    /** Tenant-wide consent: the scopes are added to the AllPrincipals grant, and the app roles are added. */
    public ServicePrincipalRow adminConsent(
            String tenantId, DirectoryData.Application app, Collection<String> scopes, Collection<String> appRoles) {
        ServicePrincipalRow sp = ensureServicePrincipal(tenantId, app, null);
        String graphSp = GraphPermissions.servicePrincipalId(tenantId);
        PermissionGrantRow grant = grants(tenantId, sp.id).stream()
                .filter(g -> "AllPrincipals".equals(g.consentType))
                .findFirst()
                .orElse(null);
        if (!scopes.isEmpty()) {
            if (grant == null) {
                grant = newGrant(tenantId, sp.id, "AllPrincipals", null, graphSp);
                grant.scope = String.join(" ", scopes);
                em.persist(grant);
            } else {
                // Entra adds what an admin consents to; scopes consented earlier stay.
                Set<String> union = new java.util.LinkedHashSet<>(split(grant.scope));
                for (String scope : scopes) {
                    if (union.stream().noneMatch(s -> s.equalsIgnoreCase(scope))) {
                        union.add(scope);
                    }
                }
                grant.scope = String.join(" ", union);
            }
        }
        Set<String> existing = grantedAppRoles(tenantId, app);
        for (String role : appRoles) {
            if (!existing.contains(role)) {
                AppRoleAssignmentRow assignment = new AppRoleAssignmentRow();
                assignment.id = opaqueId();
                assignment.tenantId = tenantId;
                assignment.resourceId = graphSp;
                assignment.principalId = sp.id;
                assignment.principalType = "ServicePrincipal";
                assignment.appRoleId = GraphPermissions.appRoleId(role);
                assignment.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                em.persist(assignment);
            }
        }
        em.flush();
        return sp;
    }

    /** A user's own consent: their Principal grant gains these scopes. */
    public void userConsent(String tenantId, DirectoryData.Application app, String userId, Collection<String> scopes) {
        ServicePrincipalRow sp = ensureServicePrincipal(tenantId, app, null);
        PermissionGrantRow grant = grants(tenantId, sp.id).stream()
                .filter(g -> "Principal".equals(g.consentType) && userId.equalsIgnoreCase(g.principalId))
                .findFirst()
                .orElse(null);
        if (grant == null) {
            grant = newGrant(tenantId, sp.id, "Principal", userId, GraphPermissions.servicePrincipalId(tenantId));
            grant.scope = String.join(" ", scopes);
            em.persist(grant);
        } else {
            Set<String> union = new LinkedHashSet<>(split(grant.scope));
            union.addAll(scopes);
            grant.scope = String.join(" ", union);
        }
        em.flush();
    }

    // --- Microsoft Graph's view of the same rows (io.tenantlink.sandbox.graph) -------------------------------

    /** Every app service principal in the tenant (Microsoft Graph's own is not a row: GraphPermissions). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ServicePrincipalRow> servicePrincipals(String tenantId) {
        return em.createQuery(
                        "select s from ServicePrincipalRow s where s.tenantId = :t order by s.createdAt, s.id",
                        ServicePrincipalRow.class)
                .setParameter("t", tenantId)
                .getResultList();
    }

    /**
     * By id, case-insensitively. The sandbox's ids are lower-case UUIDs, so this is a primary-key lookup (inside a
     * $batch's transaction, the second lookup of the same service principal costs no query at all); an id in
     * another case falls back to comparing lower-cased ids.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ServicePrincipalRow> servicePrincipalById(String tenantId, String id) {
        return DeferredWrites.active()
                ? DeferredWrites.lookup("sp|" + tenantId + "|" + id, () -> findServicePrincipal(tenantId, id))
                : findServicePrincipal(tenantId, id);
    }

    private Optional<ServicePrincipalRow> findServicePrincipal(String tenantId, String id) {
        String key = id == null ? "" : id.toLowerCase(java.util.Locale.ROOT);
        ServicePrincipalRow row = key.isEmpty() ? null : em.find(ServicePrincipalRow.class, key);
        if (row != null) {
            return row.tenantId.equals(tenantId) ? Optional.of(row) : Optional.empty();
        }
        return em.createQuery(
                        "select s from ServicePrincipalRow s where s.tenantId = :t and lower(s.id) = :i",
                        ServicePrincipalRow.class)
                .setParameter("t", tenantId)
                .setParameter("i", key)
                .setFlushMode(FlushModeType.COMMIT)
                .getResultStream()
                .findFirst();
    }

    /** POST /servicePrincipals: the app's service principal, new; empty when the tenant has one already. */
    public Optional<ServicePrincipalRow> createServicePrincipal(
            String tenantId, DirectoryData.Application app, String tags) {
        if (servicePrincipal(tenantId, app.appId).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(ensureServicePrincipal(tenantId, app, tags));
    }

    /** Every delegated grant in the tenant, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PermissionGrantRow> grantsInTenant(String tenantId) {
        return em.createQuery(
                        "select g from PermissionGrantRow g where g.tenantId = :t order by g.createdAt, g.id",
                        PermissionGrantRow.class)
                .setParameter("t", tenantId)
                .getResultList();
    }

    /** The delegated grants of one user (Principal grants), by the indexed principal column. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PermissionGrantRow> grantsOfPrincipal(String tenantId, String principalId) {
        // No flush first (with deferred change detection that would compare every object of a $batch's transaction
        // again, per lookup): this store's writes flush at once, or, inside a $batch (DeferredWrites), the rows not yet
        // written are conformed into the result from the unit of work.
        return em.createQuery(
                        "select g from PermissionGrantRow g where g.tenantId = :t and g.principalId = :p order by g.createdAt, g.id",
                        PermissionGrantRow.class)
                .setParameter("t", tenantId)
                .setParameter("p", principalId)
                .setFlushMode(FlushModeType.COMMIT)
                .setHint(CONFORM_HINT, CONFORM)
                .getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PermissionGrantRow> grant(String tenantId, String id) {
        return em.createQuery(
                        "select g from PermissionGrantRow g where g.tenantId = :t and g.id = :i",
                        PermissionGrantRow.class)
                .setParameter("t", tenantId)
                .setParameter("i", id == null ? "" : id)
                .getResultStream()
                .findFirst();
    }

    /**
     * POST /oauth2PermissionGrants: a new grant; empty when the tenant already has one for the same
     * client, resource, consent type and principal (Entra keeps one, and consent updates its scope).
     */
    public Optional<PermissionGrantRow> createGrant(
            String tenantId,
            String clientSpId,
            String consentType,
            String principalId,
            String resourceId,
            String scope) {
        if (principalId != null && DeferredWrites.active()) {
            // V7's unique key covers a per-user grant: the commit refuses one that exists already (DeferredWrites).
            if (!DeferredWrites.firstInBatch(
                    String.join("|", "grant", tenantId, clientSpId, resourceId, consentType, principalId))) {
                return Optional.empty();
            }
        } else {
            if (principalId == null) {
                // Tenant-wide grants have no user id, so no unique key of the database covers them (V7 covers the
                // others).
                lockServicePrincipal(clientSpId);
            }
            // Only the principal's (or the client's tenant-wide) grants are read: an indexed lookup, not every grant of
            // the client.
            List<PermissionGrantRow> candidates =
                    principalId == null ? grants(tenantId, clientSpId) : grantsOfPrincipal(tenantId, principalId);
            boolean exists = candidates.stream()
                    .anyMatch(g -> g.clientId.equalsIgnoreCase(clientSpId)
                            && g.resourceId.equalsIgnoreCase(resourceId)
                            && g.consentType.equals(consentType)
                            && (principalId == null
                                    ? g.principalId == null
                                    : principalId.equalsIgnoreCase(g.principalId)));
            if (exists) {
                return Optional.empty();
            }
        }
        PermissionGrantRow grant = newGrant(tenantId, clientSpId, consentType, principalId, resourceId);
        grant.scope = scope;
        em.persist(grant);
        flushUnlessDeferred();
        return Optional.of(grant);
    }

    /**
     * Writes at once, so a duplicate the database refuses fails this request (GraphDispatcher answers 409); inside a
     * $batch's shared transaction the writes wait for its commit instead (DeferredWrites).
     */
    private void flushUnlessDeferred() {
        if (!DeferredWrites.active()) {
            em.flush();
        }
    }

    /**
     * Entra keeps one grant (one assignment) per key even when two requests race, e.g. a request the client gave up on
     * and its retry. Per-user grants and app role assignments have unique keys in the database (V7): the loser of a race
     * fails its insert and is answered 409 / 400. Tenant-wide grants (no user id) have none, so their check-then-insert
     * runs under a row lock of the client's service principal, held until the transaction commits. Only there: a lock
     * per write would make the concurrent $batch requests of a grant job wait for each other.
     */
    private void lockServicePrincipal(String servicePrincipalId) {
        if (servicePrincipalId != null) {
            em.find(ServicePrincipalRow.class, servicePrincipalId, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    /** PATCH /oauth2PermissionGrants/{id}: the grant's scope becomes this one. */
    public Optional<PermissionGrantRow> updateGrantScope(String tenantId, String id, String scope) {
        Optional<PermissionGrantRow> grant = grant(tenantId, id);
        grant.ifPresent(g -> g.scope = scope);
        flushUnlessDeferred();
        return grant;
    }

    /** DELETE /oauth2PermissionGrants/{id}. */
    public boolean deleteGrant(String tenantId, String id) {
        Optional<PermissionGrantRow> grant = grant(tenantId, id);
        grant.ifPresent(em::remove);
        em.flush();
        return grant.isPresent();
    }

    /** Who holds app roles of a resource service principal (GET /servicePrincipals/{id}/appRoleAssignedTo). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AppRoleAssignmentRow> assignmentsTo(String tenantId, String resourceId) {
        return em.createQuery(
                        "select r from AppRoleAssignmentRow r where r.tenantId = :t and lower(r.resourceId) = :r order by r.createdAt, r.id",
                        AppRoleAssignmentRow.class)
                .setParameter("t", tenantId)
                .setParameter("r", resourceId == null ? "" : resourceId.toLowerCase(java.util.Locale.ROOT))
                .getResultList();
    }

    /** App roles a principal holds, of any resource (GET /servicePrincipals/{id}/appRoleAssignments). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AppRoleAssignmentRow> assignmentsOf(String tenantId, String principalId) {
        return em.createQuery(
                        "select r from AppRoleAssignmentRow r where r.tenantId = :t and lower(r.principalId) = :p order by r.createdAt, r.id",
                        AppRoleAssignmentRow.class)
                .setParameter("t", tenantId)
                .setParameter("p", principalId == null ? "" : principalId.toLowerCase(java.util.Locale.ROOT))
                .getResultList();
    }

    /** POST /servicePrincipals/{id}/appRoleAssignedTo: a new assignment; empty when the same one exists. */
    public Optional<AppRoleAssignmentRow> createAssignment(
            String tenantId, String resourceId, String principalId, String principalType, String appRoleId) {
        boolean exists = DeferredWrites.active()
                // V7's unique key covers an assignment: the commit refuses one that exists already (DeferredWrites).
                ? !DeferredWrites.firstInBatch(
                        String.join("|", "assignment", tenantId, principalId, resourceId, appRoleId))
                : em
                        .createQuery(
                                "select r from AppRoleAssignmentRow r where r.tenantId = :t and r.principalId = :p",
                                AppRoleAssignmentRow.class)
                        .setParameter("t", tenantId)
                        .setParameter("p", principalId)
                        .setFlushMode(FlushModeType.COMMIT)
                        .getResultList()
                        .stream()
                        .anyMatch(r ->
                                r.resourceId.equalsIgnoreCase(resourceId) && r.appRoleId.equalsIgnoreCase(appRoleId));
        if (exists) {
            return Optional.empty();
        }
        AppRoleAssignmentRow assignment = new AppRoleAssignmentRow();
        assignment.id = opaqueId();
        assignment.tenantId = tenantId;
        assignment.resourceId = resourceId;
        assignment.principalId = principalId;
        assignment.principalType = principalType;
        assignment.appRoleId = appRoleId;
        assignment.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        em.persist(assignment);
        flushUnlessDeferred();
        return Optional.of(assignment);
    }

    /**
     * DELETE /servicePrincipals/{resourceId}/appRoleAssignedTo/{id}: removes the assignment if it is one of that
     * resource's; false when there is none.
     */
    public boolean deleteAssignment(String tenantId, String resourceId, String id) {
        Optional<AppRoleAssignmentRow> assignment = em.createQuery(
                        "select r from AppRoleAssignmentRow r where r.tenantId = :t and lower(r.resourceId) = :r and r.id = :i",
                        AppRoleAssignmentRow.class)
                .setParameter("t", tenantId)
                .setParameter("r", resourceId == null ? "" : resourceId.toLowerCase(java.util.Locale.ROOT))
                .setParameter("i", id == null ? "" : id)
                .getResultStream()
                .findFirst();
        assignment.ifPresent(em::remove);
        em.flush();
        return assignment.isPresent();
    }

    /** A new refresh token; only its hash is stored. */
    public String issueRefreshToken(String tenantId, String clientId, String userId, String scope) {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        String token = "0.sandbox." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        RefreshTokenRow row = new RefreshTokenRow();
        row.tokenHash = sha256(token);
        row.tenantId = tenantId;
        row.clientId = clientId;
        row.userId = userId;
        row.scope = scope;
        row.issuedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        row.state = "ACTIVE";
        em.persist(row);
        return token;
    }

    /** Spends a refresh token. The row comes back as it was found (its state says whether it could be used). */
    public Optional<RefreshTokenRow> redeemRefreshToken(String token) {
        RefreshTokenRow row =
                em.find(RefreshTokenRow.class, sha256(token == null ? "" : token), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return Optional.empty();
        }
        RefreshTokenRow found = new RefreshTokenRow();
        found.tokenHash = row.tokenHash;
        found.tenantId = row.tenantId;
        found.clientId = row.clientId;
        found.userId = row.userId;
        found.scope = row.scope;
        found.issuedAt = row.issuedAt;
        found.state = row.state;
        if ("ACTIVE".equals(row.state)) {
            row.state = "USED";
        }
        return Optional.of(found);
    }

    /**
     * Gives back a refresh token whose redemption was refused for another reason (consent missing
     * for a scope asked): Microsoft does not spend a refresh token on a failed request.
     */
    public void unspendRefreshToken(String token) {
        RefreshTokenRow row =
                em.find(RefreshTokenRow.class, sha256(token == null ? "" : token), LockModeType.PESSIMISTIC_WRITE);
        if (row != null && "USED".equals(row.state)) {
            row.state = "ACTIVE";
        }
    }

    /** Marks the user's live refresh tokens (REVOKED: a password reset; EXPIRED: inactivity). */
    public int endRefreshTokens(String tenantId, String userId, String state) {
        return em.createQuery(
                        "update RefreshTokenRow r set r.state = :s where r.tenantId = :t and r.userId = :u and r.state = 'ACTIVE'")
                .setParameter("s", state)
                .setParameter("t", tenantId)
                .setParameter("u", userId)
                .executeUpdate();
    }

    private PermissionGrantRow newGrant(
            String tenantId, String clientSpId, String type, String principal, String resource) {
        PermissionGrantRow grant = new PermissionGrantRow();
        grant.id = opaqueId();
        grant.tenantId = tenantId;
        grant.clientId = clientSpId;
        grant.consentType = type;
        grant.principalId = principal;
        grant.resourceId = resource;
        grant.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return grant;
    }

    /** Graph's grant and assignment ids are opaque base64url strings. */
    private static String opaqueId() {
        byte[] bytes = new byte[33];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Deletes every service principal, grant, app role assignment and refresh token of every tenant. */
    public int forgetEverything() {
        int rows = 0;
        for (String entity :
                new String[] {"AppRoleAssignmentRow", "PermissionGrantRow", "RefreshTokenRow", "ServicePrincipalRow"}) {
            rows += em.createQuery("delete from " + entity + " r").executeUpdate();
        }
        return rows;
    }

    public static Set<String> split(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        return scopes;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
