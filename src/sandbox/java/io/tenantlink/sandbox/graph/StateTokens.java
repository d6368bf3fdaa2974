package io.tenantlink.sandbox.graph;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Graph's opaque state tokens: {@code $skiptoken} of a paged collection and of a delta round, and
 * {@code $deltatoken} of a delta link. Each carries its state (tenant, what the query asked for,
 * where the next page starts) and an HMAC under a key this process made up at start, so a client
 * cannot forge or edit one, and tokens from before a restart are refused (as expired ones are by Graph).
 */
public final class StateTokens {

    /** Delta tokens of directory objects last seven days (Microsoft's delta query overview). */
    public static final Duration DELTA_LIFETIME = Duration.ofDays(7);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;

    public StateTokens(byte[] key) {
        this.key = key.clone();
    }

    public static StateTokens random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new StateTokens(key);
    }

    /** The state of a page of a collection: which query (fingerprint), in which tenant, from which offset. */
    public record Page(String tenantId, String fingerprint, int offset) {}

    /** The state of a delta round: a $skiptoken inside the initial round (offset >= 0) or a $deltatoken (offset -1). */
    public record Delta(String tenantId, String select, int offset, Instant issuedAt) {
        public boolean isDeltaLink() {
            return offset < 0;
        }
    }

    /**
     * A round of a delta query over change numbers: rows with {@code after < change <= upTo}; {@code changes} rounds
     * (after a deltaLink) also report removed objects. As a deltaLink, only {@code after} counts.
     */
    public record Changes(String tenantId, String select, long after, long upTo, boolean changes, Instant issuedAt) {}

    /** A $skiptoken ("u") or a $deltatoken ("v") of a change-number delta round. */
    public String changes(Changes c, boolean deltaLink) {
        return seal(
                deltaLink ? "v" : "u",
                c.tenantId(),
                c.select(),
                Long.toString(c.after()),
                Long.toString(c.upTo()),
                Boolean.toString(c.changes()),
                Long.toString(c.issuedAt().getEpochSecond()));
    }

    /** The round, if the token is ours, of that kind, for this tenant, and not older than {@link #DELTA_LIFETIME}. */
    public Optional<Changes> readChanges(String token, String tenantId, boolean deltaLink, Instant now) {
        return open(token, deltaLink ? "v" : "u", 6)
                .filter(f -> f.get(0).equalsIgnoreCase(tenantId))
                .flatMap(f -> {
                    try {
                        Instant at = Instant.ofEpochSecond(Long.parseLong(f.get(5)));
                        if (at.plus(DELTA_LIFETIME).isBefore(now)) {
                            return Optional.empty();
                        }
                        return Optional.of(new Changes(
                                f.get(0),
                                f.get(1),
                                Long.parseLong(f.get(2)),
                                Long.parseLong(f.get(3)),
                                Boolean.parseBoolean(f.get(4)),
                                at));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    public String page(Page page) {
        return seal("p", page.tenantId(), page.fingerprint(), Integer.toString(page.offset()));
    }

    /** The page state, if the token is one of ours for this tenant and this query; empty otherwise. */
    public Optional<Page> readPage(String token, String tenantId, String fingerprint) {
        return open(token, "p", 3)
                .filter(f -> f.get(0).equalsIgnoreCase(tenantId) && f.get(1).equals(fingerprint))
                .flatMap(f -> parseInt(f.get(2)).filter(o -> o >= 0).map(o -> new Page(f.get(0), f.get(1), o)));
    }

    /**
     * The state of a page of a list read newest first (chat messages): which query, in which tenant, and the id the
     * next page starts below. Ids, not offsets: messages posted meanwhile move no page.
     */
    public record Before(String tenantId, String fingerprint, long id) {}

    public String before(Before before) {
        return seal("b", before.tenantId(), before.fingerprint(), Long.toString(before.id()));
    }

    /** The state, if the token is one of ours of that kind, for this tenant and this query; empty otherwise. */
    public Optional<Before> readBefore(String token, String tenantId, String fingerprint) {
        return open(token, "b", 3)
                .filter(f -> f.get(0).equalsIgnoreCase(tenantId) && f.get(1).equals(fingerprint))
                .flatMap(f -> {
                    try {
                        return Optional.of(new Before(f.get(0), f.get(1), Long.parseLong(f.get(2))));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    public String delta(Delta delta) {
        return seal(
                delta.isDeltaLink() ? "d" : "s",
                delta.tenantId(),
                delta.select(),
                Integer.toString(delta.offset()),
                Long.toString(delta.issuedAt().getEpochSecond()));
    }

    /** A delta state of the given kind (deltaLink or not), for this tenant; empty if not ours, not this tenant's, or expired. */
    public Optional<Delta> readDelta(String token, String tenantId, boolean deltaLink, Instant now) {
        return open(token, deltaLink ? "d" : "s", 4)
                .filter(f -> f.get(0).equalsIgnoreCase(tenantId))
                .flatMap(f -> {
                    Optional<Integer> offset = parseInt(f.get(2));
                    long issued;
                    try {
                        issued = Long.parseLong(f.get(3));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                    Instant at = Instant.ofEpochSecond(issued);
                    if (offset.isEmpty() || at.plus(DELTA_LIFETIME).isBefore(now)) {
                        return Optional.empty();
                    }
                    return Optional.of(new Delta(f.get(0), f.get(1), offset.get(), at));
                });
    }

    /** A short digest of what a query asked for, so a page token only continues the query it came from. */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String seal(String kind, String... fields) {
        StringBuilder payload = new StringBuilder(kind);
        for (String field : fields) {
            payload.append('.')
                    .append(B64.encodeToString((field == null ? "" : field).getBytes(StandardCharsets.UTF_8)));
        }
        String body = payload.toString();
        return B64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(body));
    }

    private Optional<List<String>> open(String token, String kind, int fieldCount) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            String body = new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(mac(body), B64D.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = body.split("\\.", -1);
            if (parts.length != fieldCount + 1 || !parts[0].equals(kind)) {
                return Optional.empty();
            }
            return Optional.of(Arrays.stream(parts, 1, parts.length)
                    .map(p -> new String(B64D.decode(p), StandardCharsets.UTF_8))
                    .toList());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Integer> parseInt(String value) {
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
