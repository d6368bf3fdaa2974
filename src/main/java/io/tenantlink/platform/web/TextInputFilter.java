package io.tenantlink.platform.web;

import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.text.Text;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one door every text input passes (SECURITY.md 22): the path, the query and form bodies are decoded
 * strictly as UTF-8 here, and a request with invalid UTF-8, control characters or bidi overrides in any of
 * them is refused with 400 and the error page, which never echoes the value. Form bodies larger than
 * {@link #MAX_FORM_BYTES} are refused unread. What passes is handed on NFC-normalised (passwords as typed,
 * so hashes made before stay valid). The Microsoft stand-in and the health probes are not portal input.
 */
@WebFilter(filterName = "TextInputFilter", urlPatterns = "/*")
public class TextInputFilter extends HttpFilter {

    @Inject
    jakarta.enterprise.event.Event<InputRefused> refusals;

    @Inject
    CurrentUser currentUser;

    /** The largest form: an approval job for 100,000 users' object ids fits with room to spare; 10 MB does not. */
    static final int MAX_FORM_BYTES = 5 * 1024 * 1024;

    private static final String FORM = "application/x-www-form-urlencoded";

    private static final String JSON = "application/json";

    /** The largest JSON body the API takes. */
    static final int MAX_JSON_BYTES = 1024 * 1024;

