package io.tenantlink.doctor;

import io.tenantlink.doctor.ConsentMatrix.State;
import java.util.List;

/**
 * A site's consent matrix as the page draws it (SVG, sizes in user units) and lists it (the table alternative): see
 * {@link ConsentMatrix}.
 *
 * @param width the picture's width
 * @param height the picture's height
 * @param columns the feature apps, left to right
 * @param rows the connected tenants, top to bottom
 * @param legend each state with its place in the legend below the grid
 * @param summary how many cells are in each state (all states, legend order)
 */
public record ConsentMatrixView(
        int width, int height, List<Column> columns, List<Row> rows, List<LegendItem> legend, List<Count> summary) {

    public ConsentMatrixView {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        legend = List.copyOf(legend);
        summary = List.copyOf(summary);
    }

    public boolean empty() {
        return rows.isEmpty() || columns.isEmpty();
    }

    public String viewBox() {
        return "0 0 " + width + " " + height;
    }

    /** The states that occur, with their counts (for the summary line). */
    public List<Count> present() {
        return summary.stream().filter(c -> c.count() > 0).toList();
    }

    /** How many cells need a tenant admin's consent. */
    public int needingConsent() {
        return summary.stream()
                .filter(c -> c.state().needsConsent())
                .mapToInt(Count::count)
                .sum();
    }

    /** A feature app's column: its header's centre {@code x}, the first header line's baseline {@code y}, its lines. */
    public record Column(String key, String name, int x, int y, List<String> lines) {
        public Column {
            lines = List.copyOf(lines);
        }

        /** The baseline of header line {@code i}. */
        public int lineY(int i) {
            return y + i * ConsentMatrix.LINE_HEIGHT;
        }
    }

    /**
     * A tenant's row: {@code label} is the name as drawn (clipped), {@code y} the label's middle, {@code current}
     * whether the page is this tenant's.
     */
    public record Row(
            long connectionId,
            String name,
            String label,
            int y,
            String consentPage,
            boolean current,
            List<Cell> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        public int labelX() {
            return ConsentMatrix.LABEL_WIDTH - 12;
        }
    }

    /**
     * One cell: its feature, its state, its box's top left corner, where it links to and whether that is the
     * admin-consent link (else the tenant's consent status, at the feature).
     */
    public record Cell(
            String featureKey, String featureName, State state, int x, int y, String href, boolean consentLink) {
        public int width() {
            return ConsentMatrix.CELL_WIDTH;
        }

        public int height() {
            return ConsentMatrix.CELL_HEIGHT;
        }

        public int glyphX() {
            return x + 12;
        }

        public int textX() {
            return x + 30;
        }

        public int textY() {
            return y + ConsentMatrix.CELL_HEIGHT / 2 + 5;
        }

        public String style() {
            return state.style();
        }

        /** What following the link does, in words. */
        public String fixKey() {
            return consentLink ? "matrix.fix.consent" : "matrix.fix.page";
        }
    }

    /** A legend entry: a small cell at ({@code x}, {@code y}) and the state's word beside it. */
    public record LegendItem(State state, int x, int y) {
        public int size() {
            return 22;
        }

        public int glyphX() {
            return x + 11;
        }

        public int textX() {
            return x + 30;
        }

        public int textY() {
            return y + 16;
        }
    }

    public record Count(State state, int count) {}
}
