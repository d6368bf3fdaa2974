package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.AppRoleAssignmentRow;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.PermissionGrantRow;
import io.tenantlink.sandbox.ServicePrincipalRow;
import io.tenantlink.sandbox.directory.DirectoryData;
import java.text.ParseException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON shapes of Graph v1.0 resources the stand-in serves (user, group, organization, servicePrincipal,
 * oauth2PermissionGrant, appRoleAssignment), built from the directory file and the consent rows.
 * Properties the directory does not know (givenName, jobTitle, ...) are null, as Graph sends unset ones.
 */
public final class GraphObjects {

    public static final String BASE = "https://graph.microsoft.com/v1.0";
    /** Microsoft's own tenant, which owns the Microsoft Graph application. */
    static final String MICROSOFT_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    /** What GET /users returns without $select (Graph's documented default set, in its order). */
    public static final List<String> USER_DEFAULT = List.of(
            "businessPhones",
            "displayName",
            "givenName",
            "jobTitle",
            "mail",
            "mobilePhone",
            "officeLocation",
            "preferredLanguage",
            "surname",
            "userPrincipalName",
            "id");

    /** What $select may ask of a user here. */
    public static final List<String> USER_PROPERTIES = List.of(
            "id",
            "businessPhones",
            "displayName",
            "givenName",
            "jobTitle",
            "mail",
            "mobilePhone",
            "officeLocation",
            "preferredLanguage",
            "surname",
            "userPrincipalName",
            "userType",
            "otherMails",
            "proxyAddresses",
            "accountEnabled",
            "mailNickname");

    public static final List<String> GROUP_PROPERTIES = List.of(
            "id", "displayName", "description", "groupTypes", "mail", "mailEnabled", "mailNickname", "securityEnabled");

    public static final List<String> SERVICE_PRINCIPAL_PROPERTIES = List.of(
            "id",
            "deletedDateTime",
            "accountEnabled",
            "appDisplayName",
            "appId",
            "appOwnerOrganizationId",
            "displayName",
            "servicePrincipalNames",
            "servicePrincipalType",
            "signInAudience",
            "tags",
            "appRoles",
            "oauth2PermissionScopes");

    public static final List<String> GRANT_PROPERTIES =
            List.of("clientId", "consentType", "id", "principalId", "resourceId", "scope");

    public static final List<String> ASSIGNMENT_PROPERTIES = List.of(
            "id",
            "deletedDateTime",
            "appRoleId",
            "createdDateTime",
            "principalDisplayName",
            "principalId",
            "principalType",
            "resourceDisplayName",
            "resourceId");

    /**
     * What an organization serves here, in the order of Graph's default answer (organization resource type). The
     * directory file knows the tenant's id, displayName and domain; the other properties are unset (null, or empty
     * collections), and tenantType is "AAD" (a workforce tenant).
     */
    public static final List<String> ORGANIZATION_PROPERTIES = List.of(
            "id",
            "deletedDateTime",
            "businessPhones",
            "city",
            "country",
            "countryLetterCode",
            "createdDateTime",
            "defaultUsageLocation",
            "displayName",
            "marketingNotificationEmails",
            "onPremisesLastSyncDateTime",
            "onPremisesSyncEnabled",
            "postalCode",
            "preferredLanguage",
            "securityComplianceNotificationMails",
            "securityComplianceNotificationPhones",
            "state",
            "street",
            "technicalNotificationMails",
            "tenantType",
            "assignedPlans",
            "provisionedPlans",
            "verifiedDomains");

    /** What a token holding only User.Read reads of the organization; Graph returns the other properties as null. */
    static final List<String> ORGANIZATION_BASIC = List.of("id", "displayName", "verifiedDomains");

    static final String ONMICROSOFT = ".onmicrosoft.com";

    private GraphObjects() {}

