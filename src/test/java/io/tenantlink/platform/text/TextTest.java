package io.tenantlink.platform.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void controlBidiAndLoneSurrogatesAreForbidden() {
        for (String bad : new String[] {
            "a\u0000b",
            "a\u001bb",
            "a\u0007",
            "x\u007f",
            "x\u0085",
            "abc\u202Eexe",
            "\u2066x",
            "\u200Fx",
            "\ud800",
            "x\udc00",
            "\uffff"
        }) {
            assertTrue(Text.hasForbidden(bad, true), bad);
        }
        assertTrue(Text.hasForbidden("a\nb", false), "line breaks only where a field takes them");
        assertFalse(Text.hasForbidden("a\r\n\tb", true));
        assertFalse(Text.hasForbidden("Zoë Ünal 日本 \ud83d\ude00 -=+@", false));
    }

    @Test
    void nfcComposes() {
        assertEquals("Caf\u00e9", Text.nfc("Cafe\u0301"));
        assertNull(Text.nfc(null));
    }

    @Test
    void auditTextCannotForgeLinesOrHideText() {
        assertEquals("a\\nFORGED: b\\r\\u001b[31m\\u202e\\\\n", Text.forAudit("a\nFORGED: b\r\u001b[31m\u202e\\n"));
        assertEquals("plain Caf\u00e9", Text.forAudit("plain Cafe\u0301"));
        assertNull(Text.forAudit(null));
    }

    @Test
    void csvCellsNeverStartAFormula() throws Exception {
        for (String formula : new String[] {"=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\uff1d1"}) {
            assertEquals("'" + formula, Text.csvCell(formula), formula);
        }
        assertEquals("site Acme", Text.csvCell("site Acme"));
        assertEquals(-5L, Text.csvCell(-5L), "numbers are not text");
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            SafeCsv.printRecord(printer, 1L, Instant.parse("2026-01-01T00:00:00Z"), "=HYPERLINK(\"http://x\")", "ok");
        }
        assertEquals("1,2026-01-01T00:00:00Z,\"'=HYPERLINK(\"\"http://x\"\")\",ok\r\n", out.toString());
    }
}
