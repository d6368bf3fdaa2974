package io.tenantlink.platform.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.mvc.Models;
import jakarta.mvc.engine.ViewEngine;
import jakarta.mvc.engine.ViewEngineContext;
import jakarta.mvc.engine.ViewEngineException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import org.eclipse.krazo.engine.ViewEngineBase;
import org.eclipse.krazo.engine.ViewEngineConfig;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IContext;
import org.thymeleaf.context.LazyContextVariable;
import org.thymeleaf.util.FastStringWriter;

/**
 * Renders the pages' Thymeleaf templates as Krazo's {@code ThymeleafViewEngine} does (the controller's models, and
 * every CDI bean with a name, e.g. {@code ${access}}, resolved when a template uses it), chosen over it by its
 * priority. The differences, each measured in a JFR profile of the pages (docs/benchmarks.md, issue 16):
 *
 * <ul>
 *   <li>The names of the CDI beans are listed once, not for every page (11 % of a grant-history page's CPU).
 *   <li>The page is gathered in memory and written to the response at once ({@link #render});
 *       {@link PortalViewableWriter} hands it the JAX-RS entity stream, not Krazo's stream that takes one byte at a
 *       time.
 *   <li>The template's variables live in a plain context, not a web context: Thymeleaf keeps a web context's
 *       variables (every {@code th:each} row included) in the request's attributes, each read and write through the
 *       CDI proxy of the request. Links are built by {@link PortalLinkBuilder}.
 *   <li>A named bean is handed to the template as its instance for this request, not as its CDI client proxy, which
 *       looks the instance up again for every call a template makes ({@code ${fmt.utc(...)}} on every row).
 * </ul>
 */
@ApplicationScoped
@Priority(ViewEngine.PRIORITY_APPLICATION)
public class PortalViewEngine extends ViewEngineBase {

    @Inject
    BeanManager beanManager;

    @Inject
    @ViewEngineConfig
    TemplateEngine engine;

    private volatile Map<String, Bean<?>> namedBeans;

    @Override
    public boolean supports(String view) {
        return view.endsWith(".html");
    }

    @Override
    public void processView(ViewEngineContext context) throws ViewEngineException {
        HttpServletRequest request = context.getRequest(HttpServletRequest.class);
        HttpServletResponse response = context.getResponse(HttpServletResponse.class);
        try {
            render(
                    templateOf(context.getView()),
                    context.getModels(),
                    context.getLocale(),
                    request.getContextPath(),
                    context.getOutputStream(),
                    resolveCharsetAndSetContentType(context));
            response.flushBuffer();
        } catch (IOException e) {
            throw new ViewEngineException(e);
        }
    }

    /**
     * A view's template path, for both ways a page is written (this engine's and {@link PortalViewableWriter}'s):
     * relative views live in the views folder, Krazo's default (the portal configures no other).
     */
    static String templateOf(String view) {
        return view.startsWith("/") ? view : VIEW_FOLDER + view;
    }

    private static final String VIEW_FOLDER = "/WEB-INF/views/";

    /**
     * Renders a template with the controller's models and the named beans, then writes the page to the response's
     * stream. The page is gathered in memory first: Thymeleaf writes it in thousands of small strings, which cost 7 to
     * 11 % of rendering when encoded as they came (JFR, issue 16); and a template that fails half-way has written
     * nothing to the response.
     */
    void render(String template, Models models, Locale locale, String contextPath, OutputStream out, Charset charset)
            throws IOException {
        Map<String, Object> variables = new HashMap<>(models.asMap());
        variables.put(PortalLinkBuilder.CONTEXT_PATH, contextPath);
        FastStringWriter page = new FastStringWriter(32 * 1024); // Thymeleaf's unsynchronised StringWriter
        try (PageContextVariables context = new PageContextVariables(beanManager, namedBeans(), locale, variables)) {
            engine.process(template, context, page);
        }
        out.write(page.toString().getBytes(charset));
    }

    /** The named beans by name (the first bean of each name, as Krazo's context takes), listed once. */
    private Map<String, Bean<?>> namedBeans() {
        Map<String, Bean<?>> beans = namedBeans;
        if (beans == null) {
            Map<String, Bean<?>> found = new HashMap<>();
            for (Bean<?> bean : beanManager.getBeans(Object.class, Any.Literal.INSTANCE)) {
                if (bean.getName() != null) {
                    found.computeIfAbsent(
                            bean.getName(),
                            name -> beanManager.getBeans(name).iterator().next());
                }
            }
            beans = Map.copyOf(found);
            namedBeans = beans;
        }
        return beans;
    }

    /** The template's variables: the models first, then the named CDI beans, each looked up when first used. */
    static final class PageContextVariables implements IContext, AutoCloseable {
        private final BeanManager beanManager;
        private final Map<String, Bean<?>> namedBeans;
        private final Locale locale;
        private final Map<String, Object> variables;
        private final Queue<CreationalContext<?>> dependents = new ArrayDeque<>();

        PageContextVariables(
                BeanManager beanManager,
                Map<String, Bean<?>> namedBeans,
                Locale locale,
                Map<String, Object> variables) {
            this.beanManager = beanManager;
            this.namedBeans = namedBeans;
            this.locale = locale;
            this.variables = variables;
        }

        @Override
        public Locale getLocale() {
            return locale;
        }

        @Override
        public boolean containsVariable(String name) {
            Objects.requireNonNull(name, "The variable name must not be null");
            return variables.containsKey(name) || namedBeans.containsKey(name);
        }

        @Override
        public Set<String> getVariableNames() {
            Set<String> names = new HashSet<>(variables.keySet());
            names.addAll(namedBeans.keySet());
            return names;
        }

        @Override
        public Object getVariable(String name) {
            Objects.requireNonNull(name, "The variable name must not be null");
            if (variables.containsKey(name)) {
                return variables.get(name);
            }
            Bean<?> bean = namedBeans.get(name);
            if (bean == null) {
                return null;
            }
            return new LazyContextVariable<>() {
                @Override
                protected Object loadValue() {
                    return instance(bean);
                }
            };
        }

        /**
         * The bean's instance in its scope for this request (a normal-scoped bean's context owns it; a dependent one
         * is destroyed with the page).
         */
        private <T> T instance(Bean<T> bean) {
            CreationalContext<T> creational = beanManager.createCreationalContext(bean);
            if (bean.getScope() == Dependent.class) {
                dependents.add(creational);
            }
            return beanManager.getContext(bean.getScope()).get(bean, creational);
        }

        @Override
        public void close() {
            dependents.forEach(CreationalContext::release);
        }
    }
}
