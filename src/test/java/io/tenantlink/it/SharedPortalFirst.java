package io.tenantlink.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The order of the test classes (junit-platform.properties): the classes on the shared portal first, then those that
 * start their own ({@link OwnPortal}), each group by class name. Every class that starts its own portal stops the shared
 * one, and booting Payara with the portal costs 15 to 20 seconds.
 */
public class SharedPortalFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparing((org.junit.jupiter.api.ClassDescriptor d) ->
                                AnnotationSupport.isAnnotated(d.getTestClass(), OwnPortal.class))
                        .thenComparing(d -> d.getTestClass().getName()));
    }
}
