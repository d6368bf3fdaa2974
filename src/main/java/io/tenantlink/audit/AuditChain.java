package io.tenantlink.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Hash chaining of audit records: each record's hash covers its sequence number, its content and
 * the previous record's hash, so changing, removing or reordering any record breaks the chain from
 * that record on.
 */
public final class AuditChain {

    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditChain() {}

    /** Timestamps are kept to the microsecond, the precision both databases store. */
    public static Instant normalise(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hash(long seq, AuditEntry entry, String previousHash) {
        return new Hasher().hash(seq, entry, previousHash);
    }

    /**
     * Hashes one record after another with one digest and one buffer: the verification of a million records asked
     * the security providers for a new SHA-256 digest per record. The canonical form is {@link #hash}'s.
     */
    static final class Hasher {
        private final MessageDigest sha256;
        private final StringBuilder canonical = new StringBuilder(512);

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }

        String hash(long seq, AuditEntry entry, String previousHash) {
            canonical.setLength(0);
            field(canonical, Long.toString(seq));
            field(canonical, normalise(entry.occurredAt()).toString());
            field(canonical, entry.actor());
            field(canonical, entry.action().name());
            field(canonical, entry.outcome().name());
            field(canonical, entry.siteId() == null ? null : entry.siteId().toString());
            field(canonical, entry.tenantId());
            field(canonical, entry.subject());
            field(canonical, entry.detail());
            field(canonical, previousHash);
            return HEX.formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    /** Length-prefixed so that no two different field lists give the same text. */
    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('|');
    }

    /** A stored record as read back for verification; {@code entry} null when its stored fields are no entry at all. */
    public record StoredRecord(long seq, AuditEntry entry, String previousHash, String hash) {}

    /** Verifies records handed in sequence order; call {@link #finish} after the last one. */
    public static final class Verifier {
        private final Hasher hasher = new Hasher();
        private long expectedSeq = 1;
        private String expectedPrevious = GENESIS_HASH;
        private long checked;
        private Long brokenSeq;
        private Problem problem;

        /** Returns false once the chain is found broken; later records are not examined. */
        public boolean accept(StoredRecord record) {
            if (brokenSeq != null) {
                return false;
            }
            if (record.seq() != expectedSeq) {
                return fail(record.seq(), Problem.MISSING_BEFORE);
            }
            if (!record.previousHash().equals(expectedPrevious)) {
                return fail(record.seq(), Problem.LINK_MISMATCH);
            }
            if (record.entry() == null
                    || !hasher.hash(record.seq(), record.entry(), record.previousHash())
                            .equals(record.hash())) {
                return fail(record.seq(), Problem.CONTENT_MISMATCH);
            }
            checked++;
            expectedSeq++;
            expectedPrevious = record.hash();
            return true;
        }

        /** Compares the end of the chain with the head kept beside it, which reveals removed tail records. */
        public Verification finish(long headSeq, String headHash) {
            if (brokenSeq == null && (headSeq != expectedSeq - 1 || !headHash.equals(expectedPrevious))) {
                fail(expectedSeq, Problem.MISSING_AT_END);
            }
            return new Verification(brokenSeq == null, checked, brokenSeq, problem);
        }

        private boolean fail(long seq, Problem why) {
            brokenSeq = seq;
            problem = why;
            return false;
        }
    }

    /**
     * Verifies one site's records, handed in sequence order with the hash of the record just before each in the
     * chain (whatever site that one belongs to; null when no such record exists): each record's hash must match its
     * fields and its stored previous hash, and its stored previous hash must be the hash of the record before it. The
     * content of other sites' records is not examined, only their stored hash.
     */
    public static final class SiteVerifier {
        private final Hasher hasher = new Hasher();
        private long checked;
        private long linksToOtherRecords;
        private Long firstSeq;
        private Instant firstAt;
        private Long lastSeq;
        private Instant lastAt;
        private Long brokenSeq;
        private Problem problem;

        /**
         * @param predecessorHash the stored hash of record {@code seq - 1} ({@link #GENESIS_HASH} for record 1), null
         *     when it does not exist
         * @param predecessorElsewhere whether that record belongs to another site (or to none)
         */
        public boolean accept(StoredRecord record, String predecessorHash, boolean predecessorElsewhere) {
            if (brokenSeq != null) {
                return false;
            }
            if (!hasher.hash(record.seq(), record.entry(), record.previousHash())
                    .equals(record.hash())) {
                return fail(record.seq(), Problem.CONTENT_MISMATCH);
            }
            if (predecessorHash == null) {
                return fail(record.seq(), Problem.MISSING_BEFORE);
            }
            if (!record.previousHash().equals(predecessorHash)) {
                return fail(record.seq(), Problem.LINK_MISMATCH);
            }
            checked++;
            if (predecessorElsewhere) {
                linksToOtherRecords++;
            }
            if (firstSeq == null) {
                firstSeq = record.seq();
                firstAt = record.entry().occurredAt();
            }
            lastSeq = record.seq();
            lastAt = record.entry().occurredAt();
            return true;
        }

        public SiteVerification finish() {
            return new SiteVerification(
                    brokenSeq == null,
                    checked,
                    firstSeq,
                    firstAt,
                    lastSeq,
                    lastAt,
                    linksToOtherRecords,
                    brokenSeq,
                    problem);
        }

        private boolean fail(long seq, Problem why) {
            brokenSeq = seq;
            problem = why;
            return false;
        }
    }

    /**
     * What a site's verification checked: {@code recordsChecked} intact records, the first and last of them, and how
     * many of their links lead to a record of another site or of none (checked by that record's stored hash only).
     */
    public record SiteVerification(
            boolean intact,
            long recordsChecked,
            Long firstSeq,
            Instant firstAt,
            Long lastSeq,
            Instant lastAt,
            long linksToOtherRecords,
            Long firstBrokenSeq,
            Problem problem) {}

    /** Why the chain broke at a record; each has a message key audit.problem.NAME. */
    public enum Problem {
        MISSING_BEFORE,
        LINK_MISMATCH,
        CONTENT_MISMATCH,
        MISSING_AT_END
    }

    public record Verification(boolean intact, long recordsChecked, Long firstBrokenSeq, Problem problem) {}
}
