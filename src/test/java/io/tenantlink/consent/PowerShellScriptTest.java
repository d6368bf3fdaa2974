package io.tenantlink.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.platform.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PowerShellScriptTest {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();
    static final FeatureApp MEETINGS = CATALOG.feature("meetings").orElseThrow();
    static final String TENANT = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
    static final String CLIENT = "e7185a25-9df9-4d05-b779-76b04bf46424";
    static final String U1 = "aaaaaaaa-1111-4222-8333-444444444444";
    static final String U2 = "bbbbbbbb-1111-4222-8333-444444444444";

    static String script(ScriptTarget target) {
        List<String> scopes = new ArrayList<>(MEETINGS.delegatedScopes(CATALOG.baseScopes(), target.withOptional()));
        return PowerShellScript.generate(CATALOG, MEETINGS, "Meetings", TENANT, CLIENT, scopes, target, Instant.EPOCH);
    }

    @Test
    void everyUserAppearsAndTheScopesAreTheCatalogs() {
        String s = script(ScriptTarget.parse(U1 + ", " + U2.toUpperCase(), null, "false"));
        assertTrue(s.contains("'" + U1 + "'") && s.contains("'" + U2 + "'"), s);
        assertTrue(
                s.contains("$scopes = @('openid', 'profile', 'email', 'offline_access', 'Calendars.ReadWrite.Shared', "
                        + "'MailboxSettings.Read', 'OnlineMeetings.ReadWrite', 'User.Read', 'User.ReadBasic.All')"),
                s);
        assertTrue(s.contains("$scopeToGrant = $scopes -join ' '"), "scopes are joined by spaces");
        assertFalse(s.contains("Place.Read.All"), "optional scopes only when asked");
        assertTrue(s.contains("$clientAppId = '" + CLIENT + "'") && s.contains("$tenantId = '" + TENANT + "'"), s);
        assertTrue(script(ScriptTarget.parse(U1, null, "true")).contains("'Place.Read.All'"));
    }

    @Test
    void theCorrectedAlgorithm() {
        String s = script(ScriptTarget.parse(U1, null, null));
        assertTrue(
                s.contains("Connect-MgGraph -TenantId $tenantId -Scopes 'Application.ReadWrite.All', "
                        + "'DelegatedPermissionGrant.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All' -NoWelcome"),
                s);
        assertEquals(2, count(s, "Get-MgServicePrincipal -Filter"), "client and Microsoft Graph looked up once each");
        assertTrue(
                s.indexOf("$resourceSp = Get-MgServicePrincipal") < s.indexOf("foreach ($userId"),
                "resource lookup outside the loop");
        assertTrue(
                s.contains("New-MgServicePrincipal -AppId $clientAppId"),
                "the client's service principal is created when missing");
        assertTrue(s.contains("$graphAppId = '00000003-0000-0000-c000-000000000000'"), s);
        assertTrue(s.contains("Get-MgOauth2PermissionGrant -Filter"), s);
        assertTrue(s.contains("New-MgOauth2PermissionGrant -ClientId $clientSp.Id -ConsentType 'Principal'"), s);
        assertTrue(
                s.contains("Update-MgOauth2PermissionGrant -OAuth2PermissionGrantId $grant.Id"), "the update branch");
        assertTrue(s.contains("$outcome = 'unchanged'"), "the skip branch");
        assertTrue(
                s.contains("New-MgServicePrincipalAppRoleAssignedTo")
                        && s.contains("'00000000-0000-0000-0000-000000000000'"),
                s);
        assertFalse(s.contains("Get-MgGroupTransitiveMember"), "no group");
        assertFalse(s.toLowerCase().contains("secret") && !s.contains("It holds no secret"), "no secret");
        assertTrue(s.chars().allMatch(c -> c < 128), "plain ASCII, as Windows PowerShell 5.1 reads a file without BOM");
    }

    @Test
    void aGroupIsResolvedTransitively() {
        String group = "cccccccc-1111-4222-8333-444444444444";
        String s = script(ScriptTarget.parse(null, group, "false"));
        assertTrue(s.contains("$groupId = '" + group + "'"), s);
        assertTrue(s.contains("Get-MgGroupTransitiveMember -GroupId $groupId -All"), s);
        assertTrue(s.contains("'GroupMember.Read.All'"), "reading members needs its scope");
    }

    @Test
    void injectionAndBadInputAreRefused() {
        assertThrows(
                InvalidInputException.class,
                () -> ScriptTarget.parse(U1 + "'; Remove-MgUser -UserId x; '", null, null));
        assertThrows(InvalidInputException.class, () -> ScriptTarget.parse("$(Get-Process)", null, null));
        assertThrows(InvalidInputException.class, () -> ScriptTarget.parse(U1 + ",", null, null));
        assertThrows(InvalidInputException.class, () -> ScriptTarget.parse(null, "not-a-guid", null));
        assertThrows(InvalidInputException.class, () -> ScriptTarget.parse(U1, U2, null), "users and group");
        assertThrows(InvalidInputException.class, () -> ScriptTarget.parse(" ", "", null), "neither");
        assertThrows(InvalidInputException.class, () -> ScriptTarget.parse(U1, null, "yes"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= ScriptTarget.MAX_USERS; i++) {
            many.append(i == 0 ? "" : ",").append(String.format("aaaaaaaa-1111-4222-8333-%012d", i));
        }
        InvalidInputException tooMany =
                assertThrows(InvalidInputException.class, () -> ScriptTarget.parse(many.toString(), null, null));
        assertEquals("featureApps.script.error.tooMany", tooMany.messageKey());
        assertEquals(
                1,
                ScriptTarget.parse(U1 + "," + U1.toUpperCase(), null, null)
                        .userIds()
                        .size(),
                "duplicates collapse");
    }

    @Test
    void theGeneratorItselfAcceptsOnlyCatalogScopesAndGuids() {
        ScriptTarget target = ScriptTarget.parse(U1, null, null);
        assertThrows(
                IllegalArgumentException.class,
                () -> PowerShellScript.generate(
                        CATALOG,
                        MEETINGS,
                        "Meetings",
                        TENANT,
                        CLIENT,
                        List.of("openid", "Directory.ReadWrite.All"),
                        target,
                        Instant.EPOCH),
                "a scope not in the catalog for this feature");
        assertThrows(
                IllegalArgumentException.class,
                () -> PowerShellScript.generate(
                        CATALOG,
                        MEETINGS,
                        "Meetings",
                        TENANT,
                        CLIENT,
                        List.of("User.Read'; whoami; '"),
                        target,
                        Instant.EPOCH));
        assertThrows(
                IllegalArgumentException.class,
                () -> PowerShellScript.generate(
                        CATALOG, MEETINGS, "Meetings", "x'y", CLIENT, List.of("User.Read"), target, Instant.EPOCH));
        String s = PowerShellScript.generate(
                CATALOG,
                MEETINGS,
                "Meet\"ings'$(x)\u2019",
                TENANT,
                CLIENT,
                List.of("User.Read"),
                target,
                Instant.EPOCH);
        assertFalse(s.contains("$(x)") || s.contains("ings'"), "the display name is reduced to harmless text");
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
