package io.tenantlink.connection.web;

import io.tenantlink.platform.web.Breadcrumbs;

/** The breadcrumb trails of a site's connection pages: Sites › the site › Chat and video tools › a tenant › … */
public final class Crumbs {

    private Crumbs() {}

    public static Breadcrumbs site(long siteId, String siteName) {
        return Breadcrumbs.sites().link(siteName, "/sites/" + siteId);
    }

    public static Breadcrumbs tools(long siteId, String siteName) {
        return site(siteId, siteName).key("tools.title", "/sites/" + siteId + "/chat-tools");
    }

    public static Breadcrumbs tenant(long siteId, String siteName, long connectionId, String tenantName) {
        return tools(siteId, siteName).link(tenantName, "/sites/" + siteId + "/chat-tools/teams/" + connectionId);
    }
}