    public static Object userValue(DirectoryData.User user, String property) {
        return switch (property) {
            case "id" -> user.id;
            case "businessPhones" -> List.of();
            case "displayName" -> user.displayName;
            case "mail" -> user.mail;
            case "userPrincipalName" -> user.userPrincipalName;
            case "userType" -> user.userType == null ? "Member" : user.userType;
            case "otherMails" -> user.otherMails == null ? List.of() : List.copyOf(user.otherMails);
            case "proxyAddresses" -> user.proxyAddresses == null ? List.of() : List.copyOf(user.proxyAddresses);
            case "accountEnabled" -> user.accountEnabled == null ? Boolean.TRUE : user.accountEnabled;
            case "mailNickname" ->
                user.userPrincipalName.substring(0, Math.max(0, user.userPrincipalName.indexOf('@')));
            default -> null; // givenName, surname, jobTitle, mobilePhone, officeLocation, preferredLanguage: not in the
            // directory file
        };
    }

    public static Map<String, Object> user(DirectoryData.User user, List<String> select) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String property : select.isEmpty() ? USER_DEFAULT : select) {
            json.put(property, userValue(user, property));
        }
        return json;
    }

    public static Object groupValue(DirectoryData.Group group, String property) {
        return switch (property) {
            case "id" -> group.id;
            case "displayName" -> group.displayName;
            case "groupTypes" -> List.of();
            case "mailEnabled" -> Boolean.FALSE;
            case "mailNickname" -> group.displayName.replaceAll("[^A-Za-z0-9]", "");
            case "securityEnabled" -> group.securityEnabled;
            default -> null;
        };
    }

    /** A member of a directoryObject collection: typed with @odata.type, as Graph does. */
    public static Map<String, Object> directoryObject(Object member, List<String> select) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (member instanceof DirectoryData.User user) {
            json.put("@odata.type", "#microsoft.graph.user");
            for (String property : select.isEmpty() ? USER_DEFAULT : select) {
                if (USER_PROPERTIES.contains(property)) {
                    json.put(property, userValue(user, property));
                }
            }
        } else if (member instanceof DirectoryData.Group group) {
            json.put("@odata.type", "#microsoft.graph.group");
            for (String property : select.isEmpty() ? GROUP_PROPERTIES : select) {
                if (GROUP_PROPERTIES.contains(property)) {
                    json.put(property, groupValue(group, property));
                }
            }
        }
        return json;
    }

    /**
     * Microsoft Graph's application permissions and delegated permissions, as its service principal
     * publishes them: those the directory's apps ask for, plus those the stand-in checks. A delegated
     * permission needs admin consent when the directory says so; those no app asks for follow
     * Microsoft's pattern (the tenant-wide ".All" ones need an admin, except User.ReadBasic.All).
     */
    public record GraphCatalog(Set<String> appRoles, Set<String> scopes, Set<String> adminScopes) {

        public static GraphCatalog of(DirectoryData data) {
            Set<String> roles = new LinkedHashSet<>(GraphAccess.CHECKED_APPLICATION_PERMISSIONS);
            Set<String> fromApps = new LinkedHashSet<>();
            for (DirectoryData.Application app : data.applications) {
                roles.addAll(app.applicationPermissions);
                fromApps.addAll(app.delegatedScopes);
            }
            Set<String> scopes = new LinkedHashSet<>(List.of("openid", "profile", "email", "offline_access"));
            scopes.addAll(fromApps);
            scopes.addAll(GraphAccess.CHECKED_DELEGATED_PERMISSIONS);
            Set<String> admin = new LinkedHashSet<>();
            for (String scope : scopes) {
                boolean listed = data.adminOnlyScopes.stream().anyMatch(a -> a.equalsIgnoreCase(scope));
                boolean pattern =
                        !fromApps.contains(scope) && scope.endsWith(".All") && !scope.equals("User.ReadBasic.All");
                if (listed || pattern) {
                    admin.add(scope);
                }
            }
            return new GraphCatalog(roles, scopes, admin);
        }

        public boolean hasAppRoleId(String id) {
            return appRoles.stream().anyMatch(r -> GraphPermissions.appRoleId(r).equalsIgnoreCase(id));
        }
    }

    public static Map<String, Object> graphServicePrincipal(
            String tenantId, GraphCatalog catalog, List<String> select) {
        List<Object> appRoles = new ArrayList<>();
        for (String role : catalog.appRoles()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("allowedMemberTypes", List.of("Application"));
            r.put("description", "Allows the app to " + role + " without a signed-in user.");
            r.put("displayName", role);
            r.put("id", GraphPermissions.appRoleId(role));
            r.put("isEnabled", true);
            r.put("origin", "Application");
            r.put("value", role);
            appRoles.add(r);
        }
        List<Object> scopes = new ArrayList<>();
        for (String scope : catalog.scopes()) {
            boolean admin = catalog.adminScopes().contains(scope);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("adminConsentDescription", "Allows the app to " + scope + " on behalf of the signed-in user.");
            s.put("adminConsentDisplayName", scope);
            s.put("id", GraphPermissions.scopeId(scope));
            s.put("isEnabled", true);
            s.put("type", admin ? "Admin" : "User");
            s.put("userConsentDescription", admin ? null : "Allows the app to " + scope + " on your behalf.");
            s.put("userConsentDisplayName", admin ? null : scope);
            s.put("value", scope);
            scopes.add(s);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", GraphPermissions.servicePrincipalId(tenantId));
        all.put("deletedDateTime", null);
        all.put("accountEnabled", true);
        all.put("appDisplayName", "Microsoft Graph");
        all.put("appId", GraphPermissions.GRAPH_APP_ID);
        all.put("appOwnerOrganizationId", MICROSOFT_SERVICES_TENANT);
        all.put("displayName", "Microsoft Graph");
        all.put(
                "servicePrincipalNames",
                List.of(
                        "https://graph.microsoft.com",
                        "https://graph.microsoft.com/",
                        "00000003-0000-0000-c000-000000000000/ags.windows.net",
                        GraphPermissions.GRAPH_APP_ID));
        all.put("servicePrincipalType", "Application");
        all.put("signInAudience", "AzureADMultipleOrgs");
        all.put("tags", List.of());
        all.put("appRoles", appRoles);
        all.put("oauth2PermissionScopes", scopes);
        return selectFrom(all, select);
    }

    public static Map<String, Object> servicePrincipal(
            ServicePrincipalRow row, String publisherTenantId, List<String> select) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", row.id);
        all.put("deletedDateTime", null);
        all.put("accountEnabled", true);
        all.put("appDisplayName", row.displayName);
        all.put("appId", row.appId);
        all.put("appOwnerOrganizationId", publisherTenantId);
        all.put("displayName", row.displayName);
        all.put("servicePrincipalNames", List.of(row.appId));
        all.put("servicePrincipalType", "Application");
        all.put("signInAudience", "AzureADMultipleOrgs");
        all.put("tags", tags(row.tags));
        all.put("appRoles", List.of());
        all.put("oauth2PermissionScopes", List.of());
        return selectFrom(all, select);
    }

    public static Map<String, Object> grant(PermissionGrantRow row, List<String> select) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("clientId", row.clientId);
        all.put("consentType", row.consentType);
        all.put("id", row.id);
        all.put("principalId", row.principalId);
        all.put("resourceId", row.resourceId);
        all.put("scope", row.scope);
        return selectFrom(all, select);
    }

    public static Map<String, Object> assignment(
            AppRoleAssignmentRow row, String principalDisplayName, String resourceDisplayName) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", row.id);
        all.put("deletedDateTime", null);
        all.put("appRoleId", row.appRoleId);
        all.put(
                "createdDateTime",
                row.createdAt == null
                        ? null
                        : DateTimeFormatter.ISO_INSTANT.format(row.createdAt.truncatedTo(ChronoUnit.SECONDS)));
        all.put("principalDisplayName", principalDisplayName);
        all.put("principalId", row.principalId);
        all.put("principalType", row.principalType);
        all.put("resourceDisplayName", resourceDisplayName);
        all.put("resourceId", row.resourceId);
        return all;
    }

    /**
     * The organization (tenant) as GET /organization shows it. {@code allProperties} is false for a token that holds
     * User.Read and no Organization/Directory permission: then only id, displayName and verifiedDomains have values.
     */
    public static Map<String, Object> organization(
            DirectoryData.Tenant tenant, List<String> select, boolean allProperties) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String property : ORGANIZATION_PROPERTIES) {
            Object value = switch (property) {
                case "id" -> tenant.id;
                case "displayName" -> tenant.displayName;
                case "verifiedDomains" -> verifiedDomains(tenant);
                case "tenantType" -> "AAD";
                case "businessPhones",
                        "marketingNotificationEmails",
                        "securityComplianceNotificationMails",
                        "securityComplianceNotificationPhones",
                        "technicalNotificationMails",
                        "assignedPlans",
                        "provisionedPlans" -> List.of();
                default -> null;
            };
            all.put(property, allProperties || ORGANIZATION_BASIC.contains(property) ? value : null);
        }
        return selectFrom(all, select);
    }

    /**
     * verifiedDomain objects (capabilities, isDefault, isInitial, name, type): the directory's domain is the default one;
     * the initial one ({@link #initialDomain}) follows when it differs. Both are Managed (cloud) domains with the
     * capabilities of Microsoft's example ("Email, OfficeCommunicationsOnline").
     */
    static List<Object> verifiedDomains(DirectoryData.Tenant tenant) {
        List<Object> domains = new ArrayList<>();
        String initial = initialDomain(tenant);
        domains.add(verifiedDomain(tenant.domain, true, tenant.domain.equalsIgnoreCase(initial)));
        if (initial != null && !initial.equalsIgnoreCase(tenant.domain)) {
            domains.add(verifiedDomain(initial, false, true));
        }
        return domains;
    }

    private static Map<String, Object> verifiedDomain(String name, boolean isDefault, boolean isInitial) {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("capabilities", "Email, OfficeCommunicationsOnline");
        domain.put("isDefault", isDefault);
        domain.put("isInitial", isInitial);
        domain.put("name", name);
        domain.put("type", "Managed");
        return domain;
    }

    /**
     * The tenant's initial domain, as Entra names every tenant's first domain ({prefix}.onmicrosoft.com): the directory's
     * domain itself when it is one already, otherwise the letters and digits of its first label ("contoso.example" gives
     * "contoso.onmicrosoft.com"); null when that label has none. Shown in verifiedDomains only: the sandbox's sign-in
     * addresses do not take it as {tenant}.
     */
    static String initialDomain(DirectoryData.Tenant tenant) {
        String domain = tenant.domain.toLowerCase(java.util.Locale.ROOT);
        if (domain.endsWith(ONMICROSOFT)) {
            return tenant.domain;
        }
        int dot = domain.indexOf('.');
        String prefix = (dot < 0 ? domain : domain.substring(0, dot)).replaceAll("[^a-z0-9]", "");
        return prefix.isEmpty() ? null : prefix + ONMICROSOFT;
    }

    /** Tags are kept as a JSON array in the service principal row. */
    public static String tagsColumn(List<String> tags) {
        return tags == null || tags.isEmpty() ? null : JSONArrayUtils.toJSONString(new ArrayList<>(tags));
    }

    static List<String> tags(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        try {
            return JSONArrayUtils.parse(column).stream().map(String::valueOf).toList();
        } catch (ParseException e) {
            return List.of(column);
        }
    }

    static Map<String, Object> selectFrom(Map<String, Object> all, List<String> select) {
        if (select.isEmpty()) {
            return all;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        select.forEach(p -> json.put(p, all.get(p)));
        return json;
    }

    static String toJson(Map<String, Object> body) {
        return JSONObjectUtils.toJSONString(body);
    }
}
