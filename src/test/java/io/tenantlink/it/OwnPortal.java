package io.tenantlink.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class deploys {@link PortalDeployment#freshPortal()}: its own portal, which stops the shared one (the next
 * class on the shared portal then boots it again). {@link SharedPortalFirst} runs such classes after all the others, so
 * the shared portal boots once per failsafe execution.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnPortal {}
