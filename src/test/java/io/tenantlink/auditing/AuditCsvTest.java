package io.tenantlink.auditing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.it.OfflineCsvCheck;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CSV rows: exactly the hashed values back (after one apostrophe and \N), no cell a formula, checkable offline. */
class AuditCsvTest {

    private static final AuditNames NAMES = new AuditNames(
            Map.of(7L, "=Site"),
            Map.of("11111111-2222-3333-4444-555555555555", "Contoso"),
            Map.of(),
            Map.of(),
            List.of());

    private static List<AuditRecord> chain(String... details) {
        List<AuditRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS_HASH;
        for (int i = 0; i < details.length; i++) {
            AuditRecord r = new AuditRecord(
                    i + 1,
                    new AuditEntry(
                            Instant.parse("2026-01-02T03:04:05.123456Z").plusSeconds(i),
                            "portal:sam",
                            AuditAction.CONSENT_GIVEN,
                            i % 2 == 0 ? AuditOutcome.SUCCESS : AuditOutcome.REFUSED,
                            i % 3 == 0 ? null : 7L,
                            i % 3 == 0 ? null : "11111111-2222-3333-4444-555555555555",
                            i == 1 ? "" : "connection " + i,
                            details[i]),
                    previous);
            records.add(r);
            previous = r.getHash();
        }
        return records;
    }

    private static String csv(List<AuditRecord> records) throws Exception {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = AuditCsv.printer(out)) {
            records.forEach(r -> AuditCsv.print(printer, r, NAMES));
        }
        return out.toString();
    }

    @Test
    void eachRowCarriesItsFieldsPreviousHashAndHashAndChecksOffline() throws Exception {
        String text = csv(chain(
                "=HYPERLINK(\"http://evil\")",
                null,
                "'quoted",
                "\\N",
                "-2",
                "",
                "caf\u00e9 \uD83D\uDE00, \"quotes\"",
                "+1",
                "line\nbreak"));
        OfflineCsvCheck.Result result = OfflineCsvCheck.check(text);
        assertTrue(result.ok(), result.problems() + "\n" + text);
        assertEquals(9, result.rows());
        assertEquals(8, result.linksChecked());
        assertTrue(text.startsWith(String.join(",", AuditCsv.HEADER) + "\r\n"), text);
        assertTrue(text.contains(",'=Site,"), "the site name is not a formula: " + text);
        for (String line : text.split("\r\n")) {
            for (String cell : line.split(",")) {
                String c = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertFalse(!c.isEmpty() && "=+-@".indexOf(c.charAt(0)) >= 0, "a formula cell: " + line);
            }
        }
    }

    @Test
    void aFilteredExportStillCarriesTheChainsPreviousHash() throws Exception {
        List<AuditRecord> all = chain("a", "b", "c", "d");
        String text = csv(List.of(all.get(0), all.get(2), all.get(3)));
        OfflineCsvCheck.Result result = OfflineCsvCheck.check(text);
        assertTrue(result.ok(), result.problems().toString());
        assertEquals(1, result.linksChecked(), "only 3 to 4 are consecutive");
        assertTrue(text.contains(all.get(1).getHash()), "row 3 names the hash of record 2, which was left out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"connection 2", "portal:sam", "CONSENT_GIVEN", "2026-01-02T03:04:07.123456Z"})
    void anEditedCellFailsTheCheck(String cell) throws Exception {
        String text = csv(chain("a", "b", "c"));
        String row = text.split("\r\n")[3];
        assertTrue(row.contains(cell), row);
        String edited = text.replace(row, row.replace(cell, "X" + cell.substring(1)));
        OfflineCsvCheck.Result result = OfflineCsvCheck.check(edited);
        assertFalse(result.ok(), "edited " + cell + ":\n" + edited);
    }

    @Test
    void aRowWithAnotherPreviousHashBreaksTheLink() throws Exception {
        List<AuditRecord> all = chain("a", "b", "c");
        AuditRecord forged = new AuditRecord(2, all.get(1).entry(), "f".repeat(64));
        OfflineCsvCheck.Result result = OfflineCsvCheck.check(csv(List.of(all.get(0), forged, all.get(2))));
        assertFalse(result.ok());
        assertTrue(
                result.problems().get(0).contains("previous_hash"),
                result.problems().toString());
    }

    /** The script in docs/auditing.md, run as written (where python3 is installed): it passes, and fails on an edit. */
    @Test
    void theDocumentedPythonScriptChecksAnExport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "auditing.md"));
        int start = doc.indexOf("```python\n") + "```python\n".length();
        java.nio.file.Path script = dir.resolve("verify_audit_csv.py");
        java.nio.file.Files.writeString(script, doc.substring(start, doc.indexOf("```", start)));
        assertTrue(script.toFile().length() > 100, "the docs hold the script");
        org.junit.jupiter.api.Assumptions.assumeTrue(run(dir, "--version") == 0, "python3 is installed");
        String text = csv(chain("=1+1", null, "'quoted", "caf\u00e9 \uD83D\uDE00", "", "line\nbreak"));
        java.nio.file.Files.writeString(dir.resolve("export.csv"), text);
        assertEquals(0, run(dir, script.toString(), dir.resolve("export.csv").toString()));
        java.nio.file.Files.writeString(dir.resolve("edited.csv"), text.replace("connection 3", "connection 4"));
        assertEquals(1, run(dir, script.toString(), dir.resolve("edited.csv").toString()));
    }

    private static int run(java.nio.file.Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile())
                    .start();
            return p.waitFor();
        } catch (java.io.IOException notInstalled) {
            return -1;
        }
    }
}
