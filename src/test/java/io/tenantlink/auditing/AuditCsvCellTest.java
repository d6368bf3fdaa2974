package io.tenantlink.auditing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCsvCellTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2", "@SUM(A1)", "\tx"})
    void textASpreadsheetWouldEvaluateStaysText(String value) {
        assertEquals("'" + value, AuditController.cell(value));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertEquals("site Acme", AuditController.cell("site Acme"));
        assertEquals("", AuditController.cell(""));
        assertNull(AuditController.cell(null));
    }
}
