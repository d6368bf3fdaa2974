package io.tenantlink.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.expression.IStandardVariableExpressionEvaluator;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/** The pages' {@code ${...}} expressions give what OGNL gives, and most of them without OGNL. */
class CompiledVariableExpressionsTest {

    public record Row(long seq, String name, String account, Instant at, List<String> tags, Kind kind) {
        public String style() {
            return "badge-" + kind.name().toLowerCase();
        }

        public String label(String prefix, long n) {
            return prefix + n;
        }

        public String over(String s) {
            return "s" + s;
        }

        public String over(Integer i) {
            return "i" + i;
        }
    }

    public enum Kind {
        GRANTED,
        FAILED
    }

    /** A JavaBean, as some views still hand to templates. */
    public static final class Bean {
        public long getId() {
            return 42;
        }

        public boolean isEnabled() {
            return true;
        }

        public String getName() {
            return null;
        }
    }

    public static final class Formats {
        public String utc(Instant at) {
            return at == null ? "" : at.toString().replace('T', ' ');
        }
    }

    @BeforeAll
    static void installTheAccessorsAsThePortalDoes() {
        RecordPropertyAccessor.install();
        InterfaceCachingCompiler.install();
        CachingMemberAccess.install();
    }

    private static Context context() {
        Context context = new Context();
        List<Row> rows = List.of(
                new Row(7, "Contoso", "sam", Instant.parse("2026-12-07T10:00:00Z"), List.of("a", "b"), Kind.GRANTED),
                new Row(8, "Fabrikam", "Fabrikam", null, List.of(), Kind.FAILED));
        context.setVariable("rows", rows);
        context.setVariable("empty", List.of());
        context.setVariable("row", rows.get(0));
        context.setVariable("none", null);
        context.setVariable("bean", new Bean());
        context.setVariable("fmt", new Formats());
        context.setVariable("n", 3);
        context.setVariable("big", 5_000_000_000L);
        context.setVariable("text", "abc");
        context.setVariable("flag", false);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", "v");
        map.put("size", "a key named size");
        context.setVariable("map", map);
        context.setVariable("array", new String[] {"x", "y"});
        return context;
    }

    /** Every form the evaluator handles, and some it hands to OGNL, each compared with OGNL's own answer. */
    private static final List<String> EXPRESSIONS = List.of(
            "row.seq",
            "row.name",
            "row.name()",
            "row.style()",
            "row.kind",
            "row.kind == 'GRANTED'",
            "row.kind.name()",
            "rows.size()",
            "rows.isEmpty()",
            "empty.isEmpty()",
            "rows[0].seq",
            "rows[rows.size() - 1].name",
            "rows[1].tags.size()",
            "row.tags[1]",
            "array[1]",
            "array.length",
            "map.k",
            "map['k']",
            "map.size",
            "map['size']",
            "map.missing",
            "bean.id",
            "bean.enabled",
            "bean.name",
            "bean.name == null",
            "fmt.utc(row.at)",
            "fmt.utc(rows[1].at)",
            "row.label('n', row.seq)",
            "row.label('n', n)",
            "row.over('x')",
            "row.over(n)",
            "none",
            "none == null",
            "none != null",
            "none.name",
            "rows[1].at.epochSecond",
            "row.account != null and row.account != row.name",
            "rows[1].account != null and rows[1].account != rows[1].name",
            "row.name and n",
            "none and n",
            "none or n",
            "flag or text",
            "!flag",
            "not flag",
            "!text",
            "!rows.isEmpty()",
            "n > 2",
            "n >= 3",
            "n < 3",
            "n <= 2",
            "n == 3",
            "n == 3.0",
            "big == 5000000000L",
            "big > n",
            "text == 'abc'",
            "text != 'abd'",
            "'a' == text",
            "n + 1",
            "n - 1",
            "n - big",
            "text + n",
            "'/audit?' + text + '&n=' + n",
            "n + 1 + text",
            "none + text",
            "flag ? 'yes' : 'no'",
            "row.tags.isEmpty() ? 'none' : row.tags[0]",
            "row.account != row.name ? row.account : ''",
            "row.tags.{#this}",
            "#root",
            "@java.lang.Math@max(1, 2)",
            "row.getClass().getName()",
            "rows.?[seq > 7].size()",
            "#messages.msg('missing.key')",
            "#strings.toUpperCase(text)",
            "#strings.isEmpty(text)",
            "#strings.listJoin(row.tags, ' ')",
            "row.over('x')",
            "'#feature-' + row.name",
            "#vars.text",
            "#nothing",
            "param",
            "new java.util.Date()");

