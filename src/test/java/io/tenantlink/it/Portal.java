package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.htmlunit.html.HtmlPage;

/**
 * The deployed portal as the tests use it: the operator (whose one-time bootstrap password is
 * changed the first time any test needs it) and helpers that do through the pages what an
 * operator or site admin would do. Every helper uses fresh names, so tests never depend on each other.
 */
public final class Portal {

    public static final String OPERATOR = "admin";
    public static final String OPERATOR_PASSWORD = "Operator-Passw0rd-It";
    public static final String PASSWORD = "Member-Passw0rd-It";
    /** The password the operator gives a new account; its first sign-in asks for a new one. */
    public static final String FIRST_PASSWORD = "First-Passw0rd-It";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile boolean bootstrapped;

    private final URL base;

    public Portal(URL base) {
        this.base = base;
    }

    /** The database was dropped: the next operator sign-in goes through the bootstrap password again. */
    public static void databaseReset() {
        bootstrapped = false;
    }

    public static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
    }

    public Browser browser() {
        return new Browser(base);
    }

    /** A browser signed in as the operator; the first call goes through the forced bootstrap password change. */
    public synchronized Browser operator() {
        Browser browser = browser();
        if (!bootstrapped) {
            HtmlPage landed = browser.signIn(OPERATOR, TestDatabase.BOOTSTRAP_PASSWORD);
            assertTrue(
                    landed.getUrl().getPath().endsWith("/account/password"),
                    "the bootstrap operator must change the one-time password first, landed on " + landed.getUrl());
            HtmlPage changed = browser.fill(
                    landed,
                    "/account/password",
                    Map.of(
                            "currentPassword",
                            TestDatabase.BOOTSTRAP_PASSWORD,
                            "newPassword",
                            OPERATOR_PASSWORD,
                            "confirmPassword",
                            OPERATOR_PASSWORD));
            assertEquals(200, changed.getWebResponse().getStatusCode(), changed.asNormalizedText());
            bootstrapped = true;
            return browser;
        }
        HtmlPage landed = browser.signIn(OPERATOR, OPERATOR_PASSWORD);
        assertTrue(landed.getUrl().getPath().endsWith("/sites"), "operator sign-in landed on " + landed.getUrl());
        return browser;
    }

    /** Creates an account as the operator and signs it in once to set its own password; returns its username. */
    public String account(String prefix) {
        String username = newAccount(prefix);
        try (Browser person = browser()) {
            HtmlPage landed = person.signIn(username, FIRST_PASSWORD);
            person.fill(
                    landed,
                    "/account/password",
                    Map.of("currentPassword", FIRST_PASSWORD, "newPassword", PASSWORD, "confirmPassword", PASSWORD));
        }
        return username;
    }

    /** Creates an account as the operator with {@link #FIRST_PASSWORD}, never signed in yet; returns its username. */
    public String newAccount(String prefix) {
        String username = unique(prefix).toLowerCase();
        try (Browser operator = operator()) {
            HtmlPage created = operator.fill(
                    operator.open("/accounts/new"),
                    "/accounts",
                    Map.of("username", username, "displayName", "Person " + username, "password", FIRST_PASSWORD));
            assertTrue(
                    created.asNormalizedText().contains("Account " + username + " was created."),
                    created.asNormalizedText());
        }
        return username;
    }

    public Browser signedIn(String username) {
        Browser browser = browser();
        HtmlPage landed = browser.signIn(username, PASSWORD);
        assertTrue(
                landed.getUrl().getPath().endsWith("/sites"),
                "sign-in of " + username + " landed on " + landed.getUrl());
        return browser;
    }

    /** Creates a site as the operator; returns its id. */
    public long site(String name) {
        try (Browser operator = operator()) {
            HtmlPage page = operator.fill(operator.open("/sites/new"), "/sites", Map.of("name", name));
            assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
            String path = page.getUrl().getPath();
            return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        }
    }

    /** Gives a role on a site, as the operator through the roles page. */
    public void grant(long siteId, String username, String role, String projectId) {
        try (Browser operator = operator()) {
            HtmlPage roles = operator.open("/sites/" + siteId + "/roles");
            Map<String, String> fields = projectId == null
                    ? Map.of("username", username, "role", role)
                    : Map.of("username", username, "role", role, "projectId", projectId);
            HtmlPage after = operator.fill(roles, "/sites/" + siteId + "/roles", fields);
            assertEquals(200, after.getWebResponse().getStatusCode(), after.asNormalizedText());
        }
    }

    /** Creates a project as a site admin; returns its id. */
    public long project(Browser siteAdmin, long siteId, String name, String key) {
        HtmlPage page = siteAdmin.fill(
                siteAdmin.open("/sites/" + siteId + "/projects/new"),
                "/sites/" + siteId + "/projects",
                Map.of("name", name, "key", key, "planTier", "PREMIUM"));
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        String path = page.getUrl().getPath();
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }
}
