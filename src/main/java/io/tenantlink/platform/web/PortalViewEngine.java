package io.tenantlink.platform.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.mvc.engine.ViewEngine;
import jakarta.mvc.engine.ViewEngineContext;
import jakarta.mvc.engine.ViewEngineException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.krazo.engine.ViewEngineBase;
import org.eclipse.krazo.engine.ViewEngineConfig;
import org.eclipse.krazo.ext.thymeleaf.JakartaServletWebApplicationWrapper;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.context.LazyContextVariable;
import org.thymeleaf.web.IWebExchange;

/**
 * Renders the pages' Thymeleaf templates as Krazo's {@code ThymeleafViewEngine} does (the controller's models, the
 * request as {@code request}, and every CDI bean with a name, e.g. {@code ${access}}, resolved when a template uses
 * it), chosen over it by its priority. The difference: Krazo's context listed the names of all CDI beans (every bean
 * of the application and of Payara, filtered by name) for every page rendered, 11 % of the CPU of a grant-history
 * page (JFR profile, docs/benchmarks.md, issue 16); the names do not change after deployment, so they are listed
 * once. And the page is written to the response in blocks, not byte by byte ({@link #entityStream}).
 */
@ApplicationScoped
@Priority(ViewEngine.PRIORITY_APPLICATION)
public class PortalViewEngine extends ViewEngineBase {

    @Inject
    JakartaServletWebApplicationWrapper application;

    @Inject
    BeanManager beanManager;

    @Inject
    @ViewEngineConfig
    TemplateEngine engine;

    private volatile Set<String> namedBeans;

    @Override
    public boolean supports(String view) {
        return view.endsWith(".html");
    }

    @Override
    public void processView(ViewEngineContext context) throws ViewEngineException {
        HttpServletRequest request = context.getRequest(HttpServletRequest.class);
        HttpServletResponse response = context.getResponse(HttpServletResponse.class);
        IWebExchange exchange = application.get().buildExchange(request, response);
        Map<String, Object> variables = new HashMap<>(context.getModels().asMap());
        variables.put("request", request);
        try (PageContextVariables page =
                new PageContextVariables(beanManager, namedBeans(), exchange, context.getLocale(), variables)) {
            // Thymeleaf writes a page in thousands of small strings; encoded one by one they cost 11 % of rendering
            // (JFR, issue 16): gathered first, they are encoded in blocks.
            Writer out = new BufferedWriter(
                    new OutputStreamWriter(
                            entityStream(context.getOutputStream()), resolveCharsetAndSetContentType(context)),
                    16 * 1024);
            engine.process(resolveView(context), page, out);
            out.flush();
            response.flushBuffer();
        } catch (IOException e) {
            throw new ViewEngineException(e);
        }
    }

    /** Krazo's stream for views, which implements write(int) only, and the JAX-RS entity stream it writes to. */
    private static final String KRAZO_VIEW_STREAM =
            "org.eclipse.krazo.core.ViewableWriter$DelegatingServletOutputStream";

    private static volatile Field krazoViewStreamTarget;

    /**
     * The JAX-RS entity stream behind Krazo's stream for views, which takes blocks of bytes: Krazo's own stream
     * implements {@code write(int)} only, so every byte of a page went through five stream layers one at a time, 36 to
     * 40 % of a page's CPU in a JFR profile. Another stream (another Krazo version) is written to as it is.
     */
    static OutputStream entityStream(OutputStream stream) {
        if (!stream.getClass().getName().equals(KRAZO_VIEW_STREAM)) {
            return stream;
        }
        try {
            Field target = krazoViewStreamTarget;
            if (target == null) {
                target = stream.getClass().getDeclaredField("out");
                target.setAccessible(true);
                krazoViewStreamTarget = target;
            }
            return target.get(stream) instanceof OutputStream entity ? entity : stream;
        } catch (ReflectiveOperationException | RuntimeException notAsExpected) {
            return stream;
        }
    }

    private Set<String> namedBeans() {
        Set<String> names = namedBeans;
        if (names == null) {
            names = beanManager.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .map(Bean::getName)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toUnmodifiableSet());
            namedBeans = names;
        }
        return names;
    }

    /** The template's variables: the models first, then the named CDI beans, each looked up when first used. */
    static final class PageContextVariables implements IWebContext, AutoCloseable {
        private final BeanManager beanManager;
        private final Set<String> namedBeans;
        private final IWebExchange exchange;
        private final Locale locale;
        private final Map<String, Object> variables;
        private final Queue<CreationalContext<?>> created = new ArrayDeque<>();

        PageContextVariables(
                BeanManager beanManager,
                Set<String> namedBeans,
                IWebExchange exchange,
                Locale locale,
                Map<String, Object> variables) {
            this.beanManager = beanManager;
            this.namedBeans = namedBeans;
            this.exchange = exchange;
            this.locale = locale;
            this.variables = variables;
        }

        @Override
        public IWebExchange getExchange() {
            return exchange;
        }

        @Override
        public Locale getLocale() {
            return locale;
        }

        @Override
        public boolean containsVariable(String name) {
            Objects.requireNonNull(name, "The variable name must not be null");
            return variables.containsKey(name) || namedBeans.contains(name);
        }

        @Override
        public Set<String> getVariableNames() {
            Set<String> names = new HashSet<>(variables.keySet());
            names.addAll(namedBeans);
            return names;
        }

        @Override
        public Object getVariable(String name) {
            Objects.requireNonNull(name, "The variable name must not be null");
            if (variables.containsKey(name)) {
                return variables.get(name);
            }
            if (!namedBeans.contains(name)) {
                return null;
            }
            return new LazyContextVariable<>() {
                @Override
                protected Object loadValue() {
                    // As Krazo's context does: the first bean of that name.
                    Bean<?> bean = beanManager.getBeans(name).iterator().next();
                    CreationalContext<?> context = beanManager.createCreationalContext(bean);
                    created.add(context);
                    return beanManager.getReference(bean, bean.getBeanClass(), context);
                }
            };
        }

        @Override
        public void close() {
            created.forEach(CreationalContext::release);
        }
    }
}
