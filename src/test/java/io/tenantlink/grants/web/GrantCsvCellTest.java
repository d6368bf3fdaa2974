package io.tenantlink.grants.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GrantCsvCellTest {

    @Test
    void formulaLikeCellsAreKeptAsText() {
        assertEquals("'=HYPERLINK(\"x\")", GrantJobController.cell("=HYPERLINK(\"x\")"));
        assertEquals("'+1", GrantJobController.cell("+1"));
        assertEquals("'-1", GrantJobController.cell("-1"));
        assertEquals("'@SUM(A1)", GrantJobController.cell("@SUM(A1)"));
        assertEquals(
                "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03",
                GrantJobController.cell("b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03"));
        assertNull(GrantJobController.cell(null));
    }
}
