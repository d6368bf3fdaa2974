package io.tenantlink.ledger;

import java.util.List;
import java.util.Locale;

/**
 * A tenant's consent timeline as the page draws it (SVG: one lane per kind, time from left to right, UTC) and lists it
 * (the table alternative, every event): see {@link ConsentTimeline}.
 *
 * @param plotBottom where the lanes end and the time axis starts
 * @param events every event, oldest first (the table)
 * @param notDrawn how many of the oldest events the picture leaves out (the table has them)
 */
public record ConsentTimelineView(
        int width,
        int height,
        int plotBottom,
        List<Lane> lanes,
        List<Marker> markers,
        List<Tick> ticks,
        List<ConsentTimeline.Event> events,
        int notDrawn) {

    public ConsentTimelineView {
        lanes = List.copyOf(lanes);
        markers = List.copyOf(markers);
        ticks = List.copyOf(ticks);
        events = List.copyOf(events);
    }

    /** A consent event's kind; the order is the lanes', top to bottom. */
    public enum Kind {
        GRANTED,
        DRIFT,
        REVOKED,
        REPAIRED;

        public String style() {
            return "event-" + name().toLowerCase(Locale.ROOT);
        }

        public String textKey() {
            return "consentTimeline.kind." + name();
        }

        /** The badge the table shows it in (fragments/badges). */
        public String badge() {
            return switch (this) {
                case GRANTED, REPAIRED -> "success";
                case DRIFT -> "warning";
                case REVOKED -> "failure";
            };
        }
    }

    public boolean empty() {
        return events.isEmpty();
    }

    public String viewBox() {
        return "0 0 " + width + " " + height;
    }

    public int plotLeft() {
        return ConsentTimeline.PLOT_LEFT;
    }

    public int plotRight() {
        return ConsentTimeline.PLOT_RIGHT;
    }

    public int axisLabelY() {
        return plotBottom + 38;
    }

    public int tickLabelY() {
        return plotBottom + 18;
    }

    /** A kind's lane: its middle {@code y}, from {@code x1} to {@code x2}; the label left of it, with a sample marker. */
    public record Lane(Kind kind, int y, int x1, int x2) {
        public int labelX() {
            return x1 - 34;
        }

        public int labelY() {
            return y + 5;
        }

        public String sample() {
            return ConsentTimeline.shape(kind, x1 - 18, y);
        }
    }

    /** An event drawn at ({@code x}, {@code y}) as {@code shape} (SVG path data). */
    public record Marker(ConsentTimeline.Event event, int x, int y, String shape) {
        public String style() {
            return event.kind().style();
        }
    }

    /** A tick of the time axis at {@code x}, labelled in UTC. */
    public record Tick(int x, String label) {}
}
