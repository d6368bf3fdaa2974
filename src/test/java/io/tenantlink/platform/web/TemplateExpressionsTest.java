package io.tenantlink.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ognl.OgnlRuntime;
import ognl.enhance.ExpressionCompiler;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/** The expression shortcuts the pages' templates run on give what OGNL alone gives. */
class TemplateExpressionsTest {

    record Row(long seq, String name, List<String> tags, Map<String, String> labels) {}

    @Test
    void theCachingCompilerAnswersAsOgnlDoesForEachKindOfClass() {
        ExpressionCompiler ognl = new ExpressionCompiler();
        InterfaceCachingCompiler cached = new InterfaceCachingCompiler();
        for (Class<?> type : List.of(
                ArrayList.class,
                HashMap.class,
                Row.class,
                String.class,
                List.of().getClass(),
                int.class,
                List.class)) {
            assertEquals(ognl.getInterfaceClass(type), cached.getInterfaceClass(type), type.getName());
            assertSame(cached.getInterfaceClass(type), cached.getInterfaceClass(type), "remembered");
        }
    }

    @Test
    void aTemplateReadsRecordComponentsAndTheirListsThroughTheInstalledAccessors() {
        RecordPropertyAccessor.install();
        InterfaceCachingCompiler.install();
        assertEquals(InterfaceCachingCompiler.class, OgnlRuntime.getCompiler().getClass());
        TemplateEngine engine = stringTemplates();
        Context context = new Context();
        context.setVariable(
                "rows",
                List.of(
                        new Row(7, "Contoso", List.of("a", "b"), Map.of("k", "v")),
                        new Row(8, "Fabrikam", List.of(), Map.of())));
        String html = engine.process(
                "<p th:each=\"r : ${rows}\" th:text=\"${r.seq + ':' + r.name + ':' + r.tags.size()"
                        + " + ':' + r.labels.size() + ':' + rows[0].tags[1]}\">x</p>",
                context);
        assertEquals("<p>7:Contoso:2:1:b</p><p>8:Fabrikam:0:0:b</p>", html);
    }

    @Test
    void linksInThePagesPlainContextStartWithTheRequestsContextPathAndKeepTheirParameters() {
        TemplateEngine engine = stringTemplates();
        engine.setLinkBuilder(new PortalLinkBuilder());
        String template =
                "<a th:href=\"@{/audit(site=${site},text='a b&c')}\">x</a><a th:href=\"@{https://example.com/x}\">y</a>";
        for (String contextPath : List.of("", "/portal")) {
            Context context = new Context();
            context.setVariable("site", 7);
            context.setVariable(PortalLinkBuilder.CONTEXT_PATH, contextPath);
            assertEquals(
                    "<a href=\"" + contextPath + "/audit?site=7&amp;text=a%20b%26c\">x</a>"
                            + "<a href=\"https://example.com/x\">y</a>",
                    engine.process(template, context));
        }
    }

    @Test
    void methodsTemplatesCallStayCheckedOnEveryCallOnceTheAnswersAreRemembered() {
        CachingMemberAccess.install();
        TemplateEngine engine = stringTemplates();
        Context context = new Context();
        context.setVariable("row", new Row(7, "Contoso", List.of("a"), Map.of()));
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    "<p>CONTOSO 1</p>",
                    engine.process(
                            "<p th:text=\"${row.name().toUpperCase() + ' ' + row.tags().size()}\">x</p>", context));
            org.junit.jupiter.api.Assertions.assertThrows(
                    org.thymeleaf.exceptions.TemplateProcessingException.class,
                    () -> engine.process("<p th:text=\"${row.getClass().getClassLoader()}\">x</p>", context),
                    "a blocked member, refused every time");
        }
    }

    @Test
    void messagesWithArgumentsReadAsMessageFormatWritesThemEveryTime() {
        TemplateEngine engine = stringTemplates();
        PortalMessageResolver messages = new PortalMessageResolver();
        java.util.Properties bundle = new java.util.Properties();
        bundle.setProperty("range", "Records {0} to {1}");
        bundle.setProperty("quoted", "It''s {0}, '{'literal'}'");
        bundle.setProperty("plain", "It''s plain");
        messages.setDefaultMessages(bundle);
        engine.setMessageResolver(messages);
        Context context = new Context(java.util.Locale.ENGLISH);
        for (long n : new long[] {1200, 7}) {
            context.setVariable("n", n);
            String html = engine.process(
                    "<p th:text=\"#{range(${n}, 3)}\">x</p><p th:text=\"#{quoted(${n})}\">x</p><p th:text=\"#{plain}\">x</p>",
                    context);
            assertEquals(
                    "<p>"
                            + new java.text.MessageFormat("Records {0} to {1}", java.util.Locale.ENGLISH)
                                    .format(new Object[] {n, 3})
                            + "</p><p>It&#39;s "
                            + new java.text.MessageFormat("{0}", java.util.Locale.ENGLISH).format(new Object[] {n})
                            + ", {literal}</p><p>It&#39;s plain</p>",
                    html);
        }
    }

    /** An engine whose templates are the strings it is given. */
    private static TemplateEngine stringTemplates() {
        TemplateEngine engine = new TemplateEngine();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
