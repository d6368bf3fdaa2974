package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;

/** What people see of a page's breadcrumbs (fragments/breadcrumbs): the links from Sites down, then the page itself. */
final class Trail {

    private Trail() {}

    /** A step that links: its words and the path it leads to (the portal's context path left off). */
    record Step(String text, String path) {}

    static Step step(String text, String path) {
        return new Step(text, path);
    }

    /**
     * The page's trail is exactly these linked steps, in this order, then the page itself named {@code here}; the
     * hand-written trails are gone (one trail per page).
     */
    static void assertTrail(HtmlPage page, String here, Step... links) {
        HtmlElement trail = (HtmlElement) page.getElementById("breadcrumbs");
        assertNotNull(trail, "breadcrumbs on " + page.getUrl());
        assertTrue(page.getByXPath("//p[@class='breadcrumb']").isEmpty(), "no hand-written trail on " + page.getUrl());
        List<HtmlElement> items = trail.getByXPath(".//li");
        List<String> seen = new ArrayList<>();
        items.forEach(li -> seen.add(li.asNormalizedText().trim()));
        assertEquals(links.length + 1, items.size(), "steps of " + page.getUrl() + ": " + seen);
        for (int i = 0; i < links.length; i++) {
            HtmlAnchor a = items.get(i).getFirstByXPath(".//a");
            assertNotNull(a, "step " + seen.get(i) + " links somewhere on " + page.getUrl());
            assertEquals(links[i].text(), a.asNormalizedText().trim(), "step " + i + " of " + seen);
            String href = a.getHrefAttribute();
            assertTrue(
                    href.endsWith(links[i].path()) && href.indexOf('?') < 0,
                    "step " + seen.get(i) + " leads to " + links[i].path() + ", not " + href);
        }
        HtmlElement last = items.get(items.size() - 1);
        DomElement current = last.getFirstByXPath(".//span[@aria-current='page']");
        assertNotNull(current, "the last step is the page itself on " + page.getUrl());
        assertEquals(here, current.asNormalizedText().trim());
        assertFalse(last.getByXPath(".//a").size() > 0, "the page itself is not a link");
    }

    /** The page's trail links to exactly these paths, in this order, then names the page itself {@code here}. */
    static void assertPaths(HtmlPage page, String here, String... paths) {
        HtmlElement trail = (HtmlElement) page.getElementById("breadcrumbs");
        assertNotNull(trail, "breadcrumbs on " + page.getUrl());
        List<HtmlAnchor> links = trail.getByXPath(".//li/a");
        List<String> hrefs = new ArrayList<>();
        links.forEach(a -> hrefs.add(a.getHrefAttribute()));
        assertEquals(paths.length, hrefs.size(), "links of the trail on " + page.getUrl() + ": " + hrefs);
        for (int i = 0; i < paths.length; i++) {
            assertTrue(
                    hrefs.get(i).endsWith(paths[i]), "step " + i + " leads to " + paths[i] + ", not " + hrefs.get(i));
        }
        DomElement current = trail.getFirstByXPath(".//li/span[@aria-current='page']");
        assertNotNull(current, "the last step is the page itself on " + page.getUrl());
        assertEquals(here, current.asNormalizedText().trim());
    }
}
