package io.tenantlink.ledger;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.ledger.ConsentTimelineView.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The consent timeline of one tenant connection (pure: no database): which of its audit records are consent events,
 * of which kind, and where the picture draws them. Kinds:
 *
 * <ul>
 * <li><b>granted</b>: Give permission confirmed ({@code CONSENT_CONFIRMED}), an approval link approved
 * ({@code APPROVAL_LINK_APPROVED}), an app found installed by the consent doctor;</li>
 * <li><b>drift</b>: the consent doctor found permissions lost or changed ({@code CONSENT_DRIFT});</li>
 * <li><b>revoked</b>: the app's consent gone ({@code CONSENT_REVOKED}) or removed through TenantLink
 * ({@code CONSENT_REMOVED});</li>
 * <li><b>repaired</b>: a grant, or permissions found back, while the feature had lost some; or the connection's
 * Needs attention cleared while a loss was still open.</li>
 * </ul>
 * Refused and failed grants are no events. Limited-user approvals (grants for chosen users) are the ledger's.
 */
public final class ConsentTimeline {

    static final int WIDTH = 960;
    static final int PLOT_LEFT = 150;
    static final int PLOT_RIGHT = WIDTH - 60;
    static final int TOP = 12;
    static final int LANE_HEIGHT = 40;
    static final int AXIS_HEIGHT = 44;
    static final int MARKER = 8;
    static final int TICKS = 5;
    /** At most this many events are drawn (the latest); the table lists them all. */
    static final int MAX_DRAWN = 400;

    private static final Pattern FEATURE = Pattern.compile("^feature ([a-z][a-z0-9-]*): (\\S+)");
    private static final Pattern LINK = Pattern.compile("^link \\d+ \\(([^)]*)\\)");
    private static final Pattern ATTENTION = Pattern.compile("feature ([a-z][a-z0-9-]*)");
    private static final String CHATOPS = io.tenantlink.audit.AuditApp.CHATOPS;

    private ConsentTimeline() {}

    /** A consent event before it is placed: what the table lists. */
    public record Event(
            Long seq, Instant at, Kind kind, String featureKey, String featureName, String who, String what) {}

    /**
     * The events of {@code records} (one connection's, in sequence order): {@code featureName} names a feature key,
     * {@code actorName} an actor as kept, {@code words} a message key with arguments.
     */
    public static List<Event> events(
            List<AuditRecord> records,
            Function<String, String> featureName,
            UnaryOperator<String> actorName,
            Words words) {
        List<Event> events = new ArrayList<>();
        Set<String> openLoss = new HashSet<>();
        for (AuditRecord r : records) {
            String detail = r.getDetail() == null ? "" : r.getDetail();
            AuditAction action = r.getAction();
            boolean success = r.getOutcome() == AuditOutcome.SUCCESS;
            String feature = null;
            Kind kind = null;
            String what = null;
            switch (action) {
                case CONSENT_CONFIRMED -> {
                    if (success && !detail.startsWith("approved through a link")) {
                        feature = CHATOPS;
                        kind = Kind.GRANTED;
                        what = words.get(
                                detail.startsWith("consent already in place")
                                        ? "consentTimeline.what.inPlace"
                                        : "consentTimeline.what.givePermission");
                    }
                }
                case APPROVAL_LINK_APPROVED -> {
                    Matcher m = LINK.matcher(detail);
                    if (success && m.find()) {
                        String set = m.group(1);
                        feature = FeatureLinkSet.isFeatureSet(set)
                                ? set.substring(FeatureLinkSet.PREFIX.length()).split(":", -1)[0]
                                : CHATOPS;
                        kind = Kind.GRANTED;
                        what = words.get("consentTimeline.what.link");
                    }
                }
                case CONSENT_DRIFT, CONSENT_REVOKED -> {
                    Matcher m = FEATURE.matcher(detail);
                    if (m.find()) {
                        feature = m.group(1);
                        what = changes(detail, words);
                        if (action == AuditAction.CONSENT_REVOKED) {
                            kind = Kind.REVOKED;
                        } else if (!success) {
                            kind = Kind.DRIFT;
                        } else if (openLoss.contains(feature)) {
                            kind = Kind.REPAIRED;
                        } else if (m.group(2).equals("NOT_INSTALLED")) {
                            kind = Kind.GRANTED;
                        } else {
                            kind = Kind.DRIFT;
                        }
                    }
                }
                case CONSENT_REMOVED -> {
                    if (success) {
                        feature = CHATOPS;
                        kind = Kind.REVOKED;
                        what = words.get("consentTimeline.what.removed");
                    }
                }
                case CONNECTION_ATTENTION_CLEARED -> {
                    Matcher m = ATTENTION.matcher(detail);
                    if (m.find() && openLoss.contains(m.group(1))) {
                        feature = m.group(1);
                        kind = Kind.REPAIRED;
                        what = words.get("consentTimeline.what.cleared");
                    }
                }
                default -> {}
            }
            if (kind == null) {
                continue;
            }
            if (kind == Kind.GRANTED && openLoss.contains(feature)) {
                kind = Kind.REPAIRED;
            }
            switch (kind) {
                case DRIFT, REVOKED -> openLoss.add(feature);
                case GRANTED, REPAIRED -> openLoss.remove(feature);
            }
            events.add(new Event(
                    r.getSeq(),
                    r.getOccurredAt(),
                    kind,
                    feature,
                    featureName.apply(feature),
                    actorName.apply(r.getActor()),
                    what));
        }
        return events;
    }

