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
        print(printer, cells);
    }

    /**
     * A row whose values a reader can get back exactly: as {@link #printRecord}, and a text that starts with an
     * apostrophe, or is the printer's null string {@code nullText}, gets one more apostrophe in front too. So a reader
     * removes one leading apostrophe from any cell that has one, and reads the null string as no value.
     */
    public static void printReversibleRecord(CSVPrinter printer, String nullText, Object... values) {
        Object[] cells = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            Object cell = Text.csvCell(values[i]);
            if (java.util.Objects.equals(cell, values[i])
                    && cell instanceof CharSequence text
                    && (text.toString().startsWith("'") || text.toString().equals(nullText))) {
                cell = "'" + text;
            }
            cells[i] = cell;
        }
        print(printer, cells);
    }

    private static void print(CSVPrinter printer, Object[] cells) {
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
