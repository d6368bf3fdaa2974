package io.tenantlink.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trail a page's layout shows above its heading ({@code fragments/breadcrumbs}): built by the controller, from
 * Sites down to the page itself, and put into the model as {@code breadcrumbs}.
 */
public final class Breadcrumbs {

    /** One step: its text, and the path it links to (context-relative; null: the page itself). */
    public record Crumb(String text, String path) {
        public boolean current() {
            return path == null;
        }
    }

    private final List<Crumb> crumbs = new ArrayList<>();

    private Breadcrumbs() {}

    /** A trail starting at the list of sites. */
    public static Breadcrumbs sites() {
        return new Breadcrumbs().key("nav.sites", "/sites");
    }

    /** Sites › this site. */
    public static Breadcrumbs site(long siteId, String siteName) {
        return sites().link(siteName, "/sites/" + siteId);
    }

    /** Sites › the site › this project. */
    public static Breadcrumbs project(long siteId, String siteName, long projectId, String projectName) {
        return site(siteId, siteName).link(projectName, "/sites/" + siteId + "/projects/" + projectId);
    }

    /** A trail starting nowhere in particular. */
    public static Breadcrumbs empty() {
        return new Breadcrumbs();
    }

    public Breadcrumbs link(String text, String path) {
        crumbs.add(new Crumb(text, path));
        return this;
    }

    /** A step named by a message key (with its arguments). */
    public Breadcrumbs key(String key, String path, Object... args) {
        return link(Messages.get(Locale.ENGLISH, key, args), path);
    }

    /** The trail ending at the page itself. */
    public List<Crumb> here(String text) {
        List<Crumb> trail = new ArrayList<>(crumbs);
        trail.add(new Crumb(text, null));
        return List.copyOf(trail);
    }

    /** The trail ending at the page itself, named by a message key. */
    public List<Crumb> hereKey(String key, Object... args) {
        return here(Messages.get(Locale.ENGLISH, key, args));
    }
}
