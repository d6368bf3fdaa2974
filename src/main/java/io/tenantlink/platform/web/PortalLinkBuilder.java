package io.tenantlink.platform.web;

import java.util.Map;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;

/**
 * Thymeleaf's link builder, which also builds context-relative links ({@code @{/sites}}) for the pages' plain context
 * ({@link PortalViewEngine}): the context path comes from the page's {@link #CONTEXT_PATH} variable. Thymeleaf's
 * own builder asks a web context for it, and a web context keeps every template variable in the request's
 * attributes (through the CDI proxy of the request: a fifth of a grant-history page's CPU, issue 16). Links are not
 * rewritten with a session id: sessions are tracked by cookie only (web.xml).
 */
public class PortalLinkBuilder extends StandardLinkBuilder {

    /** The page variable holding the request's context path ("" for the root). */
    public static final String CONTEXT_PATH = "tenantlinkContextPath";

    @Override
    protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
        if (context instanceof IWebContext) {
            return super.computeContextPath(context, base, parameters);
        }
        return context.getVariable(CONTEXT_PATH) instanceof String path ? path : "";
    }
}
