package io.tenantlink.sandbox.graph;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Throttling and fault injection of the Graph stand-in.
 *
 * <p>Throttling: Graph limits each app per tenant (Microsoft's "throttling limits": resource units per
 * app and tenant per 10 seconds). The sandbox counts requests per (appid, tenant) in fixed 10-second
 * windows, {@code sandbox.graph.requests-per-10s} of them (default 2000, so ordinary tests
 * never meet it); beyond, 429 TooManyRequests with Retry-After: the seconds until the window ends.
 * Every operation counts: a direct request, and each request inside a {@code $batch} (Graph evaluates
 * batched requests one by one); the {@code $batch} envelope itself does not.
 *
 * <p>Faults, set at run time through {@code POST /sandbox/graph-control/faults}: {@code latencyMillis}
 * is added once per HTTP request (a {@code $batch} of 20 pays it once, which is what makes batching
 * measurably better, as with a real network round trip); {@code hangNextRequests} HTTP requests each
 * wait {@code hangMillis} before they are answered (normally, if the client still listens);
 * {@code throttleNextRequests} operations are answered 429 at once; {@code errorRate} of the
 * operations fail with {@code errorStatus} (500 generalException or 503 serviceNotAvailable).
 *
 * <p>Write limit (off unless set): Microsoft also limits writes per app and tenant (the identity and access
 * service limits: 3,000 writes per 150 seconds). {@code writeLimit} writes (POST, PATCH, PUT, DELETE operations,
 * batched ones one by one) per {@code writeWindowSeconds} (default 15) fixed window per (appid, tenant); beyond,
 * 429 with Retry-After: the seconds until that window ends. Reads are not counted there; every operation still
 * counts towards {@code requestsPer10s}.
 */
@ApplicationScoped
public class SandboxGraphFaults {

    static final long WINDOW_MILLIS = 10_000;
    static final int MAX_DELAY_MILLIS = 300_000;

    @Inject
    @ConfigProperty(name = "sandbox.graph.requests-per-10s", defaultValue = "2000")
    int configuredLimit = 2000;

    /** Time source (tests replace it). */
    LongSupplier clock = System::currentTimeMillis;

    private Settings settings = Settings.NONE;
    private final Map<String, long[]> windows = new HashMap<>();
    private final Map<String, long[]> writeWindows = new HashMap<>();
    private final Map<String, long[]> messageWindows = new HashMap<>();

    /**
     * Microsoft's Teams service limits (https://learn.microsoft.com/graph/throttling-limits#microsoft-teams-service-limits):
     * "POST 1:1/group chat message", 20 requests per second per app per tenant.
     */
    static final int CHAT_MESSAGES_PER_SECOND = 20;

    /**
     * The same page: "A maximum of 4 requests per second per app can be issued on a given team or channel". Microsoft
     * words it for teams and channels; the stand-in applies it to each chat too (a thread, as a channel is).
     */
    static final int CHAT_MESSAGES_PER_SECOND_PER_CHAT = 4;

