package io.tenantlink.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentComparisonTest {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();
    static final String MAIL = "e7185a25-9df9-4d05-b779-76b04bf46424";
    static final String CHATOPS = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    static final String TODO = "32d752a1-8945-4600-97c9-73ed32c3627a";

    static Map<String, String> exampleIds() {
        Map<String, String> ids = new HashMap<>();
        CATALOG.features().forEach(f -> ids.put(f.key(), f.exampleClientId()));
        return ids;
    }

    static FeatureCheck of(List<FeatureCheck> checks, String key) {
        return checks.stream()
                .filter(c -> c.featureKey().equals(key))
                .findFirst()
                .orElseThrow();
    }

    static FeatureApp feature(String key) {
        return CATALOG.feature(key).orElseThrow();
    }

    @Test
    void everythingRequiredGrantedIsOkAndOptionalGrantedIsAMatchNotExtra() {
        FeatureApp meetings = feature("meetings");
        Set<String> granted = new java.util.HashSet<>(meetings.required());
        granted.add("Place.Read.All");
        granted.add("openid");
        granted.add("offline_access");
        List<FeatureCheck> checks = ConsentComparison.compareAll(
                CATALOG, exampleIds(), Map.of(MAIL, new ClientFacts(MAIL, "sp-mail", granted, Set.of())));
        FeatureCheck check = of(checks, "meetings");
        assertEquals(CheckStatus.OK, check.status());
        assertTrue(check.delegated().matching().contains("Place.Read.All"));
        assertEquals(List.of(), check.delegated().missing());
        assertEquals(List.of(), check.delegated().extra(), "base scopes are never extra");
        assertEquals("", check.fixScope(CATALOG.baseScopes()));
    }

    @Test
    void missingAndExtraAreSeparatedAndExtraIgnoresScopesOfFeaturesSharingTheApp() {
        // Email, Meetings and Calendar share one app: Calendar's scopes are not "extra" for Email.
        Set<String> granted = Set.of(
                "Mail.ReadWrite.Shared", "People.Read", "user.read", "Calendars.ReadWrite", "Sites.FullControl.All");
        List<FeatureCheck> checks = ConsentComparison.compareAll(
                CATALOG, exampleIds(), Map.of(MAIL, new ClientFacts(MAIL, "sp-mail", granted, Set.of())));
        FeatureCheck email = of(checks, "email");
        assertEquals(CheckStatus.MISSING, email.status());
        assertEquals(
                List.of("Mail.ReadWrite.Shared", "People.Read", "User.Read"),
                email.delegated().matching(),
                "scope names compare case-insensitively, shown as the catalog spells them");
        assertEquals(
                List.of("Mail.Send.Shared", "User.ReadBasic.All"),
                email.delegated().missing());
        assertEquals(List.of("Sites.FullControl.All"), email.delegated().extra());
        assertEquals(
                "openid profile email offline_access Mail.Send.Shared User.ReadBasic.All",
                email.fixScope(CATALOG.baseScopes()),
                "the link asks for the base scopes and just the missing ones");
    }

    @Test
    void anAppWithoutServicePrincipalIsNotInstalledAndEveryRequiredScopeIsMissing() {
        List<FeatureCheck> checks = ConsentComparison.compareAll(CATALOG, exampleIds(), Map.of());
        FeatureCheck todo = of(checks, "todo");
        assertEquals(CheckStatus.NOT_INSTALLED, todo.status());
        assertEquals(
                feature("todo").required().stream().sorted().toList(),
                todo.delegated().missing());
        assertTrue(todo.fixScope(CATALOG.baseScopes()).contains("Tasks.ReadWrite"));
        FeatureCheck chatops = of(checks, "chatops");
        assertEquals(
                feature("chatops").application().stream().sorted().toList(),
                chatops.application().missing());
        assertEquals(
                io.tenantlink.microsoft.SignInFlow.GRAPH_DEFAULT,
                chatops.fixScope(CATALOG.baseScopes()),
                "application permissions can only be asked for through .default");
    }

    @Test
    void applicationPermissionsAreComparedApartFromDelegatedOnes() {
        FeatureApp chatops = feature("chatops");
        Set<String> delegated = new java.util.HashSet<>(chatops.required());
        delegated.add("Chat.ReadWrite");
        List<FeatureCheck> checks = ConsentComparison.compareAll(
                CATALOG,
                exampleIds(),
                Map.of(
                        CHATOPS,
                        new ClientFacts(
                                CHATOPS,
                                "sp-chatops",
                                delegated,
                                Set.of("Chat.Create", "User.Read.All", "Mail.Read"))));
        FeatureCheck check = of(checks, "chatops");
        assertEquals(CheckStatus.MISSING, check.status());
        assertEquals(List.of(), check.delegated().missing());
        assertEquals(List.of("Chat.ReadWrite"), check.delegated().extra());
        assertEquals(
                List.of("Chat.Create", "User.Read.All"), check.application().matching());
        assertEquals(
                List.of("ChatMember.ReadWrite.All", "TeamsAppInstallation.ReadWriteSelfForChat.All"),
                check.application().missing());
        assertEquals(List.of("Mail.Read"), check.application().extra());
        assertTrue(check.summary().contains("application missing: ChatMember.ReadWrite.All"), check.summary());
    }

    @Test
    void aFeatureWithoutClientIdIsNotConfigured() {
        Map<String, String> ids = exampleIds();
        ids.remove("todo");
        FeatureCheck todo = of(ConsentComparison.compareAll(CATALOG, ids, Map.of()), "todo");
        assertEquals(CheckStatus.NOT_CONFIGURED, todo.status());
        assertEquals("", todo.fixScope(CATALOG.baseScopes()));
    }

    @Test
    void factsAreLookedUpByClientIdWhateverItsCase() {
        Map<String, String> ids = exampleIds();
        ids.put("todo", TODO.toUpperCase());
        FeatureCheck todo = of(
                ConsentComparison.compareAll(
                        CATALOG,
                        ids,
                        Map.of(
                                TODO,
                                new ClientFacts(
                                        TODO, "sp", Set.copyOf(feature("todo").required()), Set.of()))),
                "todo");
        assertEquals(CheckStatus.OK, todo.status());
    }
}
