package io.tenantlink.site;

import java.util.List;

/**
 * One page of the site list.
 *
 * @param search the name search it answers (null: none)
 * @param page the page's number, from 1
 * @param pages how many pages there are (at least 1)
 * @param total how many sites match
 * @param first the position of the page's first site among them, from 1
 */
public record SitePage(List<SiteView> sites, String search, int page, int pages, long total, long first) {

    /** The position of the page's last site. */
    public long last() {
        return first + sites.size() - 1;
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }
}
