package io.tenantlink.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.audit.AuditChain.Problem;
import io.tenantlink.audit.AuditChain.StoredRecord;
import io.tenantlink.audit.AuditChain.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final int N = 5;
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00.123456Z");

    private static AuditEntry entry(int i) {
        return new AuditEntry(
                T0.plusSeconds(i),
                "alice",
                AuditAction.values()[i % AuditAction.values().length],
                AuditOutcome.SUCCESS,
                i % 2 == 0 ? null : (long) i,
                i % 2 == 0 ? null : "tenant-" + i,
                "subject " + i,
                "detail " + i);
    }

    /** A chain as the writer builds it: seq 1..n, each record linked to the hash of the one before. */
    private static List<StoredRecord> chain(int n) {
        List<StoredRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS_HASH;
        for (int seq = 1; seq <= n; seq++) {
            AuditEntry e = entry(seq);
            String hash = AuditChain.hash(seq, e, previous);
            records.add(new StoredRecord(seq, e, previous, hash));
            previous = hash;
        }
        return records;
    }

    /** Verifies as the verification page does, against the head that was written with the full chain. */
    private static Verification verify(List<StoredRecord> records, long headSeq, String headHash) {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        for (StoredRecord r : records) {
            verifier.accept(r);
        }
        return verifier.finish(headSeq, headHash);
    }

    private static Verification verifyAgainstOriginalHead(List<StoredRecord> tampered) {
        List<StoredRecord> original = chain(N);
        StoredRecord last = original.get(N - 1);
        return verify(tampered, last.seq(), last.hash());
    }

    private static StoredRecord withEntry(StoredRecord r, AuditEntry e) {
        return new StoredRecord(r.seq(), e, r.previousHash(), r.hash());
    }

    private static AuditEntry withDetail(AuditEntry e, String detail) {
        return new AuditEntry(
                e.occurredAt(), e.actor(), e.action(), e.outcome(), e.siteId(), e.tenantId(), e.subject(), detail);
    }

    // --- verification ---------------------------------------------------------------------

    @Test
    void untouchedChainIsIntact() {
        List<StoredRecord> records = chain(N);
        Verification v = verifyAgainstOriginalHead(records);
        assertTrue(v.intact());
        assertEquals(N, v.recordsChecked());
        assertNull(v.firstBrokenSeq());
        assertNull(v.problem());
    }

    @Test
    void eachIntactRecordIsAccepted() {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        for (StoredRecord r : chain(N)) {
            assertTrue(verifier.accept(r), "record " + r.seq());
        }
    }

    @Test
    void emptyChainWithFreshHeadIsIntact() {
        Verification v = verify(List.of(), 0, AuditChain.GENESIS_HASH);
        assertTrue(v.intact());
        assertEquals(0, v.recordsChecked());
    }

    @Test
    void changedDetailIsFoundAtThatRecord() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        StoredRecord third = records.get(2);
        records.set(2, withEntry(third, withDetail(third.entry(), "detail 3 (edited)")));

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(3L, v.firstBrokenSeq());
        assertEquals(Problem.CONTENT_MISMATCH, v.problem());
        assertEquals(2, v.recordsChecked());
    }

    @Test
    void aRecordWhoseStoredFieldsAreNoEntryIsFoundAtThatRecord() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        records.set(3, withEntry(records.get(3), null));

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(4L, v.firstBrokenSeq());
        assertEquals(Problem.CONTENT_MISMATCH, v.problem());
        assertEquals(3, v.recordsChecked());
    }

    @Test
    void verifierStopsAtTheFirstBreak() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        StoredRecord third = records.get(2);
        records.set(2, withEntry(third, withDetail(third.entry(), "x")));
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        assertTrue(verifier.accept(records.get(0)));
        assertTrue(verifier.accept(records.get(1)));
        assertFalse(verifier.accept(records.get(2)));
        assertFalse(verifier.accept(records.get(3)), "records after a break are not examined");
        Verification v = verifier.finish(N, records.get(N - 1).hash());
        assertEquals(3L, v.firstBrokenSeq());
        assertEquals(Problem.CONTENT_MISMATCH, v.problem(), "finish keeps the first problem found");
    }

    @Test
    void removedMiddleRecordIsFoundAtTheNextOne() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        records.remove(2); // seq 3

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(4L, v.firstBrokenSeq());
        assertEquals(Problem.MISSING_BEFORE, v.problem());
        assertEquals(2, v.recordsChecked());
    }

    @Test
    void removedFirstRecordIsFound() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        records.remove(0);

        Verification v = verifyAgainstOriginalHead(records);
        assertEquals(2L, v.firstBrokenSeq());
        assertEquals(Problem.MISSING_BEFORE, v.problem());
        assertEquals(0, v.recordsChecked());
    }

    @Test
    void removedLastRecordIsFoundThroughTheHead() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        records.remove(N - 1);

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(Problem.MISSING_AT_END, v.problem());
        assertEquals((long) N, v.firstBrokenSeq());
        assertEquals(N - 1, v.recordsChecked());
    }

    @Test
    void headWithOtherHashAtTheSameSeqIsMissingAtEnd() {
        List<StoredRecord> records = chain(N);
        Verification v = verify(records, N, "f".repeat(64));
        assertFalse(v.intact());
        assertEquals(Problem.MISSING_AT_END, v.problem());
    }

    @Test
    void alteredLinkWithRecomputedHashIsALinkMismatch() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        StoredRecord third = records.get(2);
        String forgedPrevious = "a".repeat(64);
        records.set(
                2,
                new StoredRecord(3, third.entry(), forgedPrevious, AuditChain.hash(3, third.entry(), forgedPrevious)));

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(3L, v.firstBrokenSeq());
        assertEquals(Problem.LINK_MISMATCH, v.problem());
        assertEquals(2, v.recordsChecked());
    }

    @Test
    void rewrittenRecordWithRecomputedHashBreaksTheNextLink() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        StoredRecord third = records.get(2);
        AuditEntry forged = withDetail(third.entry(), "forged");
        records.set(
                2, new StoredRecord(3, forged, third.previousHash(), AuditChain.hash(3, forged, third.previousHash())));

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(4L, v.firstBrokenSeq());
        assertEquals(Problem.LINK_MISMATCH, v.problem());
    }

    @Test
    void swappedRecordsAreFound() {
        List<StoredRecord> records = new ArrayList<>(chain(N));
        StoredRecord third = records.get(2);
        records.set(2, records.get(3));
        records.set(3, third);

        Verification v = verifyAgainstOriginalHead(records);
        assertFalse(v.intact());
        assertEquals(4L, v.firstBrokenSeq());
        assertEquals(Problem.MISSING_BEFORE, v.problem());
    }

    @Test
    void storedAuditRecordVerifiesEvenWithANanosecondTimestamp() {
        Instant withNanos = Instant.parse("2025-03-01T09:00:00.123456789Z");
        AuditEntry e = new AuditEntry(
                withNanos, "bob", AuditAction.LOGIN_SUCCEEDED, AuditOutcome.SUCCESS, null, null, "bob", null);
        AuditRecord first = new AuditRecord(1, e, AuditChain.GENESIS_HASH);
        AuditRecord second = new AuditRecord(2, entry(2), first.getHash());

        assertEquals(Instant.parse("2025-03-01T09:00:00.123456Z"), first.getOccurredAt());
        Verification v = verify(List.of(first.stored(), second.stored()), 2, second.getHash());
        assertTrue(v.intact());
        assertEquals(2, v.recordsChecked());
    }

    // --- hashing --------------------------------------------------------------------------

    private static final AuditEntry BASE = new AuditEntry(
            T0,
            "alice",
            AuditAction.ROLE_ASSIGNED,
            AuditOutcome.SUCCESS,
            7L,
            "tenant-1",
            "bob",
            "site admin on Contoso");

    private static String hashOf(AuditEntry e) {
        return AuditChain.hash(4, e, "b".repeat(64));
    }

    private static AuditEntry copy(AuditEntry e, UnaryOperator<Object[]> change) {
        Object[] f = {
            e.occurredAt(), e.actor(), e.action(), e.outcome(), e.siteId(), e.tenantId(), e.subject(), e.detail()
        };
        f = change.apply(f);
        return new AuditEntry(
                (Instant) f[0],
                (String) f[1],
                (AuditAction) f[2],
                (AuditOutcome) f[3],
                (Long) f[4],
                (String) f[5],
                (String) f[6],
                (String) f[7]);
    }

    private static AuditEntry with(int index, Object value) {
        return copy(BASE, f -> {
            f[index] = value;
            return f;
        });
    }

    @Test
    void hashIsStableSha256Hex() {
        String h = hashOf(BASE);
        assertEquals(h, hashOf(copy(BASE, f -> f)));
        assertTrue(h.matches("[0-9a-f]{64}"), h);
        assertEquals(64, AuditChain.GENESIS_HASH.length());
        assertTrue(AuditChain.GENESIS_HASH.matches("0{64}"));
    }

    @Test
    void hashChangesWithEverySingleField() {
        String base = hashOf(BASE);
        assertNotEquals(base, hashOf(with(0, T0.plusNanos(1000))), "timestamp");
        assertNotEquals(base, hashOf(with(1, "alicE")), "actor");
        assertNotEquals(base, hashOf(with(2, AuditAction.ROLE_REMOVED)), "action");
        assertNotEquals(base, hashOf(with(3, AuditOutcome.FAILURE)), "outcome");
        assertNotEquals(base, hashOf(with(4, 8L)), "siteId");
        assertNotEquals(base, hashOf(with(5, "tenant-2")), "tenantId");
        assertNotEquals(base, hashOf(with(6, "bob2")), "subject");
        assertNotEquals(base, hashOf(with(7, "site admin on Contoso.")), "detail");
        assertNotEquals(base, AuditChain.hash(5, BASE, "b".repeat(64)), "seq");
        assertNotEquals(base, AuditChain.hash(4, BASE, "c".repeat(64)), "previous hash");
    }

    @Test
    void missingSiteDiffersFromSiteZero() {
        assertNotEquals(hashOf(with(4, null)), hashOf(with(4, 0L)));
    }

    @Test
    void nullDiffersFromEmptyString() {
        assertNotEquals(hashOf(with(5, null)), hashOf(with(5, "")), "tenantId");
        assertNotEquals(hashOf(with(6, null)), hashOf(with(6, "")), "subject");
        assertNotEquals(hashOf(with(7, null)), hashOf(with(7, "")), "detail");
        assertNotEquals(hashOf(with(1, "")), hashOf(BASE));
    }

    @Test
    void textMovedBetweenFieldsChangesTheHash() {
        AuditEntry a = copy(BASE, f -> {
            f[6] = "ab";
            f[7] = "c";
            return f;
        });
        AuditEntry b = copy(BASE, f -> {
            f[6] = "a";
            f[7] = "bc";
            return f;
        });
        AuditEntry c = copy(BASE, f -> {
            f[6] = "a|";
            f[7] = "c";
            return f;
        });
        AuditEntry d = copy(BASE, f -> {
            f[6] = "a";
            f[7] = "|c";
            return f;
        });
        assertNotEquals(hashOf(a), hashOf(b));
        assertNotEquals(hashOf(c), hashOf(d));
    }

    @Test
    void timestampsAreHashedToTheMicrosecond() {
        Instant micros = Instant.parse("2025-03-01T09:00:00.123456Z");
        Instant nanos = Instant.parse("2025-03-01T09:00:00.123456789Z");
        assertEquals(hashOf(with(0, micros)), hashOf(with(0, nanos)));
        assertNotEquals(hashOf(with(0, micros)), hashOf(with(0, micros.plusNanos(1000))));
        assertEquals(micros, AuditChain.normalise(nanos));
        assertEquals(micros, AuditChain.normalise(micros));
    }

    // --- AuditEntry -----------------------------------------------------------------------

    @Test
    void entryClipsLongSubjectAndDetail() {
        String subject = "s".repeat(300);
        String detail = "d".repeat(2500);
        AuditEntry e =
                new AuditEntry(T0, "alice", AuditAction.SITE_CREATED, AuditOutcome.SUCCESS, 1L, null, subject, detail);
        assertEquals(subject.substring(0, 255), e.subject());
        assertEquals(detail.substring(0, 2000), e.detail());
    }

    @Test
    void entryKeepsValuesAtTheLimitAndNulls() {
        String subject = "s".repeat(255);
        String detail = "d".repeat(2000);
        AuditEntry e = new AuditEntry(
                T0, "alice", AuditAction.SITE_CREATED, AuditOutcome.SUCCESS, null, null, subject, detail);
        assertEquals(subject, e.subject());
        assertEquals(detail, e.detail());
        AuditEntry empty =
                new AuditEntry(T0, "alice", AuditAction.LOGOUT, AuditOutcome.SUCCESS, null, null, null, null);
        assertNull(empty.subject());
        assertNull(empty.detail());
    }

    @Test
    void clippedEntryHashesLikeTheClippedText() {
        AuditEntry longOne = with(7, "d".repeat(2500));
        AuditEntry clipped = with(7, "d".repeat(2000));
        assertEquals(hashOf(clipped), hashOf(longOne));
    }

    @Test
    void entryRequiresWhenWhoWhatAndOutcome() {
        assertThrows(
                NullPointerException.class,
                () -> new AuditEntry(null, "a", AuditAction.LOGOUT, AuditOutcome.SUCCESS, null, null, null, null));
        assertThrows(
                NullPointerException.class,
                () -> new AuditEntry(T0, null, AuditAction.LOGOUT, AuditOutcome.SUCCESS, null, null, null, null));
        assertThrows(
                NullPointerException.class,
                () -> new AuditEntry(T0, "a", null, AuditOutcome.SUCCESS, null, null, null, null));
        assertThrows(
                NullPointerException.class,
                () -> new AuditEntry(T0, "a", AuditAction.LOGOUT, null, null, null, null, null));
    }

    @Test
    void aSitesRecordsAreCheckedByTheirHashAndTheirLinkToTheRecordBefore() {
        List<StoredRecord> all = chain(N);
        // Records 1, 3 and 5 have a site (entry(i)); 2 and 4 have none.
        AuditChain.SiteVerifier verifier = new AuditChain.SiteVerifier();
        for (StoredRecord r : all) {
            if (r.entry().siteId() != null) {
                String before = r.seq() == 1
                        ? AuditChain.GENESIS_HASH
                        : all.get((int) r.seq() - 2).hash();
                assertTrue(verifier.accept(r, before, r.seq() != 1));
            }
        }
        AuditChain.SiteVerification ok = verifier.finish();
        assertTrue(ok.intact());
        assertEquals(3, ok.recordsChecked());
        assertEquals(1L, ok.firstSeq());
        assertEquals(5L, ok.lastSeq());
        assertEquals(all.get(0).entry().occurredAt(), ok.firstAt());
        assertEquals(all.get(4).entry().occurredAt(), ok.lastAt());
        assertEquals(2, ok.linksToOtherRecords());

        StoredRecord changed = new StoredRecord(
                2, with(1, "changed"), all.get(1).previousHash(), all.get(1).hash());
        AuditChain.SiteVerifier content = new AuditChain.SiteVerifier();
        assertFalse(content.accept(changed, all.get(0).hash(), true));
        assertEquals(Problem.CONTENT_MISMATCH, content.finish().problem());

        AuditChain.SiteVerifier link = new AuditChain.SiteVerifier();
        assertFalse(link.accept(all.get(1), "e".repeat(64), false));
        assertEquals(Problem.LINK_MISMATCH, link.finish().problem());
        assertEquals(2L, link.finish().firstBrokenSeq());

        AuditChain.SiteVerifier missing = new AuditChain.SiteVerifier();
        assertFalse(missing.accept(all.get(3), null, false));
        assertEquals(Problem.MISSING_BEFORE, missing.finish().problem());
        assertFalse(missing.finish().intact());
    }
}
