package io.tenantlink.sandbox.graph;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query string of a Graph request: OData system query options ({@code $top}, {@code $select}, ...)
 * whose names Graph matches case-insensitively, and their checks as Graph answers them. Values are
 * decoded as ASP.NET decodes a query string ({@code +} is a space).
 */
public final class ODataQuery {

    /** Options the sandbox's Graph never serves, and how Graph words the refusal of $skip on directory objects. */
    private static final Set<String> KNOWN_UNSUPPORTED =
            Set.of("$orderby", "$count", "$search", "$expand", "$format", "$apply");

    private record Param(String rawName, String rawValue, String name, String value) {}

    private final List<Param> params;
    private final Map<String, String> options = new LinkedHashMap<>();

    private ODataQuery(List<Param> params) {
        this.params = params;
        for (Param p : params) {
            if (p.name().startsWith("$")) {
                String key = p.name().toLowerCase(Locale.ROOT);
                if (options.containsKey(key)) {
                    throw GraphError.badRequest("Query option '" + p.name()
                            + "' was specified more than once, but it must be specified at most once.");
                }
                options.put(key, p.value());
            }
        }
    }

    public static ODataQuery parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                params.add(new Param(rawName, rawValue, decode(rawName), decode(rawValue)));
            }
        }
        return new ODataQuery(params);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GraphError.badRequest("The query string is not correctly encoded.");
        }
    }

    /** A system query option by name ("$top"), case-insensitively; "" counts as absent. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }

    public boolean has(String name) {
        return options.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Refuses every system query option but these, each with the answer Graph gives. */
    public ODataQuery allowOnly(Collection<String> allowed) {
        for (String name : options.keySet()) {
            if (allowed.stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                continue;
            }
            if (name.equals("$skip")) {
                throw GraphError.badRequest(
                        "Query option 'Skip' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.");
            }
            if (name.equals("$top")) {
                throw GraphError.unsupportedQuery("The query option '$top' is not supported on this resource.");
            }
            if (KNOWN_UNSUPPORTED.contains(name)
                    || name.equals("$filter")
                    || name.equals("$select")
                    || name.equals("$skiptoken")
                    || name.equals("$deltatoken")) {
                throw GraphError.unsupportedQuery("The Microsoft Graph sandbox does not support the query option '"
                        + name + "' on this resource.");
            }
            throw GraphError.badRequest("The query parameter '" + name + "' is not supported.");
        }
        return this;
    }

    /** $top: 1..max (Graph: 999 for directory objects), the default when absent. */
    public int top(int defaultSize, int max) {
        Optional<String> top = option("$top");
        if (top.isEmpty()) {
            return defaultSize;
        }
        int value;
        try {
            value = Integer.parseInt(top.get().trim());
        } catch (NumberFormatException e) {
            throw GraphError.badRequest("Invalid value '" + top.get()
                    + "' for $top query option found. The $top query option requires a non-negative integer value.");
        }
        if (value < 1 || value > max) {
            throw GraphError.unsupportedQuery(
                    "Invalid page size specified: '" + value + "'. Must be between 1 and " + max + " inclusive.");
        }
        return value;
    }

    /**
     * $select as canonical property names, in the order asked; an unknown one is 400 as in Graph
     * ("Could not find a property named 'x' on type 'microsoft.graph.user'."). Empty when absent.
     */
    public List<String> select(Collection<String> known, String type) {
        List<String> selected = new ArrayList<>();
        Optional<String> select = option("$select");
        if (select.isEmpty()) {
            return selected;
        }
        for (String part : select.get().split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            String canonical = known.stream()
                    .filter(k -> k.equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> GraphError.badRequest(
                            "Could not find a property named '" + name + "' on type '" + type + "'."));
            if (!selected.contains(canonical)) {
                selected.add(canonical);
            }
        }
        return selected;
    }

    /** The query string as the client sent it, minus the named options (for @odata.nextLink). */
    public String rawWithout(String... names) {
        StringBuilder out = new StringBuilder();
        for (Param p : params) {
            boolean dropped = false;
            for (String name : names) {
                dropped |= p.name().equalsIgnoreCase(name);
            }
            if (!dropped) {
                out.append(out.length() == 0 ? "" : "&").append(p.rawName());
                if (!p.rawValue().isEmpty() || !p.rawName().isEmpty()) {
                    out.append('=').append(p.rawValue());
                }
            }
        }
        return out.toString();
    }
}
