package io.tenantlink.site;

import io.tenantlink.access.AccessPolicy;
import java.util.Map;

/**
 * Another feature's section of a site's page (e.g. lifecycle warnings): a CDI bean the site page asks for its model
 * values and includes the fragment of. The site feature knows no such feature.
 */
public interface SitePagePart {

    /** The template holding a fragment named {@code section}, e.g. "lifecycle/site-section". */
    String template();

    /** Puts what the fragment shows into the page's model; false: nothing to show to this caller. */
    boolean contribute(long siteId, AccessPolicy policy, Map<String, Object> model);
}
