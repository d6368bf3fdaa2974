package io.tenantlink.platform.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVPrinter;

/** Every CSV row the portal writes goes through here, so no cell can become a spreadsheet formula. */
public final class SafeCsv {

    private SafeCsv() {}

    public static void printRecord(CSVPrinter printer, Object... values) {
        Object[] cells = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = Text.csvCell(values[i]);
        }
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
