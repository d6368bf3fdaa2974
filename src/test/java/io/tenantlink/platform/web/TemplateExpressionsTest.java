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
        TemplateEngine engine = new TemplateEngine();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        engine.setTemplateResolver(resolver);
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
        TemplateEngine engine = new TemplateEngine();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        engine.setTemplateResolver(resolver);
        engine.setLinkBuilder(new PortalLinkBuilder());
        String template =
                "<a th:href=\"@{/audit(site=${site},text='a b&c')}\">x</a><a th:href=\"@{https://example.com/x}\">y</a>";
        Context root = new Context();
        root.setVariable("site", 7);
        root.setVariable(PortalLinkBuilder.CONTEXT_PATH, "");
        assertEquals(
                "<a href=\"/audit?site=7&amp;text=a%20b%26c\">x</a><a href=\"https://example.com/x\">y</a>",
                engine.process(template, root));
        Context mounted = new Context();
        mounted.setVariable("site", 7);
        mounted.setVariable(PortalLinkBuilder.CONTEXT_PATH, "/portal");
        assertEquals(
                "<a href=\"/portal/audit?site=7&amp;text=a%20b%26c\">x</a><a href=\"https://example.com/x\">y</a>",
                engine.process(template, mounted));
    }
}
