package io.tenantlink.auditing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which tenants the grant history's filter offers (AuditController.tenantChoices). */
class TenantChoicesTest {

    private static final String T1 = "11111111-1111-4111-8111-111111111111";
    private static final String T2 = "22222222-2222-4222-8222-222222222222";
    private static final String T3 = "33333333-3333-4333-8333-333333333333";
    private static final String UNKNOWN = "44444444-4444-4444-8444-444444444444";

    private static final Map<String, String> NAMES = Map.of(T1, "Contoso", T2, "Fabrikam", T3, "Tailspin");
    /** Site 1 reaches T1 and T2, site 2 T3 and T1. */
    private static final Map<Long, List<String>> SITES = Map.of(1L, List.of(T1, T2), 2L, List.of(T3, T1));

    /** The tenants the caller may read about, counting what the controller asks. */
    private static final class Source implements AuditController.TenantSource {
        int listedAll;

        @Override
        public Map<String, String> ofSite(long siteId) {
            Map<String, String> tenants = new HashMap<>();
            SITES.getOrDefault(siteId, List.of()).forEach(t -> tenants.put(t, NAMES.get(t)));
            return tenants;
        }

        @Override
        public long count() {
            return NAMES.size();
        }

        @Override
        public Map<String, String> all() {
            listedAll++;
            return NAMES;
        }

        @Override
        public Optional<String> name(String tenantId) {
            return Optional.ofNullable(NAMES.get(tenantId));
        }
    }

    @Test
    void aFewTenantsAreAllOfferedWithoutASite() {
        assertEquals(
                Map.of(T1, "Contoso", T2, "Fabrikam", T3, "Tailspin"),
                AuditController.tenantChoices(new Source(), null, null, 3),
                "as many as the limit: all listed");
    }

    @Test
    void tooManyTenantsAreOfferedOnlyForTheChosenSite() {
        Source source = new Source();
        assertEquals(Map.of(), AuditController.tenantChoices(source, null, null, 2));
        assertEquals(0, source.listedAll, "one over the limit: not even read");
        assertEquals(
                Map.of(T3, "Tailspin", T1, "Contoso"),
                AuditController.tenantChoices(source, "2", null, 2),
                "the chosen site's tenants, whatever their number");
        assertEquals(Map.of(), AuditController.tenantChoices(source, "x", null, 2), "no site of that number");
    }

    @Test
    void theTenantAskedForIsAlwaysOffered() {
        assertEquals(Map.of(T2, "Fabrikam"), AuditController.tenantChoices(new Source(), null, T2, 2));
        assertEquals(
                Map.of(T3, "Tailspin", T1, "Contoso", T2, "Fabrikam"),
                AuditController.tenantChoices(new Source(), "2", T2, 2),
                "also when it is of another site: the form shows what filters the page");
        assertEquals(
                Map.of(UNKNOWN, UNKNOWN),
                AuditController.tenantChoices(new Source(), null, UNKNOWN, 2),
                "a tenant nobody names is offered by its id");
    }
}
