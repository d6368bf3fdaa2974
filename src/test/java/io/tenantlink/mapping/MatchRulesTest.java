package io.tenantlink.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchRulesTest {

    static final String A = "00000000-0000-4000-8000-00000000000a";
    static final String B = "00000000-0000-4000-8000-00000000000b";
    static final String C = "00000000-0000-4000-8000-00000000000c";

    static DirectoryEntry user(String id, String mail, String upn, List<String> other, List<String> proxies) {
        return DirectoryEntry.of(
                id, "User " + id.substring(id.length() - 1), mail, upn, other, proxies, "Member", true);
    }

    static DirectoryEntry user(String id, String mail) {
        return user(id, mail, null, List.of(), List.of());
    }

    static Set<String> person(String email, String... alternatives) {
        return MatchRules.personKeys(email, List.of(alternatives));
    }

    @Test
    void mailMatchesWhateverTheCase() {
        MappingOutcome o =
                MatchRules.decide(person("Lee@Contoso.example"), List.of(user(A, "lee@CONTOSO.example")), null);
        assertEquals(MappingKind.MAPPED, o.kind());
        assertEquals(A, o.user().orElseThrow().objectId());
        assertEquals(MatchRules.REASON_MAPPED, o.reasonKey());
    }

    @Test
    void userPrincipalNameOtherMailsAndAlternativeAddressesMatch() {
        DirectoryEntry byUpn = user(A, "x@contoso.example", "Lee@contoso.example", List.of(), List.of());
        assertEquals(
                MappingKind.MAPPED,
                MatchRules.decide(person("lee@contoso.example"), List.of(byUpn), null)
                        .kind());
        DirectoryEntry byOther = user(B, null, "b@contoso.example", List.of("Home@Example.org"), List.of());
        assertEquals(
                B,
                MatchRules.decide(person("work@example.net", "home@example.org"), List.of(byOther), null)
                        .user()
                        .orElseThrow()
                        .objectId());
    }

    @Test
    void proxyAddressesSmtpInAnyCaseOthersIgnored() {
        DirectoryEntry u = user(
                A,
                "adele.vance@contoso.example",
                "adele@contoso.example",
                List.of(),
                List.of(
                        "SMTP:Primary@Contoso.example",
                        "smtp:av@contoso.example",
                        "Smtp:mixed@contoso.example",
                        "x500:/o=ExchangeLabs/cn=Recipients/cn=xyz@contoso.example",
                        "sip:sip@contoso.example",
                        "smtp:"));
        assertEquals(
                Set.of(
                        "adele.vance@contoso.example",
                        "adele@contoso.example",
                        "primary@contoso.example",
                        "av@contoso.example",
                        "mixed@contoso.example"),
                u.addressKeys());
        assertEquals(
                MappingKind.MAPPED,
                MatchRules.decide(person("AV@contoso.example"), List.of(u), null)
                        .kind());
        assertEquals(
                MappingKind.MAPPED,
                MatchRules.decide(person("primary@contoso.example"), List.of(u), null)
                        .kind());
        assertEquals(
                MappingKind.UNMATCHED,
                MatchRules.decide(person("sip@contoso.example"), List.of(u), null)
                        .kind());
        assertEquals(
                MappingKind.UNMATCHED,
                MatchRules.decide(person("/o=exchangelabs/cn=recipients/cn=xyz@contoso.example"), List.of(u), null)
                        .kind());
    }

    @Test
    void noUserWithTheAddresses() {
        MappingOutcome o =
                MatchRules.decide(person("nobody@contoso.example"), List.of(user(A, "lee@contoso.example")), null);
        assertEquals(MappingKind.UNMATCHED, o.kind());
        assertEquals(MatchRules.REASON_NO_USER, o.reasonKey());
        assertTrue(o.user().isEmpty());
        assertEquals(
                MappingKind.UNMATCHED,
                MatchRules.decide(person("a@b.example"), List.of(), null).kind());
    }

    @Test
    void guestsNeverMatch() {
        DirectoryEntry guest = DirectoryEntry.of(
                A,
                "Guest",
                "guest@fabrikam.example",
                "guest#EXT#@contoso.example",
                List.of(),
                List.of(),
                "Guest",
                true);
        assertTrue(guest.guest());
        MappingOutcome o = MatchRules.decide(person("GUEST@fabrikam.example"), List.of(guest), null);
        assertEquals(MappingKind.UNMATCHED, o.kind());
        assertEquals(MatchRules.REASON_ONLY_GUEST, o.reasonKey());
        // a guest beside a member: the member is the one match, not an ambiguity
        MappingOutcome beside = MatchRules.decide(
                person("guest@fabrikam.example"), List.of(guest, user(B, "guest@fabrikam.example")), null);
        assertEquals(MappingKind.MAPPED, beside.kind());
        assertEquals(B, beside.user().orElseThrow().objectId());
        assertTrue(DirectoryEntry.of(A, "g", null, null, null, null, " guest ", true)
                .guest());
        assertFalse(
                DirectoryEntry.of(A, "m", null, null, null, null, null, true).guest());
    }

    @Test
    void disabledAccountsNeverMatch() {
        DirectoryEntry off = DirectoryEntry.of(A, "Lee", "lee@contoso.example", null, null, null, "Member", false);
        MappingOutcome o = MatchRules.decide(person("lee@contoso.example"), List.of(off), null);
        assertEquals(MappingKind.UNMATCHED, o.kind());
        assertEquals(MatchRules.REASON_ONLY_DISABLED, o.reasonKey());
        MappingOutcome beside =
                MatchRules.decide(person("lee@contoso.example"), List.of(off, user(B, "lee@contoso.example")), null);
        assertEquals(B, beside.user().orElseThrow().objectId());
        assertTrue(
                DirectoryEntry.of(A, "n", null, null, null, null, null, null).enabled(), "unknown counts as enabled");
    }

    @Test
    void twoUsersAreAmbiguousWithTheCandidatesNeverAGuess() {
        DirectoryEntry one = user(B, "lee@contoso.example");
        DirectoryEntry two = user(A, "other@contoso.example", null, List.of("LEE@home.example"), List.of());
        MappingOutcome o =
                MatchRules.decide(person("lee@contoso.example", "lee@home.example"), List.of(one, two), null);
        assertEquals(MappingKind.AMBIGUOUS, o.kind());
        assertEquals(MatchRules.REASON_AMBIGUOUS, o.reasonKey());
        assertTrue(o.user().isEmpty());
        assertEquals(
                List.of(A, B), o.candidates().stream().map(MappedUser::objectId).toList());
    }

    @Test
    void oneUserMatchingByTwoAddressesIsOneMatch() {
        DirectoryEntry u =
                user(A, "lee@contoso.example", "lee@contoso.example", List.of("lee@home.example"), List.of());
        MappingOutcome o = MatchRules.decide(person("lee@contoso.example", "lee@home.example"), List.of(u, u), null);
        assertEquals(MappingKind.MAPPED, o.kind());
    }

    @Test
    void overrideWinsOverAutomaticMatching() {
        DirectoryEntry auto = user(A, "lee@contoso.example");
        DirectoryEntry chosen = user(C, "someone@contoso.example");
        MappingOutcome o = MatchRules.decide(person("lee@contoso.example"), List.of(auto, chosen), C);
        assertEquals(MappingKind.OVERRIDE, o.kind());
        assertEquals(MatchRules.REASON_OVERRIDE, o.reasonKey());
        assertEquals(C, o.user().orElseThrow().objectId());
        assertFalse(o.needsAttention());
        // also where automatic matching would be ambiguous
        MappingOutcome amb = MatchRules.decide(
                person("lee@contoso.example"), List.of(auto, user(B, "lee@contoso.example"), chosen), C.toUpperCase());
        assertEquals(C, amb.user().orElseThrow().objectId());
    }

    @Test
    void overrideOfARemovedOrDisabledUserNeedsAttention() {
        MappingOutcome removed =
                MatchRules.decide(person("lee@contoso.example"), List.of(user(A, "lee@contoso.example")), C);
        assertEquals(MappingKind.OVERRIDE, removed.kind());
        assertEquals(MatchRules.REASON_OVERRIDE_REMOVED, removed.reasonKey());
        assertTrue(removed.user().isEmpty());
        assertTrue(removed.needsAttention());
        DirectoryEntry off = DirectoryEntry.of(C, "Off", "off@contoso.example", null, null, null, "Member", false);
        MappingOutcome disabled = MatchRules.decide(person("lee@contoso.example"), List.of(off), C);
        assertEquals(MatchRules.REASON_OVERRIDE_DISABLED, disabled.reasonKey());
        assertTrue(disabled.needsAttention());
    }

    @Test
    void overrideOfAGuestIsTheAdminsChoice() {
        DirectoryEntry guest = DirectoryEntry.of(C, "Guest", "g@fabrikam.example", null, null, null, "Guest", true);
        MappingOutcome o = MatchRules.decide(person("lee@contoso.example"), List.of(guest), C);
        assertEquals(C, o.user().orElseThrow().objectId());
    }

    @Test
    void personKeysAreLowerCaseWithoutRepeats() {
        assertEquals(
                Set.of("a@b.example", "c@d.example"),
                MatchRules.personKeys("A@B.example", List.of("a@b.EXAMPLE", " C@d.example ")));
        assertEquals(MappingKind.NOT_SYNCED, MappingOutcome.notSynced().kind());
    }
}
