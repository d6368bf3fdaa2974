package io.tenantlink.it;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The offline check of docs/auditing.md, written again in Java from the documentation (not from the portal's code):
 * recomputes each row's hash from its cells and checks each row's previous_hash against the row before it when the two
 * are consecutive records.
 */
public final class OfflineCsvCheck {

    public static final List<String> FIELDS = List.of(
            "seq", "occurred_at_utc", "actor", "action", "outcome", "site_id", "tenant_id", "subject", "detail");

    /** What the check found: rows read, links between consecutive rows checked, and every problem. */
    public record Result(int rows, int linksChecked, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private OfflineCsvCheck() {}

    public static Result check(String csv) throws IOException {
        List<String> problems = new ArrayList<>();
        int rows = 0;
        int links = 0;
        CSVRecord previous = null;
        for (CSVRecord row : CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))) {
            rows++;
            StringBuilder text = new StringBuilder();
            for (String field : FIELDS) {
                part(text, value(row.get(field)));
            }
            part(text, row.get("previous_hash"));
            if (!sha256(text.toString()).equals(row.get("hash"))) {
                problems.add("row " + row.get("seq") + ": hash does not match its fields");
            }
            long seq = Long.parseLong(row.get("seq"));
            if (seq == 1 && !row.get("previous_hash").equals("0".repeat(64))) {
                problems.add("row 1: previous hash is not the genesis hash");
            }
            if (previous != null && Long.parseLong(previous.get("seq")) == seq - 1) {
                links++;
                if (!row.get("previous_hash").equals(previous.get("hash"))) {
                    problems.add("row " + seq + ": previous_hash is not the hash of row " + (seq - 1));
                }
            }
            previous = row;
        }
        return new Result(rows, links, problems);
    }

    /** \N is no value; one leading apostrophe was added by the export. */
    static String value(String cell) {
        if (cell.equals("\\N")) {
            return null;
        }
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    /** length:value| with the length in UTF-16 code units, or -1:| for no value. */
    private static void part(StringBuilder out, String value) {
        out.append(value == null ? "-1:" : value.length() + ":" + value).append('|');
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
