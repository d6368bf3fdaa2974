package io.tenantlink.sandbox.graph;

import io.tenantlink.platform.Clock;
import io.tenantlink.sandbox.AppRoleAssignmentRow;
import io.tenantlink.sandbox.ConsentStore;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.PermissionGrantRow;
import io.tenantlink.sandbox.SandboxKeys;
import io.tenantlink.sandbox.ServicePrincipalRow;
import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A Graph dispatcher wired to a directory built in code and a consent store kept in lists (the
 * database-backed one is exercised by SandboxGraphIT), for tests of the Graph logic without a server.
 */
public final class InMemorySandbox {

    static final String CONTOSO = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
    static final String FABRIKAM = "2d7c0a1b-3e4f-4a6b-9c8d-0e1f2a3b4c5d";
    static final String PUBLISHER = "5f1d7a0e-0c1b-4c59-9a43-7f1e8c0a9b01";
    static final String CLIENT_APP = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    static final String ADMIN_APP = "0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10";
    static final String GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
    static final String CLOUD_APP_ADMIN = "158c047a-c907-4556-b7ef-446551a6b5f7";
    static final String MEGAN = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String CLOUD = "b1e2c3d4-0005-4a5b-8c6d-7e8f9a0b1c05";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String RESPONDERS = "c0ffee00-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String ON_CALL = "c0ffee00-0002-4a5b-8c6d-7e8f9a0b1c02";

    public final DirectoryData data = new DirectoryData();
    public final SandboxKeys keys = new SandboxKeys();
    public final Consent consent = new Consent();
    final SandboxGraphFaults faults = new SandboxGraphFaults();
    final javax.sql.DataSource database = io.tenantlink.sandbox.SandboxTestDatabase.fresh();
    final SandboxChats chats = new SandboxChats(database);
    final SandboxSubscriptions subscriptions = new SandboxSubscriptions(database, chats, keys);
    public final GraphDispatcher graph = new GraphDispatcher();
    public final io.tenantlink.sandbox.directory.DirectoryUsers users;

    public InMemorySandbox() {
        data.publisherTenantId = PUBLISHER;
        data.applications.add(app(
                CLIENT_APP,
                "TenantLink ChatOps",
                List.of("User.Read", "User.ReadBasic.All", "User.Read.All"),
                List.of("User.Read.All", "Chat.Create")));
        data.applications.add(app(
                ADMIN_APP,
                "Sandbox Graph administration",
                List.of("Application.ReadWrite.All"),
                List.of("Application.ReadWrite.All")));
        data.adminOnlyScopes.add("User.Read.All");
        DirectoryData.Tenant contoso = tenant(CONTOSO, "Contoso", "contoso.example");
        contoso.users.add(
                user(MEGAN, "megan.admin@contoso.example", "Megan Bowen", "megan.admin@contoso.example", GLOBAL_ADMIN));
        contoso.users.add(user(
                "b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02",
                "alex.teams@contoso.example",
                "Alex Wilber",
                "alex.teams@contoso.example",
                null));
        contoso.users.add(user(ADELE, "adele@contoso.example", "Adele Vance", "adele.vance@contoso.example", null));
        contoso.users.add(user(LEE, "lee@contoso.example", "Lee Gu", "lee@contoso.example", null));
        contoso.users.add(user(
                CLOUD,
                "cloud.appadmin@contoso.example",
                "Cloud App Admin",
                "cloud.appadmin@contoso.example",
                CLOUD_APP_ADMIN));
        DirectoryData.User guest = user(
                "b1e2c3d4-0006-4a5b-8c6d-7e8f9a0b1c06",
                "guest_fabrikam.example#EXT#@contoso.example",
                "Guest from Fabrikam",
                "guest@fabrikam.example",
                null);
        guest.userType = "Guest";
        contoso.users.add(guest);
        contoso.groups.add(group(RESPONDERS, "Incident responders", ADELE, ON_CALL));
        contoso.groups.add(group(ON_CALL, "On-call", LEE));
        data.tenants.add(contoso);
        DirectoryData.Tenant fabrikam = tenant(FABRIKAM, "Fabrikam", "fabrikam.example");
        fabrikam.users.add(user(
                "f2a3b4c5-0001-4d6e-8f70-8192a3b4c501",
                "admin@fabrikam.example",
                "Fabrikam Admin",
                "admin@fabrikam.example",
                GLOBAL_ADMIN));
        data.tenants.add(fabrikam);

        graph.directory = new Directory();
        graph.consent = consent;
        graph.keys = keys;
        graph.faults = faults;
        graph.chats = chats;
        graph.subscriptions = subscriptions;
        users = new io.tenantlink.sandbox.directory.DirectoryUsers(database, graph.directory);
        graph.directoryUsers = users;
    }

