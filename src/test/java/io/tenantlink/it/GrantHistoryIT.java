package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditOutcome;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.htmlunit.Page;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An auditor of one site works through a grant history of a few thousand records (written straight into the database,
 * chained as the portal chains them, in March 2021 so that the portal's own records of today stay out of the
 * date-bounded checks): each filter against the records it must show, keyset paging to the last page and back, a
 * record page, another site's record, the CSV export checked offline, and the per-site verification.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GrantHistoryIT {

    private static final int RECORDS = 3000;
    private static final int PAGE = 50;
    private static final Instant T0 = Instant.parse("2021-03-01T00:00:00Z");
    private static final String MARCH = "from=2021-03-01&to=2021-03-31";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    /** One inserted record, as the oracle of what each page must show. */
    record Row(
            long seq,
            Instant at,
            String actor,
            AuditAction action,
            AuditOutcome outcome,
            Long site,
            String tenant,
            String subject,
            String detail,
            String hash) {}

    // Written once, by the first test, for all of them (the shared portal keeps them).
    private static final List<Row> rows = new ArrayList<>();
    private static Portal portal;
    private static String auditor;
    private static String marker;
    private static long siteA;
    private static long siteB;
    private static String nameA;
    private static String tenantA;
    private static String tenantB;
    private static long connectionA;

    @BeforeEach
    void history() throws Exception {
        if (!rows.isEmpty()) {
            return;
        }
        portal = new Portal(base);
        auditor = portal.account("grantaudit");
        nameA = Portal.unique("History A ");
        siteA = portal.site(nameA);
        siteB = portal.site(Portal.unique("History B "));
        portal.grant(siteA, auditor, "AUDITOR", null);
        marker = UUID.randomUUID().toString().substring(0, 8);
        tenantA = UUID.randomUUID().toString();
        tenantB = UUID.randomUUID().toString();
        connectionA = insertConnection(siteA, tenantA, "Contoso " + marker);
        insertConnection(siteB, tenantB, "Fabrikam " + marker);
        insertRecords();
    }

    @Test
    void eachFilterShowsExactlyItsRecordsNewestFirst() {
        try (Browser browser = portal.signedIn(auditor)) {
            Map<String, Predicate<Row>> filters = new java.util.LinkedHashMap<>();
            filters.put("site=" + siteA, r -> true);
            filters.put("tenant=" + tenantA.toUpperCase(), r -> tenantA.equals(r.tenant()));
            filters.put("tenant=" + tenantB, r -> false);
            filters.put("app=teams", r -> r.detail().contains("(teams)"));
            filters.put("app=email", r -> r.detail().contains("(feature:email:"));
            filters.put(
                    "app=chatops",
                    r -> r.subject().startsWith("connection ") && !r.detail().contains("feature"));
            filters.put("actor=ZED" + marker, r -> r.actor().equals("portal:zed" + marker));
            filters.put("action=CONSENT_GIVEN", r -> r.action() == AuditAction.CONSENT_GIVEN);
            filters.put("action=LOGOUT", r -> r.action() == AuditAction.LOGOUT);
            filters.put("action=PASSWORD_CHANGED", r -> r.action() == AuditAction.PASSWORD_CHANGED);
            filters.put("outcome=REFUSED", r -> r.outcome() == AuditOutcome.REFUSED);
            filters.put("text=NEEDLE-" + marker, r -> r.detail().contains("needle-" + marker));
            filters.put("text=50%25_off", r -> false);
            filters.forEach((query, expected) -> {
                List<Long> want = expected(expected.and(r -> r.site() != null && r.site() == siteA));
                HtmlPage page = browser.open("/audit?" + MARCH + "&" + query);
                assertEquals(200, page.getWebResponse().getStatusCode(), query);
                assertEquals(want.subList(0, Math.min(PAGE, want.size())), seqs(page), query);
                assertEquals(want.size() > PAGE, page.getElementById("older") != null, query + ": Older link");
                assertNull(page.getElementById("newer"), query + ": no Newer link on the first page");
                if (want.isEmpty()) {
                    assertTrue(page.asNormalizedText().contains("No records match these filters."), query);
                }
            });
            assertEquals(
                    50,
                    expected(r -> r.site() != null && r.site() == siteA && r.action() == AuditAction.LOGOUT)
                            .size(),
                    "exactly one page");

            List<Long> day = expected(r -> r.site() != null
                    && r.site() == siteA
                    && !r.at().isBefore(Instant.parse("2021-03-05T00:00:00Z"))
                    && r.at().isBefore(Instant.parse("2021-03-07T00:00:00Z")));
            assertEquals(day, walk(browser, "/audit?site=" + siteA + "&from=2021-03-05&to=2021-03-06"), "dates");

            HtmlPage named = browser.open("/audit?" + MARCH + "&tenant=" + tenantA);
            assertTrue(named.asNormalizedText().contains("Contoso " + marker), "tenants are named");
            assertFalse(named.asNormalizedText().contains(tenantA), "not shown by id");
            assertFalse(named.asNormalizedText().contains("Fabrikam " + marker), "another site's tenant is no choice");
            assertTrue(named.querySelectorAll("span.badge").size() >= PAGE, "outcomes as badges");
            assertTrue(named.asNormalizedText().contains("Person " + auditor), "people by name");

            HtmlPage teams = browser.open("/audit?" + MARCH + "&app=teams");
            assertTrue(teams.getElementById("audit-records").asNormalizedText().contains("Teams"), "app named");
        }
    }

    @Test
    void keysetPagingReachesTheLastPageAndComesBack() {
        try (Browser browser = portal.signedIn(auditor)) {
            List<Long> all = expected(r -> r.site() != null && r.site() == siteA);
            assertEquals(1200, all.size());
            assertEquals(all, walk(browser, "/audit?site=" + siteA + "&" + MARCH), "every record once, in order");

            // 51 records: a full page, then a page of one.
            List<Long> changed =
                    expected(r -> r.site() != null && r.site() == siteA && r.action() == AuditAction.PASSWORD_CHANGED);
            assertEquals(51, changed.size());
            HtmlPage first = browser.open("/audit?" + MARCH + "&action=PASSWORD_CHANGED");
            Trail.assertTrail(first, "Grant history", Trail.step("Sites", "/sites"));
            HtmlPage second = follow(first, "older");
            assertEquals(changed.subList(50, 51), seqs(second));
            assertNull(second.getElementById("older"), "the last page has no Older link");
            HtmlPage back = follow(second, "newer");
            assertEquals(changed.subList(0, 50), seqs(back), "Newer from the last page: the first page again, full");
            assertNull(back.getElementById("newer"));

            Page bad = browser.openRaw("/audit?before=abc");
            assertEquals(400, bad.getWebResponse().getStatusCode());
            assertTrue(((HtmlPage) bad).asNormalizedText().contains("This page link is not valid"));
            Page badOutcome = browser.openRaw("/audit?outcome=MAYBE&tenant=x");
            assertEquals(400, badOutcome.getWebResponse().getStatusCode());
            assertTrue(((HtmlPage) badOutcome).asNormalizedText().contains("Choose one of the listed"));
        }
    }

    @Test
    void aRecordPageShowsEverythingAndOtherSitesRecordsAreNotFound() throws Exception {
        Row job = rows.stream()
                .filter(r -> r.site() != null && r.site() == siteA && r.detail().contains("(teams)"))
                .reduce((a, b) -> b)
                .orElseThrow();
        try (Browser browser = portal.signedIn(auditor)) {
            HtmlPage page = browser.open("/audit/" + job.seq());
            assertEquals(200, page.getWebResponse().getStatusCode());
            Trail.assertTrail(
                    page,
                    "Grant history record " + job.seq(),
                    Trail.step("Sites", "/sites"),
                    Trail.step("Grant history", "/audit"));
            String text = page.asNormalizedText();
            assertTrue(text.contains("Limited-user grant job started") || text.contains("job"), text);
            assertEquals(job.hash(), page.getElementById("record-hash").asNormalizedText());
            assertEquals(
                    previousHash(job.seq()),
                    page.getElementById("record-previous-hash").asNormalizedText());
            HtmlAnchor tenantLink = page.getElementById("record-tenant").getFirstByXPath(".//a");
            assertNotNull(tenantLink, text);
            assertEquals("/sites/" + siteA + "/chat-tools/teams/" + connectionA, tenantLink.getHrefAttribute());
            assertEquals("Contoso " + marker, tenantLink.asNormalizedText());
            assertTrue(page.getElementById("record-app").asNormalizedText().contains("Teams"), text);
            assertFalse(page.querySelectorAll("#same-tenant li").isEmpty(), "related records of the tenant");

            Row other = rows.stream()
                    .filter(r -> r.site() != null && r.site() == siteB)
                    .findFirst()
                    .orElseThrow();
            Row global = rows.stream().filter(r -> r.site() == null).findFirst().orElseThrow();
            for (long seq : new long[] {other.seq(), global.seq(), 999_999_999L}) {
                assertEquals(
                        404, browser.openRaw("/audit/" + seq).getWebResponse().getStatusCode(), "#" + seq);
            }
        }
    }

    @Test
    void theExportChecksOfflineAndAnEditedCellFails() throws Exception {
        try (Browser browser = portal.signedIn(auditor)) {
            Page csv = browser.openRaw("/audit/export.csv?site=" + siteA + "&" + MARCH);
            assertEquals(200, csv.getWebResponse().getStatusCode());
            String text = csv.getWebResponse().getContentAsString(StandardCharsets.UTF_8);
            OfflineCsvCheck.Result result = OfflineCsvCheck.check(text);
            assertTrue(result.ok(), result.problems().toString());
            assertEquals(1200, result.rows());
            assertEquals(600, result.linksChecked(), "pairs of consecutive records of the site");
            assertTrue(text.contains(",Contoso " + marker + ","), "tenants named");

            String line = java.util.Arrays.stream(text.split("\r\n"))
                    .filter(l -> l.contains("consent given"))
                    .findFirst()
                    .orElseThrow();
            String edited = text.replace(line, line.replaceFirst("consent given", "consent GIVEN"));
            assertFalse(edited.equals(text), line);
            assertFalse(OfflineCsvCheck.check(edited).ok(), "an edited cell fails the check");
        }
    }

    @Test
    void verificationIsPerSiteAndSaysWhatItChecked() throws Exception {
        long siteRecords;
        try (Connection c = TestDatabase.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from audit_record where site_id = " + siteA)) {
            r.next();
            siteRecords = r.getLong(1);
        }
        try (Browser browser = portal.signedIn(auditor)) {
            HtmlPage choice = browser.open("/audit/verify");
            Trail.assertTrail(
                    choice,
                    "Audit chain verification",
                    Trail.step("Sites", "/sites"),
                    Trail.step("Grant history", "/audit"));
            assertNull(choice.getElementById("verify-result"), "an auditor of one site does not verify all sites");
            assertTrue(choice.getElementById("verify-sites").asNormalizedText().contains(nameA));

            HtmlPage result = browser.open("/audit/verify?site=" + siteA);
            String said = result.getElementById("verify-result").asNormalizedText();
            assertTrue(
                    said.startsWith("The records of " + nameA + " are intact: " + siteRecords + " records checked"),
                    said);
            assertTrue(
                    result.getElementById("verify-checked").asNormalizedText().contains("another site"));

            Row victim = rows.stream()
                    .filter(r -> r.site() != null && r.site() == siteA)
                    .skip(7)
                    .findFirst()
                    .orElseThrow();
            Row elsewhere = rows.stream()
                    .filter(r -> r.site() != null && r.site() == siteB)
                    .findFirst()
                    .orElseThrow();
            try {
                setDetail(elsewhere.seq(), "changed in another site");
                assertTrue(
                        browser.open("/audit/verify?site=" + siteA)
                                .getElementById("verify-result")
                                .asNormalizedText()
                                .contains("are intact"),
                        "another site's record is not this site's check");
                setDetail(victim.seq(), "changed");
                String broken = browser.open("/audit/verify?site=" + siteA)
                        .getElementById("verify-result")
                        .asNormalizedText();
                assertTrue(broken.contains("broken at record #" + victim.seq() + "."), broken);
                assertTrue(broken.contains("no longer matches its hash"), broken);
                try (Browser operator = portal.operator()) {
                    long first = Math.min(victim.seq(), elsewhere.seq());
                    String whole = operator.open("/audit/verify")
                            .getElementById("verify-result")
                            .asNormalizedText();
                    assertTrue(
                            whole.startsWith(String.format(
                                    java.util.Locale.ENGLISH,
                                    "The chain is broken at record #%,d. %,d records before it are intact.",
                                    first,
                                    first - 1)),
                            "the whole chain, read in one pass, stops at the first changed record: " + whole);
                }
            } finally {
                setDetail(victim.seq(), victim.detail());
                setDetail(elsewhere.seq(), elsewhere.detail());
            }
            assertEquals(
                    400,
                    browser.openRaw("/audit/verify?site=" + siteB)
                            .getWebResponse()
                            .getStatusCode(),
                    "another site cannot be verified");
        }
        try (Browser operator = portal.operator()) {
            assertTrue(
                    operator.open("/audit/verify")
                            .getElementById("verify-result")
                            .asNormalizedText()
                            .startsWith("The chain is intact"),
                    "the whole chain, for the operator");
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private List<Long> expected(Predicate<Row> which) {
        return rows.stream()
                .filter(which)
                .map(Row::seq)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private static List<Long> seqs(HtmlPage page) {
        List<Long> seqs = new ArrayList<>();
        for (DomNode row : page.querySelectorAll("#audit-records tbody tr")) {
            seqs.add(Long.parseLong(((HtmlElement) row).getAttribute("data-seq")));
        }
        return seqs;
    }

    private static HtmlPage follow(HtmlPage page, String id) {
        try {
            return ((HtmlAnchor) page.getElementById(id)).click();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of a filter, following Older links to the end, checking page sizes. */
    private static List<Long> walk(Browser browser, String first) {
        List<Long> seen = new ArrayList<>();
        HtmlPage page = browser.open(first);
        while (true) {
            List<Long> seqs = seqs(page);
            seen.addAll(seqs);
            if (page.getElementById("older") == null) {
                return seen;
            }
            assertEquals(PAGE, seqs.size(), "pages before the last are full");
            page = follow(page, "older");
            assertNotNull(page.getElementById("newer"), "a later page links back");
        }
    }

    private static long insertConnection(long siteId, String tenantId, String name) throws Exception {
        LocalDateTime t = LocalDateTime.ofInstant(T0, ZoneOffset.UTC);
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO tenant_connection (site_id, tenant_id, tenant_name, status, connected_by,"
                                + " signer_object_id, signer_can_consent, created_at, signed_in_at, disconnected_at,"
                                + " version) VALUES (?, ?, ?, 'DISCONNECTED', 'portal:someone', ?, TRUE, ?, ?, ?, 0)",
                        Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, siteId);
            s.setString(2, tenantId);
            s.setString(3, name);
            s.setString(4, UUID.randomUUID().toString());
            s.setObject(5, t);
            s.setObject(6, t);
            s.setObject(7, t);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Appends the records under the chain head's lock, chained exactly as the portal chains its own. */
    private static void insertRecords() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            long seq;
            String previous;
            try (Statement s = c.createStatement();
                    ResultSet head = s.executeQuery(
                            "select last_seq, last_hash from audit_chain_head where id = 1 for update")) {
                head.next();
                seq = head.getLong(1);
                previous = head.getString(2);
            }
            int siteARecords = 0;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_record (seq, occurred_at, actor,"
                    + " action, outcome, site_id, tenant_id, subject, detail, prev_hash, hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < RECORDS; i++) {
                    seq++;
                    Long site = i % 5 < 2 ? Long.valueOf(siteA) : i % 5 < 4 ? Long.valueOf(siteB) : null;
                    String tenant = site == null ? (i % 10 == 4 ? tenantA : null) : site == siteA ? tenantA : tenantB;
                    AuditAction action;
                    String subject;
                    String detail;
                    if (site != null && site == siteA && siteARecords < 50) {
                        action = AuditAction.LOGOUT;
                        subject = "account zed" + marker;
                        detail = "signed out " + i;
                    } else if (site != null && site == siteA && siteARecords < 101) {
                        action = AuditAction.PASSWORD_CHANGED;
                        subject = "account zed" + marker;
                        detail = "changed " + i;
                    } else {
                        switch (i % 4) {
                            case 0 -> {
                                action = AuditAction.CONSENT_GIVEN;
                                subject = "connection " + connectionA;
                                detail = "consent given " + i;
                            }
                            case 1 -> {
                                action = AuditAction.GRANT_JOB_STARTED;
                                subject = "job " + i;
                                detail = "app 89d5ca9f (teams), 3 users, scopes: Chat.ReadWrite " + i;
                            }
                            case 2 -> {
                                action = AuditAction.APPROVAL_LINK_CREATED;
                                subject = "connection " + connectionA;
                                detail = "link " + i + " (feature:email:2026-12-06.1), expires later";
                            }
                            default -> {
                                action = AuditAction.TENANT_SIGNED_IN;
                                subject = "connection " + connectionA;
                                detail = "Microsoft account megan@contoso; can consent " + i;
                            }
                        }
                    }
                    if (i % 11 == 0) {
                        detail += " needle-" + marker;
                    }
                    if (site != null && site == siteA) {
                        siteARecords++;
                    }
                    AuditOutcome outcome = i % 7 == 0
                            ? AuditOutcome.REFUSED
                            : i % 7 == 1 ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS;
                    String actor = i % 3 == 0 ? "portal:zed" + marker : "portal:" + auditor;
                    Instant at = T0.plusSeconds(600L * i);
                    AuditEntry entry = new AuditEntry(at, actor, action, outcome, site, tenant, subject, detail);
                    String hash = AuditChain.hash(seq, entry, previous);
                    insert.setLong(1, seq);
                    insert.setObject(2, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
                    insert.setString(3, actor);
                    insert.setString(4, action.name());
                    insert.setString(5, outcome.name());
                    insert.setObject(6, site);
                    insert.setString(7, tenant);
                    insert.setString(8, subject);
                    insert.setString(9, detail);
                    insert.setString(10, previous);
                    insert.setString(11, hash);
                    insert.addBatch();
                    rows.add(new Row(seq, at, actor, action, outcome, site, tenant, subject, detail, hash));
                    previous = hash;
                }
                insert.executeBatch();
            }
            try (PreparedStatement head =
                    c.prepareStatement("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1")) {
                head.setLong(1, seq);
                head.setString(2, previous);
                head.executeUpdate();
            }
            c.commit();
        }
    }

    private static String previousHash(long seq) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("select prev_hash from audit_record where seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static void setDetail(long seq, String detail) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("update audit_record set detail = ? where seq = ?")) {
            s.setString(1, detail);
            s.setLong(2, seq);
            assertEquals(1, s.executeUpdate());
        }
    }
}
