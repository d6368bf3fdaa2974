package io.tenantlink.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.doctor.CheckStatus;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.doctor.ScopeDiff;
import io.tenantlink.ledger.LedgerView.Path;
import io.tenantlink.ledger.LedgerView.Status;
import io.tenantlink.ledger.LedgerView.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GrantLedgerTest {

    static final FeatureCatalog CATALOG = FeatureCatalog.builtIn();
    static final FeatureApp CHATOPS = CATALOG.feature("chatops").orElseThrow();
    static final FeatureApp EMAIL = CATALOG.feature("email").orElseThrow();
    static final String SIGNER = "Megan Bowen (megan.admin@contoso.example)";
    static final Function<String, String> NAMES =
            a -> a.equals("portal:sam") ? "Sam Siteadmin" : a.equals("system") ? "TenantLink (automatic)" : a;

    final List<AuditRecord> records = new ArrayList<>();

    private void record(AuditAction action, AuditOutcome outcome, String actor, String subject, String detail) {
        long seq = records.size() + 1;
        records.add(new AuditRecord(
                seq,
                new AuditEntry(
                        Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60 * seq),
                        actor,
                        action,
                        outcome,
                        7L,
                        "tenant",
                        subject,
                        detail),
                "0".repeat(64)));
    }

    private void signedIn() {
        record(
                AuditAction.TENANT_SIGNED_IN,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "Microsoft account " + SIGNER + "; holds a role that can consent");
    }

    private static FeatureCheck check(String key, CheckStatus status, ScopeDiff delegated, ScopeDiff application) {
        return new FeatureCheck(key, "client", status, delegated, application);
    }

    private static FeatureCheck chatOpsOk() {
        return check(
                "chatops",
                CheckStatus.OK,
                new ScopeDiff(CHATOPS.required(), List.of(), List.of()),
                new ScopeDiff(CHATOPS.application(), List.of(), List.of()));
    }

    private LedgerView build(Map<String, FeatureCheck> checks) {
        Map<String, GrantLedger.Check> last = new java.util.HashMap<>();
        checks.forEach((k, c) -> last.put(k, new GrantLedger.Check(c, Instant.parse("2026-12-02T00:00:00Z"))));
        return GrantLedger.build(CATALOG, records, last, NAMES);
    }

    private static LedgerView.App app(LedgerView ledger, String key) {
        return ledger.apps().stream()
                .filter(a -> a.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static LedgerView.Permission permission(LedgerView ledger, String app, Type type, String name) {
        return app(ledger, app).permissions().stream()
                .filter(p -> p.type() == type && p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " in " + app));
    }

    @Test
    void nothingRecordedNothingCheckedIsEmpty() {
        LedgerView ledger = build(Map.of());
        assertTrue(ledger.empty());
        assertEquals("chatops", ledger.apps().get(0).key(), "ChatOps first");
        assertEquals(CATALOG.features().size(), ledger.apps().size());
        assertEquals(
                Status.NOT_CHECKED,
                permission(ledger, "chatops", Type.DELEGATED, "Chat.Create").status());
    }

    @Test
    void givePermissionGrantsEveryChatOpsPermissionBySignerAskedForByTheAccount() {
        signedIn();
        record(AuditAction.CONSENT_GIVEN, AuditOutcome.SUCCESS, "portal:sam", "connection 3", "admin consent returned");
        record(
                AuditAction.CONSENT_CONFIRMED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "admin consent given by the signed-in admin");
        LedgerView ledger = build(Map.of("chatops", chatOpsOk()));
        assertFalse(ledger.empty());
        for (String scope : CHATOPS.required()) {
            LedgerView.Permission p = permission(ledger, "chatops", Type.DELEGATED, scope);
            assertEquals(Status.HOLDS, p.status(), scope);
            assertEquals(1, p.history().size());
            LedgerView.Event e = p.history().get(0);
            assertEquals(Path.GIVE_PERMISSION, e.path());
            assertEquals(SIGNER, e.who());
            assertEquals("Sam Siteadmin", e.onBehalfOf());
            assertEquals(3L, e.seq());
        }
        LedgerView.Permission app = permission(ledger, "chatops", Type.APPLICATION, "Chat.Create");
        assertEquals(Path.GIVE_PERMISSION, app.history().get(0).path());
        assertTrue(
                app(ledger, "chatops").permissions().stream()
                        .noneMatch(p -> p.name().equals("openid") || p.name().equals("offline_access")),
                "sign-in scopes are no Graph permissions");
    }

    @Test
    void consentInPlaceAtSignInIsItsOwnPath() {
        signedIn();
        record(
                AuditAction.CONSENT_CONFIRMED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "consent already in place at sign-in");
        LedgerView.Event e = permission(build(Map.of()), "chatops", Type.DELEGATED, "Chat.Read")
                .history()
                .get(0);
        assertEquals(Path.IN_PLACE_AT_SIGN_IN, e.path());
        assertEquals(SIGNER, e.who());
    }

    @Test
    void approvalLinkNamesTheApproverAndWhoSharedItAndTheConfirmationIsNotASecondGrant() {
        signedIn();
        record(
                AuditAction.APPROVAL_LINK_CREATED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "link 9 (chatops-2026-12b), expires 2026-12-09T10:00:00Z");
        record(
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                "Adele Vance (adele@contoso.example)",
                "connection 3",
                "link 9 (chatops-2026-12b)");
        record(
                AuditAction.CONSENT_CONFIRMED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "approved through a link by Adele Vance (adele@contoso.example)");
        LedgerView.Permission p = permission(build(Map.of()), "chatops", Type.APPLICATION, "User.Read.All");
        assertEquals(1, p.history().size());
        LedgerView.Event e = p.history().get(0);
        assertEquals(Path.APPROVAL_LINK, e.path());
        assertEquals("Adele Vance (adele@contoso.example)", e.who());
        assertEquals("Sam Siteadmin", e.onBehalfOf());
        assertEquals(3L, e.seq());
    }

    @Test
    void featureLinkGrantsTheFeaturesScopesOnlyWithOptionalWhenAsked() {
        FeatureApp meetings = CATALOG.feature("meetings").orElseThrow();
        record(
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                "Adele Vance",
                "connection 3",
                "link 4 (feature:meetings:" + CATALOG.version() + ")");
        LedgerView ledger = build(Map.of());
        assertEquals(
                Path.APPROVAL_LINK,
                permission(
                                ledger,
                                "meetings",
                                Type.DELEGATED,
                                meetings.required().get(0))
                        .history()
                        .get(0)
                        .path());
        assertTrue(permission(
                        ledger, "meetings", Type.DELEGATED, meetings.optional().get(0))
                .history()
                .isEmpty());
        assertTrue(permission(ledger, "chatops", Type.DELEGATED, "Chat.Create")
                .history()
                .isEmpty());
    }

    @Test
    void aConsentAheadLinkGrantsWhatItAskedForAndTheDoctorSeeingItGainedIsNotFoundOutside() {
        FeatureApp todo = CATALOG.feature("todo").orElseThrow();
        record(
                AuditAction.APPROVAL_LINK_CREATED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "link 12 (feature:todo:2027-01-15.1:ahead), expires 2027-01-08T10:00:00Z");
        record(
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.SUCCESS,
                "Adele Vance",
                "connection 3",
                "link 12 (feature:todo:2027-01-15.1:ahead); asked for: Tasks.Read.Shared app:Tasks.Read.All");
        record(
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.SUCCESS,
                "consent doctor (after a consent ahead)",
                "connection 3",
                "feature todo: OK → OK; delegated extra: Tasks.Read.Shared; gained: Tasks.Read.Shared");
        List<String> required = new ArrayList<>(todo.required());
        LedgerView ledger = build(Map.of(
                "todo",
                check(
                        "todo",
                        CheckStatus.OK,
                        new ScopeDiff(required, List.of(), List.of("Tasks.Read.Shared")),
                        new ScopeDiff(List.of(), List.of(), List.of()))));
        LedgerView.Permission shared = permission(ledger, "todo", Type.DELEGATED, "Tasks.Read.Shared");
        assertEquals(Status.EXTRA, shared.status(), "not in today's catalog, held");
        assertEquals(1, shared.history().size(), "the link's grant only: " + shared.history());
        assertEquals(Path.APPROVAL_LINK, shared.history().get(0).path());
        assertEquals("Adele Vance", shared.history().get(0).who());
        assertEquals("Sam Siteadmin", shared.history().get(0).onBehalfOf());
        LedgerView.Permission app = permission(ledger, "todo", Type.APPLICATION, "Tasks.Read.All");
        assertEquals(Path.APPROVAL_LINK, app.history().get(0).path());
        // Today's required scopes were not asked for by the link: it grants only what it names.
        assertTrue(permission(ledger, "todo", Type.DELEGATED, todo.required().get(0)).history().stream()
                .noneMatch(e -> e.path() == Path.APPROVAL_LINK));
    }

    @Test
    void failedAndRefusedRecordsGrantNothing() {
        record(
                AuditAction.APPROVAL_LINK_APPROVED,
                AuditOutcome.REFUSED,
                "Adele Vance",
                "connection 3",
                "link 9 (chatops-2026-12b)");
        record(
                AuditAction.GRANT_CREATED,
                AuditOutcome.FAILURE,
                "portal:sam",
                "user u1",
                "app client (email), job 5: scopes '' -> 'User.Read'");
        assertTrue(build(Map.of()).empty());
    }

    @Test
    void aJobIsOneEventPerPermissionCountingItsUsersAndOnlyScopesItAdded() {
        record(
                AuditAction.GRANT_CREATED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "user u1",
                "app client (email), job 5: scopes '' -> 'openid User.Read People.Read'");
        record(
                AuditAction.GRANT_UPDATED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "user u2",
                "app client (email), job 5: scopes 'People.Read' -> 'User.Read People.Read'");
        LedgerView ledger = build(Map.of());
        LedgerView.Event userRead = permission(ledger, "email", Type.DELEGATED, "User.Read")
                .history()
                .get(0);
        assertEquals(Path.CHOSEN_USERS, userRead.path());
        assertEquals(2, userRead.users());
        assertEquals(5L, userRead.job());
        assertEquals(1L, userRead.seq(), "links to the job's first grant");
        assertEquals("Sam Siteadmin", userRead.who());
        LedgerView.Event people = permission(ledger, "email", Type.DELEGATED, "People.Read")
                .history()
                .get(0);
        assertEquals(1, people.users(), "the second user had it already");
        assertTrue(app(ledger, "email").permissions().stream()
                .noneMatch(p -> p.name().equals("openid")));
    }

    @Test
    void driftLostIsFoundRemovedAndGainedAfterALossIsFoundOutsideTenantLink() {
        signedIn();
        record(AuditAction.CONSENT_CONFIRMED, AuditOutcome.SUCCESS, "portal:sam", "connection 3", "admin consent");
        record(
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.FAILURE,
                "system",
                "connection 3",
                "feature chatops: OK → MISSING; delegated missing: Chat.Create; lost: Chat.Create");
        record(
                AuditAction.CONSENT_DRIFT,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "feature chatops: MISSING; delegated missing: Chat.Create → OK; gained: Chat.Create User.Read");
        LedgerView ledger = build(Map.of("chatops", chatOpsOk()));
        List<LedgerView.Event> chatCreate =
                permission(ledger, "chatops", Type.DELEGATED, "Chat.Create").history();
        assertEquals(
                List.of(Path.GIVE_PERMISSION, Path.FOUND_REMOVED, Path.FOUND_OUTSIDE),
                chatCreate.stream().map(LedgerView.Event::path).toList());
        assertEquals("TenantLink (automatic)", chatCreate.get(1).who());
        assertNull(chatCreate.get(2).who(), "who granted it outside TenantLink is not known");
        assertEquals(
                List.of(Path.GIVE_PERMISSION),
                permission(ledger, "chatops", Type.DELEGATED, "User.Read").history().stream()
                        .map(LedgerView.Event::path)
                        .toList(),
                "gained while TenantLink's grant holds: that grant, not a new one");
    }

    @Test
    void revokedApplicationPermissionsAreMissingAndDisconnectRemovalIsRecorded() {
        signedIn();
        record(AuditAction.CONSENT_CONFIRMED, AuditOutcome.SUCCESS, "portal:sam", "connection 3", "admin consent");
        record(
                AuditAction.CONSENT_REVOKED,
                AuditOutcome.FAILURE,
                "system",
                "connection 3",
                "feature chatops: OK → MISSING; application missing: Chat.Create; lost: app:Chat.Create");
        record(
                AuditAction.CONSENT_REMOVED,
                AuditOutcome.SUCCESS,
                "portal:sam",
                "connection 3",
                "12 delegated grant(s) and 3 application permission(s) of the ChatOps app removed from the tenant");
        FeatureCheck after = check(
                "chatops",
                CheckStatus.MISSING,
                new ScopeDiff(CHATOPS.required(), List.of(), List.of()),
                new ScopeDiff(
                        CHATOPS.application().stream()
                                .filter(a -> !a.equals("Chat.Create"))
                                .toList(),
                        List.of("Chat.Create"),
                        List.of()));
        LedgerView.Permission p =
                permission(build(Map.of("chatops", after)), "chatops", Type.APPLICATION, "Chat.Create");
        assertEquals(Status.MISSING, p.status());
        assertEquals(
                List.of(Path.GIVE_PERMISSION, Path.FOUND_REMOVED, Path.REMOVED_THROUGH_TENANTLINK),
                p.history().stream().map(LedgerView.Event::path).toList());
        assertEquals("Sam Siteadmin", p.history().get(2).who());
    }

    @Test
    void heldWithNoRecordIsFoundOutsideTenantLinkAndExtrasGetTheirOwnLines() {
        FeatureCheck email = check(
                "email",
                CheckStatus.MISSING,
                new ScopeDiff(List.of("User.Read"), List.of("People.Read"), List.of("Files.Read", "email")),
                ScopeDiff.EMPTY);
        FeatureCheck todo = check(
                "todo",
                CheckStatus.NOT_INSTALLED,
                new ScopeDiff(List.of(), CATALOG.feature("todo").orElseThrow().required(), List.of()),
                ScopeDiff.EMPTY);
        LedgerView ledger = build(Map.of("email", email, "todo", todo));
        LedgerView.Permission userRead = permission(ledger, "email", Type.DELEGATED, "User.Read");
        assertEquals(Status.HOLDS, userRead.status());
        LedgerView.Event found = userRead.history().get(0);
        assertEquals(Path.FOUND_OUTSIDE, found.path());
        assertNull(found.seq(), "no record: the check saw it");
        assertEquals(Instant.parse("2026-12-02T00:00:00Z"), found.at());
        assertEquals(
                Status.MISSING,
                permission(ledger, "email", Type.DELEGATED, "People.Read").status());
        LedgerView.Permission extra = permission(ledger, "email", Type.DELEGATED, "Files.Read");
        assertEquals(Status.EXTRA, extra.status());
        assertFalse(extra.inCatalog());
        assertTrue(app(ledger, "email").permissions().stream()
                .noneMatch(p -> p.name().equals("email")));
        assertEquals(LedgerView.Installed.NOT_INSTALLED, app(ledger, "todo").installed());
        app(ledger, "todo").permissions().forEach(p -> assertEquals(Status.NOT_GRANTED, p.status(), p.name()));
        assertEquals(
                Status.NOT_CHECKED,
                permission(ledger, "chatops", Type.DELEGATED, "Chat.Read").status());
        assertTrue(ledger.checked());
    }

    @Test
    void accountsAreThePortalActors() {
        signedIn();
        record(AuditAction.APPROVAL_LINK_APPROVED, AuditOutcome.SUCCESS, "Adele", "connection 3", "link 1 (x)");
        assertEquals(Set.of("sam"), GrantLedger.accounts(records));
        assertEquals(
                "Megan Bowen (m@x)",
                GrantLedger.signerOf("Microsoft account Megan Bowen (m@x); cannot consent")
                        .orElseThrow());
    }
}
