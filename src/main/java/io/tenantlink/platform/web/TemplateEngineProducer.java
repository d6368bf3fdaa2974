package io.tenantlink.platform.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.util.Locale;
import org.eclipse.krazo.engine.ViewEngineConfig;
import org.eclipse.krazo.ext.thymeleaf.DefaultTemplateEngineProducer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.dialect.IDialect;
import org.thymeleaf.messageresolver.StandardMessageResolver;
import org.thymeleaf.standard.StandardDialect;

/**
 * Krazo's Thymeleaf engine, plus the portal's messages bundle for every #{...} in every template and the link builder
 * for the pages' plain context ({@link PortalLinkBuilder}), and the {@code ${...}} expressions evaluated by
 * {@link CompiledVariableExpressions} where they can be.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class TemplateEngineProducer extends DefaultTemplateEngineProducer {

    private TemplateEngine engine;

    @Override
    @Produces
    @ViewEngineConfig
    public synchronized TemplateEngine getTemplateEngine() {
        if (engine == null) {
            RecordPropertyAccessor.install();
            InterfaceCachingCompiler.install();
            CachingMemberAccess.install();
            TemplateEngine created = super.getTemplateEngine();
            StandardMessageResolver messages = new PortalMessageResolver();
            messages.setDefaultMessages(Messages.asProperties(Locale.ENGLISH));
            created.setMessageResolver(messages);
            created.setLinkBuilder(new PortalLinkBuilder());
            for (IDialect dialect : created.getDialects()) {
                if (dialect instanceof StandardDialect standard) {
                    standard.setVariableExpressionEvaluator(
                            new CompiledVariableExpressions(standard.getVariableExpressionEvaluator()));
                }
            }
            engine = created;
        }
        return engine;
    }
}
