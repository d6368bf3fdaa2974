package io.tenantlink.consent;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PowerShell script equivalent to approving a feature app for a limited set of users, generated
 * from the catalog (seed 001's script, corrected): Microsoft Graph PowerShell SDK; the client's and
 * Microsoft Graph's service principals looked up once (the client's created when missing); per user
 * a delegated grant with consentType Principal created, or updated when it lacks scopes, or left
 * alone when it already covers them; the default app role assigned where missing. Group members are
 * resolved transitively. Every value written into the script is validated here (GUIDs and catalog
 * scope names only), so nothing a caller sends can become PowerShell code. It holds no secret.
 */
public final class PowerShellScript {

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final String DEFAULT_APP_ROLE = "00000000-0000-0000-0000-000000000000";
    private static final Pattern SCOPE = Pattern.compile("^[A-Za-z][A-Za-z0-9._]{0,99}$");
    private static final Pattern SAFE_TEXT = Pattern.compile("[^A-Za-z0-9 ,.()/-]");
    private static final String NL = "\r\n";

    private PowerShellScript() {}

    /**
     * @param featureName the feature's display name (shown in a comment only; reduced to plain ASCII)
     * @param scopes      the delegated scopes to grant; each must be one the catalog lists for the feature
     */
    public static String generate(
            FeatureCatalog catalog,
            FeatureApp feature,
            String featureName,
            String tenantId,
            String clientId,
            List<String> scopes,
            ScriptTarget target,
            Instant generatedAt) {
        requireGuid(tenantId, "tenant id");
        requireGuid(clientId, "client id");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no scope to grant");
        }
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()
                    || !(catalog.baseScopes().contains(scope)
                            || feature.required().contains(scope)
                            || feature.optional().contains(scope))) {
                throw new IllegalArgumentException(
                        "not a delegated scope of " + feature.key() + " in the catalog: " + scope);
            }
        }
        target.userIds().forEach(id -> requireGuid(id, "user id"));
        if (target.forGroup()) {
            requireGuid(target.groupId(), "group id");
        }
        String name = SAFE_TEXT
                .matcher(featureName == null ? feature.key() : featureName)
                .replaceAll("?");

        StringBuilder s = new StringBuilder();
        line(
                s,
                "# TenantLink: approve the feature app \"" + name + "\" (" + feature.key() + ") for "
                        + (target.forGroup()
                                ? "the members of one security group"
                                : target.userIds().size() + " chosen user(s)"));
        line(
                s,
                "# Generated " + generatedAt + " from catalog version "
                        + SAFE_TEXT.matcher(catalog.version()).replaceAll("?")
                        + (target.withOptional() ? ", optional scopes included." : ", required scopes only."));
        line(s, "# It holds no secret. Run it as an administrator who may grant consent in the tenant below.");
        line(s, "# Needs the Microsoft Graph PowerShell SDK: Install-Module Microsoft.Graph -Scope CurrentUser");
        line(
                s,
                "# Per user: a delegated grant (consentType Principal) is created, or updated when it lacks some of the");
        line(s, "# scopes below (scopes the user already granted are kept), or left alone when it covers them; the");
        line(s, "# default app role is assigned where missing. Running it twice changes nothing the second time.");
        line(s, "");
        line(s, "$ErrorActionPreference = 'Stop'");
        line(s, "");
        line(s, "$tenantId = '" + tenantId + "'");
        line(s, "$clientAppId = '" + clientId + "'");
        line(s, "$graphAppId = '" + GRAPH_APP_ID + "'");
        line(s, "$defaultAppRoleId = '" + DEFAULT_APP_ROLE + "'");
        line(
                s,
                "$scopes = @("
                        + String.join(
                                ", ", scopes.stream().map(x -> "'" + x + "'").toList()) + ")");
        line(s, "$scopeToGrant = $scopes -join ' '");
        line(s, "");
        line(s, "# Step 0. Sign in. Application.ReadWrite.All: read and create service principals;");
        line(
                s,
                "# DelegatedPermissionGrant.ReadWrite.All: delegated grants; AppRoleAssignment.ReadWrite.All: app role assignments"
                        + (target.forGroup() ? "; GroupMember.Read.All: the group's members." : "."));
        line(
                s,
                "Connect-MgGraph -TenantId $tenantId -Scopes 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', "
                        + "'AppRoleAssignment.ReadWrite.All'" + (target.forGroup() ? ", 'GroupMember.Read.All'" : "")
                        + " -NoWelcome");
        line(s, "");
        line(
                s,
                "# Step 1. The client's service principal (created when missing) and Microsoft Graph's, looked up once.");
        line(s, "$clientSp = Get-MgServicePrincipal -Filter \"appId eq '$clientAppId'\" | Select-Object -First 1");
        line(s, "if (-not $clientSp) {");
        line(s, "    $clientSp = New-MgServicePrincipal -AppId $clientAppId");
        line(s, "    Write-Host \"Created the service principal $($clientSp.Id) of $clientAppId\"");
        line(s, "}");
        line(s, "$resourceSp = Get-MgServicePrincipal -Filter \"appId eq '$graphAppId'\" | Select-Object -First 1");
        line(s, "if (-not $resourceSp) { throw 'Microsoft Graph has no service principal in this tenant' }");
        line(s, "");
        line(s, "# Step 2. The users.");
        if (target.forGroup()) {
            line(s, "$groupId = '" + target.groupId() + "'");
            line(s, "$userIds = @(Get-MgGroupTransitiveMember -GroupId $groupId -All |");
            line(s, "    Where-Object { $_.AdditionalProperties['@odata.type'] -eq '#microsoft.graph.user' } |");
            line(s, "    ForEach-Object { $_.Id } | Sort-Object -Unique)");
        } else {
            line(s, "$userIds = @(");
            for (int i = 0; i < target.userIds().size(); i++) {
                line(
                        s,
                        "    '" + target.userIds().get(i) + "'"
                                + (i + 1 < target.userIds().size() ? "," : ""));
            }
            line(s, ")");
        }
        line(s, "Write-Host \"$($userIds.Count) user(s) to approve\"");
        line(s, "");
        line(s, "# The default app role assignments already in place, read once.");
        line(s, "$assigned = @{}");
        line(s, "Get-MgServicePrincipalAppRoleAssignedTo -ServicePrincipalId $clientSp.Id -All |");
        line(
                s,
                "    Where-Object { $_.AppRoleId -eq $defaultAppRoleId } | ForEach-Object { $assigned[$_.PrincipalId] = $true }");
        line(s, "");
        line(s, "$results = @{ created = 0; updated = 0; unchanged = 0; failed = 0 }");
        line(s, "foreach ($userId in $userIds) {");
        line(s, "    try {");
        line(s, "        # Step 3. The user's delegated grant: create, update when scopes are missing, or skip.");
        line(
                s,
                "        $grant = Get-MgOauth2PermissionGrant -Filter \"clientId eq '$($clientSp.Id)' and consentType eq 'Principal' and principalId eq '$userId' and resourceId eq '$($resourceSp.Id)'\" -All | Select-Object -First 1");
        line(s, "        if (-not $grant) {");
        line(
                s,
                "            New-MgOauth2PermissionGrant -ClientId $clientSp.Id -ConsentType 'Principal' -PrincipalId $userId `");
        line(s, "                -ResourceId $resourceSp.Id -Scope $scopeToGrant | Out-Null");
        line(s, "            $outcome = 'created'");
        line(s, "        } else {");
        line(s, "            $current = @($grant.Scope -split ' ' | Where-Object { $_ })");
        line(s, "            $missing = @($scopes | Where-Object { $current -notcontains $_ })");
        line(s, "            if ($missing.Count -gt 0) {");
        line(s, "                $merged = (@($current) + $missing | Select-Object -Unique) -join ' '");
        line(s, "                Update-MgOauth2PermissionGrant -OAuth2PermissionGrantId $grant.Id -Scope $merged");
        line(s, "                $outcome = 'updated'");
        line(s, "            } else {");
        line(s, "                $outcome = 'unchanged'");
        line(s, "            }");
        line(s, "        }");
        line(s, "        # Step 4. Assign the app to the user with the default app role, when not yet assigned.");
        line(s, "        if (-not $assigned.ContainsKey($userId)) {");
        line(
                s,
                "            New-MgServicePrincipalAppRoleAssignedTo -ServicePrincipalId $clientSp.Id -PrincipalId $userId `");
        line(s, "                -ResourceId $clientSp.Id -AppRoleId $defaultAppRoleId | Out-Null");
        line(s, "            $assigned[$userId] = $true");
        line(s, "        }");
        line(s, "        $results[$outcome]++");
        line(s, "        Write-Host \"$userId grant $outcome\"");
        line(s, "    } catch {");
        line(s, "        $results['failed']++");
        line(s, "        Write-Warning \"$userId failed: $($_.Exception.Message)\"");
        line(s, "    }");
        line(s, "}");
        line(
                s,
                "Write-Host \"Grants created: $($results['created']), updated: $($results['updated']), unchanged: $($results['unchanged']), failed: $($results['failed'])\"");
        return s.toString();
    }

    private static void requireGuid(String value, String what) {
        if (value == null || !ScriptTarget.GUID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a GUID: " + what);
        }
    }

    private static void line(StringBuilder s, String text) {
        s.append(text).append(NL);
    }
}