    /** "feature K: A → B; lost: X app:Y; gained: Z" → "lost: X, Y (application); gained: Z" in words. */
    static String changes(String detail, Words words) {
        List<String> parts = new ArrayList<>();
        for (String part : detail.split("; ")) {
            for (String side : List.of("lost", "gained")) {
                if (part.startsWith(side + ": ")) {
                    List<String> names = new ArrayList<>();
                    for (String name : part.substring(side.length() + 2).trim().split("\\s+")) {
                        names.add(
                                name.startsWith("app:")
                                        ? words.get("consentTimeline.what.application", name.substring(4))
                                        : name);
                    }
                    parts.add(words.get("consentTimeline.what." + side, String.join(", ", names)));
                }
            }
        }
        return parts.isEmpty() ? words.get("consentTimeline.what.changed") : String.join("; ", parts);
    }

    /** The picture of {@code events} (oldest first): lanes by kind, time left to right. */
    public static ConsentTimelineView layout(List<Event> events) {
        List<Event> drawn =
                events.size() <= MAX_DRAWN ? events : events.subList(events.size() - MAX_DRAWN, events.size());
        Kind[] kinds = Kind.values();
        int plotBottom = TOP + kinds.length * LANE_HEIGHT;
        int height = plotBottom + AXIS_HEIGHT;
        List<ConsentTimelineView.Lane> lanes = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            lanes.add(new ConsentTimelineView.Lane(kinds[i], laneY(i), PLOT_LEFT, PLOT_RIGHT));
        }
        if (drawn.isEmpty()) {
            return new ConsentTimelineView(WIDTH, height, plotBottom, lanes, List.of(), List.of(), events, 0);
        }
        Instant first = drawn.get(0).at();
        Instant last = drawn.get(drawn.size() - 1).at();
        Duration span = Duration.between(first, last);
        if (span.compareTo(Duration.ofMinutes(1)) < 0) {
            span = Duration.ofMinutes(1);
            first = first.minusSeconds(30);
        }
        // a margin on both sides, so that the first and last markers are not cut by the edges
        long spanMillis = span.toMillis();
        Instant from = first.minusMillis(spanMillis / 20);
        Instant to = from.plusMillis(spanMillis + spanMillis / 10);
        List<ConsentTimelineView.Marker> markers = new ArrayList<>();
        for (Event e : drawn) {
            int x = x(e.at(), from, to);
            int y = laneY(e.kind().ordinal());
            markers.add(new ConsentTimelineView.Marker(e, x, y, shape(e.kind(), x, y)));
        }
        List<ConsentTimelineView.Tick> ticks = new ArrayList<>();
        DateTimeFormatter format = DateTimeFormatter.ofPattern(
                        Duration.between(from, to).toDays() >= 3 ? "yyyy-MM-dd" : "MM-dd HH:mm:ss")
                .withZone(ZoneOffset.UTC);
        for (int i = 0; i < TICKS; i++) {
            Instant t = from.plusMillis(Duration.between(from, to).toMillis() * i / (TICKS - 1));
            ticks.add(new ConsentTimelineView.Tick(x(t, from, to), format.format(t)));
        }
        return new ConsentTimelineView(
                WIDTH, height, plotBottom, lanes, markers, ticks, events, events.size() - drawn.size());
    }

    /** The middle of lane {@code i}. */
    static int laneY(int i) {
        return TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2;
    }

    /** Where {@code t} falls between {@code from} (the plot's left edge) and {@code to} (its right edge). */
    static int x(Instant t, Instant from, Instant to) {
        double total = Math.max(1, Duration.between(from, to).toMillis());
        double part = Duration.between(from, t).toMillis();
        return PLOT_LEFT + (int) Math.round((PLOT_RIGHT - PLOT_LEFT) * part / total);
    }

    /**
     * Each kind its own shape, so colour is never the only difference: granted a circle, drift a diamond, revoked a
     * cross, repaired a triangle pointing up (SVG path data around ({@code x}, {@code y})).
     */
    static String shape(Kind kind, int x, int y) {
        int r = MARKER;
        return switch (kind) {
            case GRANTED ->
                "M" + (x - r) + " " + y + " a" + r + " " + r + " 0 1 0 " + (2 * r) + " 0 a" + r + " " + r + " 0 1 0 "
                        + (-2 * r) + " 0 Z";
            case DRIFT ->
                "M" + x + " " + (y - r) + " L" + (x + r) + " " + y + " L" + x + " " + (y + r) + " L" + (x - r) + " " + y
                        + " Z";
            case REVOKED -> {
                int a = r - 1;
                int w = 3;
                yield "M" + (x - a) + " " + (y - a + w) + " L" + (x - a + w) + " " + (y - a) + " L" + x + " " + (y - w)
                        + " L" + (x + a - w) + " " + (y - a) + " L" + (x + a) + " " + (y - a + w) + " L" + (x + w)
                        + " " + y + " L" + (x + a) + " " + (y + a - w) + " L" + (x + a - w) + " " + (y + a) + " L" + x
                        + " " + (y + w) + " L" + (x - a + w) + " " + (y + a) + " L" + (x - a) + " " + (y + a - w)
                        + " L" + (x - w) + " " + y + " Z";
            }
            case REPAIRED ->
                "M" + x + " " + (y - r) + " L" + (x + r) + " " + (y + r - 1) + " L" + (x - r) + " " + (y + r - 1)
                        + " Z";
        };
    }

    /** Message texts by key (the bundle in the portal, a map in tests). */
    @FunctionalInterface
    public interface Words {
        String get(String key, Object... args);
    }

    static String lower(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
