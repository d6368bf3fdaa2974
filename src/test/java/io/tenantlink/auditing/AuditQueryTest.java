package io.tenantlink.auditing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grant history's query parameters, checked into a filter, and the keyset cursor. */
class AuditQueryTest {

    private static final Set<Long> READABLE = Set.of(3L, 4L);
    private static final List<String> APPS = List.of("chatops", "email", "teams");

    private static AuditQuery query(String... values) {
        return new AuditQuery(
                values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8]);
    }

    private static AuditQuery only(String name, String value) {
        String[] values = new String[9];
        values[AuditQuery.NAMES.indexOf(name)] = value;
        return query(values);
    }

    private static String refusal(AuditQuery q) {
        return assertThrows(InvalidInputException.class, () -> q.filter(READABLE, false, APPS))
                .messageKey();
    }

    @Test
    void everyFieldBecomesPartOfTheFilter() {
        AuditFilter f = query(
                        " 3 ",
                        "ABCDEF01-2222-3333-4444-555555555555",
                        "email",
                        "sam",
                        "CONSENT_GIVEN",
                        "REFUSED",
                        "2026-01-01",
                        "2026-01-31",
                        " 50% off ")
                .filter(READABLE, true, APPS);
        assertEquals(3L, f.siteId());
        assertEquals("abcdef01-2222-3333-4444-555555555555", f.tenantId(), "tenant ids are kept lower-case");
        assertEquals("email", f.app().key());
        assertEquals("sam", f.actor());
        assertEquals(AuditAction.CONSENT_GIVEN, f.action());
        assertEquals(AuditOutcome.REFUSED, f.outcome());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), f.from());
        assertEquals(Instant.parse("2026-02-01T00:00:00Z"), f.to(), "the To day is included whole");
        assertEquals("50% off", f.text());
        assertEquals(READABLE, f.visibleSites());
        assertTrue(f.includeGlobal());
    }

    @Test
    void aFilterReadingEverySiteReadsSitesItDoesNotListAndRecordsOfNoSiteOnlyWithGlobal() {
        AuditFilter every = AuditFilter.visible(READABLE, false).readingEverySite();
        assertTrue(every.mayRead(999L), "a site made after the list was read");
        assertFalse(every.mayRead(null));
        assertTrue(every.withSubject("connection 1").everySite(), "the record page's related records too");
        assertTrue(every.withTenant("abcdef01-2222-3333-4444-555555555555").everySite());
        assertFalse(AuditFilter.visible(READABLE, true).mayRead(999L), "otherwise only the sites listed");
        assertTrue(AuditFilter.visible(READABLE, true).mayRead(null));
    }

    @Test
    void blankIsAbsent() {
        AuditQuery q = query("", " ", null, "", "", "", "", "", "  ");
        AuditFilter f = q.filter(READABLE, false, APPS);
        assertNull(f.siteId());
        assertNull(f.app());
        assertNull(f.text());
        assertEquals("", q.queryString());
    }

    @Test
    void badValuesAreRefusedWithTheFieldsMessage() {
        assertEquals("audit.error.site", refusal(only("site", "5")));
        assertEquals("audit.error.site", refusal(only("site", "x")));
        assertEquals("audit.error.tenant", refusal(only("tenant", "contoso")));
        assertEquals("audit.error.app", refusal(only("app", "nope")));
        assertEquals("audit.error.action", refusal(only("action", "NOPE")));
        assertEquals("audit.error.outcome", refusal(only("outcome", "MAYBE")));
        assertEquals("audit.error.date", refusal(only("from", "2026-13-01")));
        assertEquals("audit.error.date", refusal(only("to", "yesterday")));
        assertEquals(
                "audit.error.dateOrder",
                refusal(query(null, null, null, null, null, null, "2026-02-02", "2026-02-01", null)));
        assertEquals("audit.error.tooLong", refusal(only("text", "x".repeat(201))));
        assertEquals("audit.error.tooLong", refusal(only("actor", "x".repeat(201))));
    }

    @Test
    void theQueryStringCarriesOnlyWhatWasAskedEncoded() {
        assertEquals(
                "site=3&text=a+%26+b%3D",
                query("3", null, null, null, null, null, null, null, "a & b=").queryString());
    }

    @Test
    void cursors() {
        assertEquals(AuditCursor.NEWEST, AuditCursor.parse(null, " "));
        assertEquals(new AuditCursor(40L, null), AuditCursor.parse("40", null));
        assertEquals(new AuditCursor(null, 7L), AuditCursor.parse("", "7"));
        for (String[] bad : new String[][] {{"0", null}, {"-1", null}, {"x", null}, {null, "1.5"}, {"3", "4"}}) {
            assertEquals(
                    "audit.error.cursor",
                    assertThrows(InvalidInputException.class, () -> AuditCursor.parse(bad[0], bad[1]))
                            .messageKey());
        }
    }
}
