package io.tenantlink.auditing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tenants the grant history's filter offers (AuditController.tenantChoices). */
class TenantChoicesTest {

    private static final String T1 = "11111111-1111-4111-8111-111111111111";
    private static final String T2 = "22222222-2222-4222-8222-222222222222";
    private static final String T3 = "33333333-3333-4333-8333-333333333333";

    private static final AuditNames NAMES = new AuditNames(
            Map.of(1L, "North", 2L, "South"),
            Map.of(T1, "Contoso", T2, "Fabrikam", T3, "Tailspin"),
            Map.of("1/" + T1, 10L, "1/" + T2, 11L, "2/" + T3, 12L, "2/" + T1, 13L),
            Map.of(),
            List.of("chatops"));

    @Test
    void aFewTenantsAreAllOfferedWithoutASite() {
        assertEquals(
                Map.of(T1, "Contoso", T2, "Fabrikam", T3, "Tailspin"),
                AuditController.tenantChoices(NAMES, null, null, 3));
    }

    @Test
    void tooManyTenantsAreOfferedOnlyForTheChosenSite() {
        assertEquals(Map.of(), AuditController.tenantChoices(NAMES, null, null, 2));
        assertEquals(
                Map.of(T3, "Tailspin", T1, "Contoso"),
                AuditController.tenantChoices(NAMES, "2", null, 2),
                "the chosen site's tenants, whatever their number");
    }

    @Test
    void theTenantAskedForIsAlwaysOffered() {
        assertEquals(Map.of(T2, "Fabrikam"), AuditController.tenantChoices(NAMES, null, T2, 2));
        assertEquals(
                Map.of(T3, "Tailspin", T1, "Contoso", T2, "Fabrikam"),
                AuditController.tenantChoices(NAMES, "2", T2, 2),
                "also when it is of another site: the form shows what filters the page");
    }
}
