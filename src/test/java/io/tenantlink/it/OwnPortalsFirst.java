package io.tenantlink.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The order of the test classes (junit-platform.properties): those that start a portal of their own ({@link OwnPortal})
 * first, then the classes on the shared portal, each group by class name. Grouped, the shared portal boots once per
 * failsafe execution (every class with its own portal stops the running one; a boot costs 15 to 20 seconds). First,
 * because those classes mostly wait (Graph's injected latency, a restart, notifications), and the classes that run
 * beside the portal ({@link BesideThePortal}), which start at the beginning, then use the idle CPU instead of slowing
 * the shared portal's classes.
 */
public class OwnPortalsFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparing((ClassDescriptor d) ->
                                !AnnotationSupport.isAnnotated(d.getTestClass(), OwnPortal.class))
                        .thenComparing(d -> d.getTestClass().getName()));
    }
}