    private static DirectoryData.Application app(String appId, String name, List<String> scopes, List<String> roles) {
        DirectoryData.Application app = new DirectoryData.Application();
        app.appId = appId;
        app.displayName = name;
        app.clientSecret = "secret";
        app.delegatedScopes = new ArrayList<>(scopes);
        app.applicationPermissions = new ArrayList<>(roles);
        return app;
    }

    private static DirectoryData.Tenant tenant(String id, String name, String domain) {
        DirectoryData.Tenant tenant = new DirectoryData.Tenant();
        tenant.id = id;
        tenant.displayName = name;
        tenant.domain = domain;
        return tenant;
    }

    private static DirectoryData.User user(String id, String upn, String name, String mail, String role) {
        DirectoryData.User user = new DirectoryData.User();
        user.id = id;
        user.userPrincipalName = upn;
        user.displayName = name;
        user.mail = mail;
        if (role != null) {
            user.roles.add(role);
        }
        return user;
    }

    private static DirectoryData.Group group(String id, String name, String... members) {
        DirectoryData.Group group = new DirectoryData.Group();
        group.id = id;
        group.displayName = name;
        group.securityEnabled = true;
        group.members = List.of(members);
        return group;
    }

    public DirectoryData.Application application(String appId) {
        return data.applications.stream()
                .filter(a -> a.appId.equals(appId))
                .findFirst()
                .orElseThrow();
    }

    /** The directory file, without JSON-B. */
    public final class Directory extends SandboxDirectory {
        /** The directory is built in code: nothing to read again. */
        @Override
        public void reload() {}

        @Override
        public DirectoryData data() {
            return data;
        }

        @Override
        public Optional<DirectoryData.Tenant> tenant(String idOrDomain) {
            return data.tenants.stream()
                    .filter(t -> t.id.equalsIgnoreCase(idOrDomain) || t.domain.equalsIgnoreCase(idOrDomain))
                    .findFirst();
        }

        @Override
        public Optional<DirectoryData.Application> application(String appId) {
            return data.applications.stream()
                    .filter(a -> a.appId.equalsIgnoreCase(appId == null ? "" : appId))
                    .findFirst();
        }

        @Override
        public List<DirectoryData.Tenant> tenants() {
            return data.tenants;
        }

