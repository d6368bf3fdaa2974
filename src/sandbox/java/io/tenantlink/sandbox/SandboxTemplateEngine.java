package io.tenantlink.sandbox;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.krazo.engine.ViewEngineConfig;
import org.eclipse.krazo.ext.thymeleaf.DefaultTemplateEngineProducer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.messageresolver.StandardMessageResolver;

/** Krazo's Thymeleaf engine with the stand-in's own texts (sandbox/messages.properties) for its pages. */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class SandboxTemplateEngine extends DefaultTemplateEngineProducer {

    static final String MESSAGES = "/sandbox/messages.properties";

    private TemplateEngine engine;

    @Override
    @Produces
    @ViewEngineConfig
    public synchronized TemplateEngine getTemplateEngine() {
        if (engine == null) {
            TemplateEngine created = super.getTemplateEngine();
            StandardMessageResolver messages = new StandardMessageResolver();
            messages.setDefaultMessages(messages());
            created.setMessageResolver(messages);
            engine = created;
        }
        return engine;
    }

    static Properties messages() {
        Properties properties = new Properties();
        try (InputStream in = SandboxTemplateEngine.class.getResourceAsStream(MESSAGES)) {
            if (in == null) {
                throw new IllegalStateException(MESSAGES + " is missing");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
