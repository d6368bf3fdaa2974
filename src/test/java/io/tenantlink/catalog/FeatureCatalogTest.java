package io.tenantlink.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.connection.ChatOpsPermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {

    private final FeatureCatalog catalog = FeatureCatalog.builtIn();

    @Test
    void holdsSeed001sFeaturesAndChatOps() {
        assertEquals(
                List.of(
                        "email",
                        "meetings",
                        "calendar",
                        "todo",
                        "teams",
                        "teams-portal",
                        "teams-portal-notifications",
                        "chatops"),
                catalog.features().stream().map(FeatureApp::key).toList());
        assertEquals(List.of("openid", "profile", "email", "offline_access"), catalog.baseScopes());
        FeatureApp meetings = catalog.feature("meetings").orElseThrow();
        assertEquals(List.of("Place.Read.All"), meetings.optional());
        assertTrue(meetings.delegatedScopes(catalog.baseScopes(), true).contains("Place.Read.All"));
        assertFalse(meetings.delegatedScopes(catalog.baseScopes(), false).contains("Place.Read.All"));
        assertEquals(
                "e7185a25-9df9-4d05-b779-76b04bf46424",
                catalog.feature("email").orElseThrow().exampleClientId());
    }

    @Test
    void chatOpsMatchesSeed000sTable() {
        FeatureApp chatops = catalog.feature("chatops").orElseThrow();
        assertEquals(ChatOpsPermissions.application(), Set.copyOf(chatops.application()));
        assertEquals(ChatOpsPermissions.delegatedGraph(), Set.copyOf(chatops.required()));
    }

    @Test
    void invalidDataIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FeatureCatalog.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> FeatureCatalog.parse("{\"features\": []}"), "no version");
        String base =
                "{\"version\":\"1\",\"baseScopes\":[],\"features\":[{\"key\":\"x\",\"clientIdSetting\":\"tenantlink.x\","
                        + "\"exampleClientId\":\"e7185a25-9df9-4d05-b779-76b04bf46424\",\"required\":[%s],\"optional\":[],\"application\":[]}]}";
        assertEquals(
                1,
                FeatureCatalog.parse(base.formatted("\"User.Read\"")).features().size());
        assertThrows(
                IllegalArgumentException.class, () -> FeatureCatalog.parse(base.formatted("")), "no required scope");
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureCatalog.parse(base.formatted("\"User.Read\",\"User.Read\"")));
        assertThrows(IllegalArgumentException.class, () -> FeatureCatalog.parse(base.formatted("\"<script>\"")));
    }
}