    /**
     * What is injected now. {@code requestsPer10s} overrides the configured limit when not null;
     * {@code retryAfterSeconds} is what injected 429s and 503s announce.
     */
    public record Settings(
            int latencyMillis,
            double errorRate,
            int errorStatus,
            int throttleNextRequests,
            int hangNextRequests,
            int hangMillis,
            int retryAfterSeconds,
            Integer requestsPer10s,
            Integer writeLimit,
            int writeWindowSeconds) {
        static final Settings NONE = new Settings(0, 0, 500, 0, 0, 0, 2, null, null, 15);

        Settings withCounters(int throttleNext, int hangNext) {
            return new Settings(
                    latencyMillis,
                    errorRate,
                    errorStatus,
                    throttleNext,
                    hangNext,
                    hangMillis,
                    retryAfterSeconds,
                    requestsPer10s,
                    writeLimit,
                    writeWindowSeconds);
        }

        public Map<String, Object> toJson(int effectiveLimit) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("latencyMillis", latencyMillis);
            json.put("errorRate", errorRate);
            json.put("errorStatus", errorStatus);
            json.put("throttleNextRequests", throttleNextRequests);
            json.put("hangNextRequests", hangNextRequests);
            json.put("hangMillis", hangMillis);
            json.put("retryAfterSeconds", retryAfterSeconds);
            json.put("requestsPer10s", effectiveLimit);
            json.put("writeLimit", writeLimit);
            json.put("writeWindowSeconds", writeWindowSeconds);
            return json;
        }
    }

    public synchronized Settings settings() {
        return settings;
    }

    public synchronized int limit() {
        return settings.requestsPer10s() != null ? settings.requestsPer10s() : configuredLimit;
    }

    /** Changes the fields present in the JSON object; the others keep their value. Throws IllegalArgumentException on a bad value. */
    public synchronized Settings update(Map<String, Object> json) {
        Settings s = settings;
        for (String name : json.keySet()) {
            if (!Settings.NONE.toJson(0).containsKey(name)) {
                throw new IllegalArgumentException("Unknown setting '" + name + "'.");
            }
        }
        int latency = intValue(json, "latencyMillis", s.latencyMillis(), 0, MAX_DELAY_MILLIS);
        double errorRate = s.errorRate();
        if (json.containsKey("errorRate")) {
            if (!(json.get("errorRate") instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
                throw new IllegalArgumentException("errorRate must be a number from 0 to 1.");
            }
            errorRate = n.doubleValue();
        }
        int errorStatus = intValue(json, "errorStatus", s.errorStatus(), 500, 503);
        if (errorStatus != 500 && errorStatus != 503) {
            throw new IllegalArgumentException("errorStatus must be 500 or 503.");
        }
        int throttle = intValue(json, "throttleNextRequests", s.throttleNextRequests(), 0, Integer.MAX_VALUE);
        int hang = intValue(json, "hangNextRequests", s.hangNextRequests(), 0, Integer.MAX_VALUE);
        int hangMillis = intValue(json, "hangMillis", s.hangMillis(), 0, MAX_DELAY_MILLIS);
        int retryAfter = intValue(json, "retryAfterSeconds", s.retryAfterSeconds(), 1, 3600);
        Integer limit = s.requestsPer10s();
        if (json.containsKey("requestsPer10s")) {
            limit = json.get("requestsPer10s") == null
                    ? null
                    : intValue(json, "requestsPer10s", 0, 1, Integer.MAX_VALUE);
            windows.clear();
        }
        Integer writeLimit = s.writeLimit();
        if (json.containsKey("writeLimit")) {
            writeLimit = json.get("writeLimit") == null ? null : intValue(json, "writeLimit", 0, 1, Integer.MAX_VALUE);
            writeWindows.clear();
        }
        int writeWindow = intValue(json, "writeWindowSeconds", s.writeWindowSeconds(), 1, 3600);
        if (writeWindow != s.writeWindowSeconds()) {
            writeWindows.clear();
        }
        settings = new Settings(
                latency,
                errorRate,
                errorStatus,
                throttle,
                hang,
                hangMillis,
                retryAfter,
                limit,
                writeLimit,
                writeWindow);
        return settings;
    }

    /** Back to no faults, the configured limit, and empty throttling windows. */
    public synchronized void reset() {
        settings = Settings.NONE;
        windows.clear();
        writeWindows.clear();
        messageWindows.clear();
    }

    /**
     * Admits one chat message post of (app, tenant) to the chat, or answers 429 with Retry-After: at most
     * {@link #CHAT_MESSAGES_PER_SECOND} per app and tenant and {@link #CHAT_MESSAGES_PER_SECOND_PER_CHAT} per app and
     * chat, in fixed one-second windows. On top of {@link #admit}, which every operation passes first.
     */
    public synchronized GraphError admitChatMessage(String throttleKey, String chatId) {
        long now = clock.getAsLong();
        long second = now / 1000;
        long[] app = messageWindows.computeIfAbsent(throttleKey, k -> new long[] {second, 0});
        long[] chat = messageWindows.computeIfAbsent(throttleKey + "|" + chatId, k -> new long[] {second, 0});
        for (long[] w : List.of(app, chat)) {
            if (w[0] != second) {
                w[0] = second;
                w[1] = 0;
            }
        }
        if (app[1] >= CHAT_MESSAGES_PER_SECOND || chat[1] >= CHAT_MESSAGES_PER_SECOND_PER_CHAT) {
            return GraphError.throttled(1);
        }
        app[1]++;
        chat[1]++;
        return null;
    }

    /** The delay one HTTP request must wait: the latency, plus hangMillis while hangNextRequests lasts. */
    public synchronized long delayForRequest() {
        long delay = settings.latencyMillis();
        if (settings.hangNextRequests() > 0) {
            delay += settings.hangMillis();
            settings = settings.withCounters(settings.throttleNextRequests(), settings.hangNextRequests() - 1);
        }
        return delay;
    }

    /** Admits one operation of (app, tenant), or says how it fails: an injected 429, the limiter's 429, an injected error. */
    public synchronized GraphError admit(String throttleKey) {
        return admit(throttleKey, false);
    }

    /** As {@link #admit(String)}; a write also counts against the write limit, when one is set. */
    public synchronized GraphError admit(String throttleKey, boolean write) {
        if (settings.throttleNextRequests() > 0) {
            settings = settings.withCounters(settings.throttleNextRequests() - 1, settings.hangNextRequests());
            return GraphError.throttled(settings.retryAfterSeconds());
        }
        long now = clock.getAsLong();
        if (write && settings.writeLimit() != null) {
            long length = settings.writeWindowSeconds() * 1000L;
            long[] writes = writeWindows.computeIfAbsent(throttleKey, k -> new long[] {now, 0});
            if (now - writes[0] >= length) {
                writes[0] = now;
                writes[1] = 0;
            }
            if (writes[1] >= settings.writeLimit()) {
                return GraphError.throttled((writes[0] + length - now + 999) / 1000);
            }
        }
        long[] window = windows.computeIfAbsent(throttleKey, k -> new long[] {now, 0});
        if (now - window[0] >= WINDOW_MILLIS) {
            window[0] = now;
            window[1] = 0;
        }
        if (window[1] >= limit()) {
            long remaining = window[0] + WINDOW_MILLIS - now;
            return GraphError.throttled((remaining + 999) / 1000);
        }
        window[1]++;
        if (write && settings.writeLimit() != null) {
            writeWindows.get(throttleKey)[1]++;
        }
        if (settings.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.errorRate()) {
            if (settings.errorStatus() == 503) {
                return new GraphError(
                                503,
                                "serviceNotAvailable",
                                "The service is temporarily unavailable. Try the request again after a delay (sandbox fault injection).")
                        .header("Retry-After", Integer.toString(settings.retryAfterSeconds()));
            }
            return new GraphError(
                    500, "generalException", "An unspecified error has occurred (sandbox fault injection).");
        }
        return null;
    }

    private static int intValue(Map<String, Object> json, String name, int current, int min, int max) {
        if (!json.containsKey(name)) {
            return current;
        }
        Object value = json.get(name);
        if (!(value instanceof Number n)
                || n.doubleValue() != Math.rint(n.doubleValue())
                || n.longValue() < min
                || n.longValue() > max) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ".");
        }
        return n.intValue();
    }

    // --- requests served (the benchmarks count requests on the wire here) -------------------------------------------

    private final java.util.Map<String, Long> served = new java.util.TreeMap<>();

    /** Counts one HTTP request to Graph, by method and path with ids left out ("POST /chats/{id}/members"). */
    public synchronized void served(String method, String path) {
        String shape = path.replaceAll("\\?.*$", "").replaceAll("/[^/]*[0-9][^/]*", "/{id}");
        served.merge(method + " " + shape, 1L, Long::sum);
    }

    /** The requests served since the last {@link #forgetServed()}, by shape, and their total under "total". */
    public synchronized java.util.Map<String, Object> servedCounts() {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("total", served.values().stream().mapToLong(Long::longValue).sum());
        json.put("byRequest", new java.util.LinkedHashMap<>(served));
        return json;
    }

    public synchronized void forgetServed() {
        served.clear();
    }
}
