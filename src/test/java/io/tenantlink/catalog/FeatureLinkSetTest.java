package io.tenantlink.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.connection.ChatOpsPermissions;
import org.junit.jupiter.api.Test;

class FeatureLinkSetTest {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();

    @Test
    void roundTripsWithAndWithoutOptionalScopes() {
        var meetings = CATALOG.feature("meetings").orElseThrow();
        String plain = FeatureLinkSet.id(CATALOG, meetings, false);
        String optional = FeatureLinkSet.id(CATALOG, meetings, true);
        assertEquals("feature:meetings:" + CATALOG.version(), plain);
        assertEquals(plain + ":optional", optional);
        assertFalse(FeatureLinkSet.parse(plain, CATALOG).orElseThrow().withOptional());
        assertTrue(FeatureLinkSet.parse(optional, CATALOG)
                .orElseThrow()
                .scope(CATALOG)
                .endsWith(" Place.Read.All"));
        var email = CATALOG.feature("email").orElseThrow();
        assertEquals(
                FeatureLinkSet.id(CATALOG, email, false),
                FeatureLinkSet.id(CATALOG, email, true),
                "no optional scopes: one set");
    }

    @Test
    void refusesOtherSetsOlderCatalogsAndNonsense() {
        assertTrue(FeatureLinkSet.parse(ChatOpsPermissions.SET_ID, CATALOG).isEmpty());
        assertTrue(
                FeatureLinkSet.parse("feature:meetings:2020-01-01.1", CATALOG).isEmpty(), "an older catalog version");
        assertTrue(FeatureLinkSet.parse("feature:unknown:" + CATALOG.version(), CATALOG)
                .isEmpty());
        assertTrue(FeatureLinkSet.parse("feature:meetings:" + CATALOG.version() + ":all", CATALOG)
                .isEmpty());
        assertTrue(
                FeatureLinkSet.parse("feature:email:" + CATALOG.version() + ":optional", CATALOG)
                        .isEmpty(),
                "optional on a feature without optional scopes is not a set the portal makes");
        assertTrue(FeatureLinkSet.parse(null, CATALOG).isEmpty());
    }
}
