package io.tenantlink.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The test class starts processes of its own (portals, a stand-in, a MariaDB server, HAProxy) on free loopback ports
 * and databases of its own, and never touches the Arquillian portal: it runs beside the classes on that portal, one
 * such class at a time (the lock), its methods in their order. Their waits (boots, leases, outages) then overlap the
 * other classes' work instead of adding to the suite's time (failsafe's JUnit configuration in pom.xml enables this;
 * docs/testing.md).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(BesideThePortal.LOCK)
public @interface BesideThePortal {
    /** Held by each such class for its whole run: two of them at once would start too many JVMs on two cores. */
    String LOCK = "processes of their own";
}
