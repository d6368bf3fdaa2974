package io.tenantlink.sandbox.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The part of OData's $filter that Graph answers on directory objects without "advanced query"
 * headers: {@code prop eq 'v'}, {@code prop in ('a','b')}, {@code startswith(prop,'v')}, combined
 * with {@code and}, {@code or} and parentheses. String comparisons ignore case, as Entra's do.
 * Each resource lists which properties take which operator; anything else is a 400 in Graph's words.
 */
public final class ODataFilter {

    public enum Op {
        EQ,
        IN,
        STARTSWITH
    }

    /** A resource's filterable properties (canonical names) and the operators each accepts. */
    public static final class Schema {
        private final String resource;
        private final Map<String, Set<Op>> properties = new LinkedHashMap<>();

        public Schema(String resource) {
            this.resource = resource;
        }

        public Schema property(String name, Op first, Op... more) {
            properties.put(name, EnumSet.of(first, more));
            return this;
        }

        String canonical(String name) {
            return properties.keySet().stream()
                    .filter(k -> k.equalsIgnoreCase(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A parsed filter: tests an object given its property values (a String, a collection of Strings, or null). */
    @FunctionalInterface
    public interface Expr {
        boolean test(Function<String, Object> values);
    }

    private final String text;
    private final Schema schema;
    private final List<String> tokens = new ArrayList<>();
    private int next;

    private ODataFilter(String text, Schema schema) {
        this.text = text;
        this.schema = schema;
    }

    public static Expr parse(String text, Schema schema) {
        ODataFilter parser = new ODataFilter(text, schema);
        parser.tokenize();
        if (parser.tokens.isEmpty()) {
            throw parser.syntax("the filter is empty");
        }
        Expr expr = parser.or();
        if (parser.next < parser.tokens.size()) {
            throw parser.syntax("unexpected '" + parser.tokens.get(parser.next) + "'");
        }
        return expr;
    }

    private Expr or() {
        List<Expr> terms = new ArrayList<>();
        terms.add(and());
        while (keyword("or")) {
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : values -> terms.stream().anyMatch(t -> t.test(values));
    }

    private Expr and() {
        List<Expr> terms = new ArrayList<>();
        terms.add(primary());
        while (keyword("and")) {
            terms.add(primary());
        }
        return terms.size() == 1 ? terms.get(0) : values -> terms.stream().allMatch(t -> t.test(values));
    }

    private Expr primary() {
        String token = take("a comparison");
        if (token.equals("(")) {
            Expr inner = or();
            expect(")");
            return inner;
        }
        if (isString(token) || !isIdentifier(token)) {
            throw syntax("unexpected '" + token + "'");
        }
        if (peek("(")) {
            if (!token.equalsIgnoreCase("startswith")) {
                throw unsupported("the function '" + token + "'");
            }
            expect("(");
            String property = property(take("a property"), Op.STARTSWITH);
            expect(",");
            String prefix = literal();
            expect(")");
            String lowered = prefix.toLowerCase(Locale.ROOT);
            return values -> valuesOf(values.apply(property)).stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).startsWith(lowered));
        }
        String operator = take("an operator");
        if (operator.equalsIgnoreCase("eq")) {
            String property = property(token, Op.EQ);
            String value = literal();
            return values -> valuesOf(values.apply(property)).stream().anyMatch(v -> v.equalsIgnoreCase(value));
        }
        if (operator.equalsIgnoreCase("in")) {
            String property = property(token, Op.IN);
            expect("(");
            List<String> wanted = new ArrayList<>();
            wanted.add(literal());
            while (peek(",")) {
                expect(",");
                wanted.add(literal());
            }
            expect(")");
            return values -> valuesOf(values.apply(property)).stream()
                    .anyMatch(v -> wanted.stream().anyMatch(v::equalsIgnoreCase));
        }
        if (Set.of("ne", "gt", "ge", "lt", "le", "has").contains(operator.toLowerCase(Locale.ROOT))) {
            throw unsupported("the operator '" + operator + "'");
        }
        throw syntax("unexpected '" + operator + "' after '" + token + "'");
    }

    private String property(String name, Op op) {
        String canonical = schema.canonical(name);
        if (canonical == null || !schema.properties.get(canonical).contains(op)) {
            throw GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '"
                    + name + "' of resource '" + schema.resource + "'.");
        }
        return canonical;
    }

    private String literal() {
        String token = take("a string literal");
        if (!isString(token)) {
            throw syntax("expected a string literal in quotes, found '" + token + "'");
        }
        return token.substring(1, token.length() - 1).replace("''", "'");
    }

    private static Collection<String> valuesOf(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> many) {
            return many.stream().filter(v -> v != null).map(Object::toString).toList();
        }
        return List.of(value.toString());
    }

    private boolean keyword(String word) {
        if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean peek(String token) {
        return next < tokens.size() && tokens.get(next).equals(token);
    }

    private void expect(String token) {
        String found = take("'" + token + "'");
        if (!found.equals(token)) {
            throw syntax("expected '" + token + "', found '" + found + "'");
        }
    }

    private String take(String what) {
        if (next >= tokens.size()) {
            throw syntax("expected " + what + " at the end");
        }
        return tokens.get(next++);
    }

    private static boolean isString(String token) {
        return token.length() >= 2 && token.startsWith("'") && token.endsWith("'");
    }

    private static boolean isIdentifier(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int start = i++;
                while (true) {
                    if (i >= text.length()) {
                        throw syntax("unterminated string literal at position " + start);
                    }
                    if (text.charAt(i) == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                add(text.substring(start, i));
            } else {
                int start = i;
                while (i < text.length()
                        && !Character.isWhitespace(text.charAt(i))
                        && "(),'".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                add(text.substring(start, i));
            }
        }
    }

    private void add(String token) {
        tokens.add(token);
    }

    private GraphError syntax(String detail) {
        return GraphError.badRequest("Invalid filter clause: " + detail + " in '" + text + "'.");
    }

    private GraphError unsupported(String what) {
        return GraphError.unsupportedQuery(
                "Unsupported query: " + what
                        + " is not supported. The Microsoft Graph sandbox supports eq, in and startswith, combined with and, or and parentheses.");
    }
}
