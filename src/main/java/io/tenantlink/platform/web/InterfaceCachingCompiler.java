package io.tenantlink.platform.web;

import ognl.OgnlRuntime;
import ognl.enhance.ExpressionCompiler;

/**
 * OGNL's expression compiler with {@link #getInterfaceClass} remembered per class. OGNL asks it at every step of every
 * property chain a template evaluates ({@code ${r.seq}}: is {@code r} indexed?), and the answer walks the class's and
 * its superclasses' interfaces, copying each array: 9 % of the CPU of rendering a page (a JFR profile under load,
 * docs/benchmarks.md, issue 16). The answer depends on the class alone.
 */
public final class InterfaceCachingCompiler extends ExpressionCompiler {

    private final ClassValue<Class<?>> interfaceClasses = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
            return InterfaceCachingCompiler.super.getInterfaceClass(type);
        }
    };

    /** Makes OGNL use this compiler (idempotent). */
    public static void install() {
        if (!(OgnlRuntime.getCompiler() instanceof InterfaceCachingCompiler)) {
            OgnlRuntime.setCompiler(new InterfaceCachingCompiler());
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getInterfaceClass(Class type) {
        return interfaceClasses.get(type);
    }
}