        @Override
        public Optional<Member> userByPrincipalName(String upn) {
            for (DirectoryData.Tenant t : data.tenants) {
                for (DirectoryData.User u : t.users) {
                    if (u.userPrincipalName.equalsIgnoreCase(upn == null ? "" : upn.strip())) {
                        return Optional.of(new Member(t, u));
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public boolean adminOnly(String scope) {
            return data.adminOnlyScopes.stream().anyMatch(s -> s.equalsIgnoreCase(scope));
        }
    }

    /** ConsentStore's Graph-facing operations over lists, with the same duplicate rules. */
    public static class Consent extends ConsentStore {
        public final List<ServicePrincipalRow> sps = new ArrayList<>();
        public final List<PermissionGrantRow> grants = new ArrayList<>();
        public final List<AppRoleAssignmentRow> assignments = new ArrayList<>();

        @Override
        public Optional<ServicePrincipalRow> servicePrincipal(String tenantId, String appId) {
            return sps.stream()
                    .filter(s -> s.tenantId.equals(tenantId) && s.appId.equalsIgnoreCase(appId))
                    .findFirst();
        }

        @Override
        public ServicePrincipalRow ensureServicePrincipal(String tenantId, DirectoryData.Application app, String tags) {
            return servicePrincipal(tenantId, app.appId).orElseGet(() -> {
                ServicePrincipalRow sp = new ServicePrincipalRow();
                sp.id = UUID.randomUUID().toString();
                sp.tenantId = tenantId;
                sp.appId = app.appId;
                sp.displayName = app.displayName;
                sp.tags = tags;
                sp.createdAt = Clock.now();
                sps.add(sp);
                return sp;
            });
        }

        @Override
        public List<ServicePrincipalRow> servicePrincipals(String tenantId) {
            return sps.stream().filter(s -> s.tenantId.equals(tenantId)).toList();
        }

        @Override
        public Optional<ServicePrincipalRow> servicePrincipalById(String tenantId, String id) {
            return sps.stream()
                    .filter(s -> s.tenantId.equals(tenantId) && s.id.equalsIgnoreCase(id))
                    .findFirst();
        }

        @Override
        public Optional<ServicePrincipalRow> createServicePrincipal(
                String tenantId, DirectoryData.Application app, String tags) {
            return servicePrincipal(tenantId, app.appId).isPresent()
                    ? Optional.empty()
                    : Optional.of(ensureServicePrincipal(tenantId, app, tags));
        }

        @Override
        public List<PermissionGrantRow> grants(String tenantId, String clientSpId) {
            return grants.stream()
                    .filter(g -> g.tenantId.equals(tenantId) && g.clientId.equals(clientSpId))
                    .toList();
        }

        @Override
        public List<PermissionGrantRow> grantsOfPrincipal(String tenantId, String principalId) {
            return grants.stream()
                    .filter(g -> g.tenantId.equals(tenantId) && principalId.equals(g.principalId))
                    .toList();
        }

        @Override
        public List<PermissionGrantRow> grantsInTenant(String tenantId) {
            return grants.stream().filter(g -> g.tenantId.equals(tenantId)).toList();
        }

        @Override
        public Optional<PermissionGrantRow> grant(String tenantId, String id) {
            return grants.stream()
                    .filter(g -> g.tenantId.equals(tenantId) && g.id.equals(id))
                    .findFirst();
        }

        @Override
        public Optional<PermissionGrantRow> createGrant(
                String tenantId,
                String clientSpId,
                String consentType,
                String principalId,
                String resourceId,
                String scope) {
            boolean exists = grants(tenantId, clientSpId).stream()
                    .anyMatch(g -> g.resourceId.equalsIgnoreCase(resourceId)
                            && g.consentType.equals(consentType)
                            && (principalId == null
                                    ? g.principalId == null
                                    : principalId.equalsIgnoreCase(g.principalId)));
            if (exists) {
                return Optional.empty();
            }
            PermissionGrantRow g = new PermissionGrantRow();
            g.id = UUID.randomUUID().toString().replace("-", "") + "_grant";
            g.tenantId = tenantId;
            g.clientId = clientSpId;
            g.consentType = consentType;
            g.principalId = principalId;
            g.resourceId = resourceId;
            g.scope = scope;
            g.createdAt = Clock.now();
            grants.add(g);
            return Optional.of(g);
        }

        @Override
        public Optional<PermissionGrantRow> updateGrantScope(String tenantId, String id, String scope) {
            Optional<PermissionGrantRow> g = grant(tenantId, id);
            g.ifPresent(r -> r.scope = scope);
            return g;
        }

        @Override
        public boolean deleteGrant(String tenantId, String id) {
            return grants.removeIf(g -> g.tenantId.equals(tenantId) && g.id.equals(id));
        }

        @Override
        public List<AppRoleAssignmentRow> assignmentsTo(String tenantId, String resourceId) {
            return assignments.stream()
                    .filter(a -> a.tenantId.equals(tenantId) && a.resourceId.equalsIgnoreCase(resourceId))
                    .toList();
        }

        @Override
        public List<AppRoleAssignmentRow> assignmentsOf(String tenantId, String principalId) {
            return assignments.stream()
                    .filter(a -> a.tenantId.equals(tenantId) && a.principalId.equalsIgnoreCase(principalId))
                    .toList();
        }

        @Override
        public Optional<AppRoleAssignmentRow> createAssignment(
                String tenantId, String resourceId, String principalId, String principalType, String appRoleId) {
            if (assignmentsTo(tenantId, resourceId).stream()
                    .anyMatch(a ->
                            a.principalId.equalsIgnoreCase(principalId) && a.appRoleId.equalsIgnoreCase(appRoleId))) {
                return Optional.empty();
            }
            AppRoleAssignmentRow a = new AppRoleAssignmentRow();
            a.id = UUID.randomUUID().toString().replace("-", "") + "_assignment";
            a.tenantId = tenantId;
            a.resourceId = resourceId;
            a.principalId = principalId;
            a.principalType = principalType;
            a.appRoleId = appRoleId;
            a.createdAt = Clock.now();
            assignments.add(a);
            return Optional.of(a);
        }

        @Override
        public boolean deleteAssignment(String tenantId, String resourceId, String id) {
            return assignments.removeIf(
                    a -> a.tenantId.equals(tenantId) && a.resourceId.equalsIgnoreCase(resourceId) && a.id.equals(id));
        }

        /** What the admin-consent page does, as ConsentStore.adminConsent does it. */
        @Override
        public ServicePrincipalRow adminConsent(
                String tenantId,
                DirectoryData.Application app,
                Collection<String> scopes,
                Collection<String> appRoles) {
            ServicePrincipalRow sp = ensureServicePrincipal(tenantId, app, null);
            createGrant(
                    tenantId,
                    sp.id,
                    "AllPrincipals",
                    null,
                    GraphPermissions.servicePrincipalId(tenantId),
                    String.join(" ", scopes));
            for (String role : appRoles) {
                createAssignment(
                        tenantId,
                        GraphPermissions.servicePrincipalId(tenantId),
                        sp.id,
                        "ServicePrincipal",
                        GraphPermissions.appRoleId(role));
            }
            return sp;
        }
    }
}