    /** The only fields that are text areas (lists of user object ids, an incident's description, a note); every other value is one line, without tabs. */
    private static final java.util.Set<String> MULTI_LINE = java.util.Set.of("users", "description", "body");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (PublicOrigin.anyHost(request)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            String path = decode(request.getRequestURI(), false);
            if (Text.hasForbidden(path, false)) {
                throw new Refused("input", "control characters, bidi overrides or invalid UTF-8 in the path");
            }
            String rawQuery = request.getQueryString();
            Parsed query = rawQuery == null ? null : parse(rawQuery);
            Parsed body = null;
            String type = request.getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
                if (request.getContentLengthLong() > MAX_FORM_BYTES) {
                    throw new Refused("size", TOO_LARGE);
                }
                byte[] bytes = readAtMost(request.getInputStream(), MAX_FORM_BYTES);
                body = parse(new String(bytes, StandardCharsets.ISO_8859_1));
                body.original = bytes;
            } else if (type != null
                    && ApiErrors.isApi(request)
                    && type.toLowerCase(Locale.ROOT).startsWith(JSON)) {
                // The JSON API: the body must be strict UTF-8 and at most MAX_JSON_BYTES; the API checks every
                // string in it for control characters and bidi overrides (escapes such as \u0000 decode only there).
                if (request.getContentLengthLong() > MAX_JSON_BYTES) {
                    throw new Refused("size", "a JSON body larger than " + MAX_JSON_BYTES + " bytes");
                }
                byte[] bytes = readAtMost(request.getInputStream(), MAX_JSON_BYTES);
                strictUtf8(bytes);
                if (query == null) {
                    chain.doFilter(new JsonBody(request, bytes), response);
                } else {
                    chain.doFilter(new JsonBody(new Normalised(request, query, null), bytes), response);
                }
                return;
            } else if (type != null
                    && (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null)) {
                // Every portal form is URL-encoded; any other body (JSON, XML) is not something a page takes.
                throw new Refused("415", HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "a body of type " + type);
            }
            if (query == null && body == null) {
                chain.doFilter(request, response);
                return;
            }
            chain.doFilter(new Normalised(request, query, body), response);
        } catch (Refused refused) {
            // The value is neither logged, audited nor echoed: the record and the page name the kind of problem only.
            refusals.fire(new InputRefused(
                    currentUser.actor(),
                    "request " + request.getMethod() + " " + auditedPath(request),
                    "input refused: " + refused.reason));
            request.setAttribute(ErrorPages.KIND, refused.getMessage());
            response.sendError(refused.status);
        }
    }

    /** The path for the audit record: an approval link's or self-link invitation's token is a secret and stays out of it (SECURITY.md 17). */
    private static String auditedPath(HttpServletRequest request) {
        String path = PublicOrigin.path(request);
        if (path.startsWith("/approve/")) {
            return "/approve/…";
        }
        if (path.startsWith("/link-me/")) {
            return "/link-me/…";
        }
        return path.length() > 120 ? path.substring(0, 120) + "…" : path;
    }

    private static final String TOO_LARGE = "a form larger than " + MAX_FORM_BYTES + " bytes";
    private static final String UNUSABLE = "control characters, bidi overrides or invalid UTF-8 in the request";

    /** A refusal: the error page's kind, the status, and the reason for the audit record (never the value). */
    private static final class Refused extends Exception {
        final int status;
        final String reason;

        Refused(String kind, String reason) {
            this(kind, HttpServletResponse.SC_BAD_REQUEST, reason);
        }

        Refused(String kind, int status, String reason) {
            super(kind, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }

    /** Parameters as sent (names and values in order), NFC-normalised, and the encoded form of that. */
    private static final class Parsed {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        boolean changed;
        String encoded;
        byte[] original;
    }

    private static Parsed parse(String raw) throws Refused {
        Parsed parsed = new Parsed();
        StringBuilder encoded = new StringBuilder(raw.length());
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            if (Text.hasForbidden(name, false) || Text.hasForbidden(value, MULTI_LINE.contains(name))) {
                throw new Refused("input", UNUSABLE);
            }
            String normal = name.toLowerCase(Locale.ROOT).contains("password") ? value : Text.nfc(value);
            parsed.changed |= !normal.equals(value);
            parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(normal);
            if (!encoded.isEmpty()) {
                encoded.append('&');
            }
            encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(normal, StandardCharsets.UTF_8));
        }
        parsed.encoded = encoded.toString();
        return parsed;
    }

    /** Percent-decoding into bytes, then a strict UTF-8 decode: malformed escapes and invalid UTF-8 are refused. */
    static String decode(String raw, boolean plusIsSpace) throws Refused {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new Refused("input", UNUSABLE);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Refused("input", UNUSABLE);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c > 0xFF) {
                throw new Refused("input", UNUSABLE);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Refused("input", UNUSABLE);
        }
    }

    private static void strictUtf8(byte[] bytes) throws Refused {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new Refused("input", UNUSABLE);
        }
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException, Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                throw new Refused("size", TOO_LARGE);
            }
        }
        return out.toByteArray();
    }

    /** A JSON body read (and checked) once, replayed to the API. */
    private static final class JsonBody extends HttpServletRequestWrapper {

        private final byte[] bytes;

        JsonBody(HttpServletRequest request, byte[] bytes) {
            super(request);
            this.bytes = bytes;
        }

        @Override
        public ServletInputStream getInputStream() {
            return replay(bytes);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return bytes.length;
        }

        @Override
        public long getContentLengthLong() {
            return bytes.length;
        }
    }

    /** A body already read, given to the application again. */
    private static ServletInputStream replay(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("not asynchronous");
            }
        };
    }

    /** The request as checked: the query and the body replayed, normalised where normalisation changed them. */
    private static final class Normalised extends HttpServletRequestWrapper {

        private final Parsed query;
        private final Parsed body;
        private final byte[] bodyBytes;
        private final Map<String, String[]> parameters = new LinkedHashMap<>();

        Normalised(HttpServletRequest request, Parsed query, Parsed body) {
            super(request);
            this.query = query;
            this.body = body;
            this.bodyBytes = body == null
                    ? null
                    : body.changed ? body.encoded.getBytes(StandardCharsets.US_ASCII) : body.original;
            Map<String, List<String>> all = new LinkedHashMap<>();
            for (Parsed part : new Parsed[] {query, body}) {
                if (part != null) {
                    part.values.forEach((name, values) ->
                            all.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
                }
            }
            all.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        }

        @Override
        public String getQueryString() {
            return query == null ? super.getQueryString() : query.changed ? query.encoded : super.getQueryString();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (bodyBytes == null) {
                return super.getInputStream();
            }
            return replay(bodyBytes);
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return bodyBytes == null
                    ? super.getReader()
                    : new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return bodyBytes == null ? super.getContentLength() : bodyBytes.length;
        }

        @Override
        public long getContentLengthLong() {
            return bodyBytes == null ? super.getContentLengthLong() : bodyBytes.length;
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Collections.unmodifiableMap(parameters);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }
    }
}
