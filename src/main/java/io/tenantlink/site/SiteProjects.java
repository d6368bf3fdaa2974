package io.tenantlink.site;

import io.tenantlink.access.AccessPolicy;
import java.util.List;

/**
 * The service projects a site page lists, as rows: the project feature provides them (a CDI bean), so a site does not
 * depend on its projects' code while a project belongs to a site.
 */
public interface SiteProjects {

    /** One row of the site page's project table (plan tier and work categories as their names). */
    record ProjectRow(long id, String key, String name, String planTier, List<String> workCategories) {}

    /** The projects of the site the caller may see. */
    List<ProjectRow> visibleOnSite(AccessPolicy policy, long siteId);
}