    @Test
    void everyFormGivesWhatOgnlGivesItsValueOrItsError() {
        TemplateEngine ognl = engine(false);
        TemplateEngine compiled = engine(true);
        Context context = context();
        for (String expression : EXPRESSIONS) {
            // th:text evaluates as is; th:attr (as most attributes) in Thymeleaf's restricted mode
            for (String template : List.of(
                    "<p th:text=\"${" + expression + "}\">x</p>",
                    "<p th:attr=\"data-x=${" + expression + "}\">x</p>")) {
                for (int round = 0; round < 2; round++) { // the second round reads what the first remembered
                    String expected;
                    try {
                        expected = ognl.process(template, context);
                    } catch (TemplateProcessingException e) {
                        expected = "error: " + e.getMessage();
                    }
                    String actual;
                    try {
                        actual = compiled.process(template, context);
                    } catch (TemplateProcessingException e) {
                        actual = "error: " + e.getMessage();
                    }
                    assertEquals(expected, actual, expression);
                }
            }
        }
    }

    @Test
    void conditionsIterationAndAttributesGiveTheSamePage() {
        String template = "<ul><li th:each=\"r, it : ${rows}\" th:if=\"${r.seq > 6 and !r.tags.contains('z')}\""
                + " th:attr=\"data-seq=${r.seq}\" th:classappend=\"${r.style()}\""
                + " th:text=\"${r.name + (it.last ? '' : ', ')}\">x</li></ul>"
                + "<p th:unless=\"${rows.isEmpty()}\" th:text=\"${rows[0].seq} + ' to ' + ${rows[rows.size() - 1].seq}\">r</p>";
        Context context = context();
        assertEquals(engine(false).process(template, context), engine(true).process(template, context));
        assertTrue(engine(true).process(template, context).contains("data-seq=\"8\""));
    }

    @Test
    void theFormsItHandlesAreEvaluatedWithoutOgnl() {
        TemplateEngine withoutOgnl = engine(new IStandardVariableExpressionEvaluator() {
            @Override
            public Object evaluate(
                    org.thymeleaf.context.IExpressionContext context,
                    org.thymeleaf.standard.expression.IStandardVariableExpression expression,
                    org.thymeleaf.standard.expression.StandardExpressionExecutionContext executionContext) {
                throw new AssertionError("handed to OGNL: " + expression.getExpression());
            }
        });
        assertEquals(
                "<p>Contoso sam badge-granted 2026-12-07 10:00:00Z 2 a key named size 42 true no7 b a-b</p>",
                withoutOgnl.process(
                        "<p th:text=\"${row.name} + ' ' + ${row.account != null ? row.account : ''} + ' ' + ${row.style()}"
                                + " + ' ' + ${fmt.utc(row.at)} + ' ' + ${rows.size()} + ' ' + ${map['size']}"
                                + " + ' ' + ${bean.id} + ' ' + ${bean.enabled and !flag} + ' ' + ${row.label('no', row.seq)}"
                                + " + ' ' + ${rows[0].tags[rows.size() - 1]} + ' ' + ${#strings.listJoin(row.tags, '-')}\">x</p>",
                        context()));
    }

    @Test
    void aBlockedMemberIsRefusedByOgnlsCheckAsBefore() {
        TemplateEngine compiled = engine(true);
        for (int i = 0; i < 2; i++) {
            assertThrows(
                    TemplateProcessingException.class,
                    () -> compiled.process("<p th:text=\"${row.getClass().getClassLoader()}\">x</p>", context()));
        }
    }

    private static final Pattern VARIABLE_EXPRESSION = Pattern.compile("\\$\\{([^{}]*)}");

    @Test
    void nearlyEveryExpressionOfThePagesTemplatesIsCompiled() throws IOException {
        Set<String> expressions = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/webapp/WEB-INF/views"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = VARIABLE_EXPRESSION.matcher(Files.readString(file));
                while (m.find()) {
                    expressions.add(m.group(1)
                            .replace("&quot;", "\"")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">"));
                }
            }
        }
        List<String> leftToOgnl = new ArrayList<>();
        for (String expression : expressions) {
            if (CompiledVariableExpressions.compile(expression) == CompiledVariableExpressions.UNSUPPORTED) {
                leftToOgnl.add(expression);
            }
        }
        assertTrue(expressions.size() > 500, "the templates' expressions were found: " + expressions.size());
        assertTrue(
                leftToOgnl.size() * 20 < expressions.size(),
                "at most 5 % left to OGNL; " + leftToOgnl.size() + " of " + expressions.size() + ": " + leftToOgnl);
    }

    private static TemplateEngine engine(boolean compiled) {
        StandardDialect standard = new StandardDialect();
        return engine(compiled ? new CompiledVariableExpressions(standard.getVariableExpressionEvaluator()) : null);
    }

    private static TemplateEngine engine(IStandardVariableExpressionEvaluator evaluator) {
        TemplateEngine engine = new TemplateEngine();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        engine.setTemplateResolver(resolver);
        if (evaluator != null) {
            StandardDialect standard = new StandardDialect();
            IStandardVariableExpressionEvaluator wrapped = evaluator;
            if (evaluator instanceof CompiledVariableExpressions == false) {
                wrapped = new CompiledVariableExpressions(evaluator);
            }
            standard.setVariableExpressionEvaluator(wrapped);
            engine.setDialect(standard);
        }
        return engine;
    }
}
