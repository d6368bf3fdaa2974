package io.tenantlink.site;

import java.time.Instant;

/** A site as pages show it (breadcrumbs, headings, the site list): no entity reaches a template. */
public record SiteView(long id, String name, Instant createdAt, String plan) {

    public static SiteView of(Site site) {
        return new SiteView(
                site.getId(),
                site.getName(),
                site.getCreatedAt(),
                site.getPlan().name());
    }
}
