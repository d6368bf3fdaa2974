package io.tenantlink.doctor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The consent matrix of a site (pure: no database, no Microsoft): one row per connected tenant, one column per feature
 * app, each cell what the consent doctor's last check found, classified and laid out for an SVG picture drawn by the
 * page. Geometry in SVG user units (one unit is one CSS pixel at full size).
 *
 * <ul>
 * <li><b>granted</b>: everything the feature requires is granted, nothing more;</li>
 * <li><b>extra</b>: everything required is granted, and the app holds permissions no feature asks for;</li>
 * <li><b>missing</b>: the app is installed, something required is not granted (wins over extra: it needs a fix);</li>
 * <li><b>not installed</b>: the app has no service principal in the tenant;</li>
 * <li><b>not configured</b>: the portal has no client id for the feature; <b>not checked</b>: no check yet.</li>
 * </ul>
 */
public final class ConsentMatrix {

    /** A cell's state; the order is the legend's. */
    public enum State {
        GRANTED("✓"),
        MISSING("!"),
        NOT_INSTALLED("○"),
        EXTRA("+"),
        NOT_CONFIGURED("–"),
        NOT_CHECKED("?");

        private final String glyph;

        State(String glyph) {
            this.glyph = glyph;
        }

        /** The shape drawn with the word, so that colour is never the only difference. */
        public String glyph() {
            return glyph;
        }

        /** The CSS class of the cell (colour and border). */
        public String style() {
            return "cell-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The message key of the word. */
        public String textKey() {
            return "matrix.state." + name();
        }

        /** The badge the state is shown in as text (fragments/badges). */
        public String badge() {
            return switch (this) {
                case GRANTED -> "success";
                case EXTRA -> "warning";
                case MISSING -> "failure";
                case NOT_INSTALLED, NOT_CONFIGURED, NOT_CHECKED -> "neutral";
            };
        }

        /** Whether the fix is a consent a tenant admin gives. */
        public boolean needsConsent() {
            return this == MISSING || this == NOT_INSTALLED;
        }
    }

    /** A feature app: its catalog key and the name people read. */
    public record Feature(String key, String name) {}

    /**
     * A connected tenant of the site: its connection, its name, the doctor's last check per feature key (absent: not
     * checked), the admin-consent link asking for what is missing per feature key (absent: none), and its consent
     * status page.
     */
    public record Tenant(
            long connectionId,
            String name,
            Map<String, FeatureCheck> checks,
            Map<String, String> fixLinks,
            String consentPage) {}

    static final int LABEL_WIDTH = 220;
    static final int CELL_WIDTH = 128;
    static final int CELL_HEIGHT = 40;
    static final int GAP = 4;
    static final int LINE_HEIGHT = 16;
    static final int HEADER_LINES = 3;
    static final int HEADER_HEIGHT = HEADER_LINES * LINE_HEIGHT + 8;
    static final int LEGEND_HEIGHT = 40;
    static final int LEGEND_ITEM_WIDTH = 210;
    static final int HEADER_CHARS = 17;
    static final int LABEL_CHARS = 26;

    private ConsentMatrix() {}

    /** The state of one feature in one tenant from its last check (null: never checked). */
    public static State classify(FeatureCheck check) {
        if (check == null) {
            return State.NOT_CHECKED;
        }
        return switch (check.status()) {
            case OK ->
                check.delegated().extra().isEmpty()
                                && check.application().extra().isEmpty()
                        ? State.GRANTED
                        : State.EXTRA;
            case MISSING -> State.MISSING;
            case NOT_INSTALLED -> State.NOT_INSTALLED;
            case NOT_CONFIGURED -> State.NOT_CONFIGURED;
        };
    }

    /**
     * The picture of {@code tenants} (rows, in the order given) against {@code features} (columns, in catalog order);
     * {@code current}: the connection whose page shows the matrix (its row is marked), or null.
     */
    public static ConsentMatrixView build(List<Feature> features, List<Tenant> tenants, Long current) {
        List<ConsentMatrixView.Column> columns = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            int x = LABEL_WIDTH + i * (CELL_WIDTH + GAP);
            List<String> lines = wrap(f.name(), HEADER_CHARS, HEADER_LINES);
            // bottom-aligned: the last line sits just above the first row
            int firstLineY = HEADER_HEIGHT - 8 - (lines.size() - 1) * LINE_HEIGHT;
            columns.add(new ConsentMatrixView.Column(f.key(), f.name(), x + CELL_WIDTH / 2, firstLineY, lines));
        }
        Map<State, Integer> counts = new EnumMap<>(State.class);
        List<ConsentMatrixView.Row> rows = new ArrayList<>();
        for (int r = 0; r < tenants.size(); r++) {
            Tenant t = tenants.get(r);
            int y = HEADER_HEIGHT + r * (CELL_HEIGHT + GAP);
            List<ConsentMatrixView.Cell> cells = new ArrayList<>();
            for (int c = 0; c < features.size(); c++) {
                Feature f = features.get(c);
                State state = classify(t.checks().get(f.key()));
                counts.merge(state, 1, Integer::sum);
                String fix = t.fixLinks().get(f.key());
                boolean consentLink = state.needsConsent() && fix != null;
                String href = consentLink ? fix : t.consentPage() + "#feature-" + f.key();
                cells.add(new ConsentMatrixView.Cell(
                        f.key(), f.name(), state, columns.get(c).x() - CELL_WIDTH / 2, y, href, consentLink));
            }
            rows.add(new ConsentMatrixView.Row(
                    t.connectionId(),
                    t.name(),
                    clip(t.name(), LABEL_CHARS),
                    y + CELL_HEIGHT / 2,
                    t.consentPage(),
                    current != null && current == t.connectionId(),
                    cells));
        }
        int gridBottom = HEADER_HEIGHT + tenants.size() * (CELL_HEIGHT + GAP);
        List<ConsentMatrixView.LegendItem> legend = new ArrayList<>();
        State[] states = State.values();
        int perLine = Math.max(1, (width(features.size()) - 8) / LEGEND_ITEM_WIDTH);
        for (int i = 0; i < states.length; i++) {
            int line = i / perLine;
            legend.add(new ConsentMatrixView.LegendItem(
                    states[i], 8 + (i % perLine) * LEGEND_ITEM_WIDTH, gridBottom + 12 + line * (LEGEND_HEIGHT - 8)));
        }
        int legendLines = (states.length + perLine - 1) / perLine;
        int height = gridBottom + 12 + legendLines * (LEGEND_HEIGHT - 8) + 4;
        List<ConsentMatrixView.Count> summary = new ArrayList<>();
        for (State s : states) {
            summary.add(new ConsentMatrixView.Count(s, counts.getOrDefault(s, 0)));
        }
        return new ConsentMatrixView(width(features.size()), height, columns, rows, legend, summary);
    }

    static int width(int featureCount) {
        return Math.max(LABEL_WIDTH + featureCount * (CELL_WIDTH + GAP), LABEL_WIDTH + 2 * LEGEND_ITEM_WIDTH);
    }

    /** {@code text} in lines of at most {@code max} characters, broken between words; past {@code lines}: "…". */
    static List<String> wrap(String text, int max, int lines) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > max) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        List<String> clipped = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            String l = out.get(i);
            if (i == lines - 1 && out.size() > lines) {
                clipped.add(clip(l + " " + out.get(i + 1), max));
                break;
            }
            clipped.add(clip(l, max));
        }
        return clipped;
    }

    /** At most {@code max} characters, the last one "…" when cut. */
    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1).stripTrailing() + "…";
    }
}
