package io.tenantlink.platform.web;

/**
 * What the layout asks about the signed-in person that only a feature knows (accounts: whether they manage accounts,
 * how long a password must be). The feature provides it as a CDI bean, so the platform depends on no feature.
 */
public interface PageFacts {

    /** Whether the navigation offers the accounts page. */
    boolean operator();

    /** The shortest password a person may choose. */
    int passwordMinLength();
}
