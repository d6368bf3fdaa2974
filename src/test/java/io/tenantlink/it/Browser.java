package io.tenantlink.it;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.http.Cookie;
import org.htmlunit.util.NameValuePair;

/** A person using the portal with HtmlUnit: one cookie jar, pages opened and forms filled as a user would. */
public final class Browser implements AutoCloseable {

    private final WebClient client = new WebClient();
    private final URL base;
    private final List<URL> requested = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every answer's URL and headers, oldest first (the bodies are not kept). */
    private final List<Map.Entry<URL, List<NameValuePair>>> answers =
            java.util.Collections.synchronizedList(new ArrayList<>());

    public Browser(URL base) {
        this.base = onLoopback(base);
        new org.htmlunit.util.WebConnectionWrapper(client) {
            @Override
            public org.htmlunit.WebResponse getResponse(WebRequest request) throws IOException {
                requested.add(request.getUrl());
                org.htmlunit.WebResponse response = super.getResponse(request);
                answers.add(Map.entry(request.getUrl(), List.copyOf(response.getResponseHeaders())));
                return response;
            }
        };
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
    }

    /** Arquillian reports the machine's main address; tests talk to the portal on loopback only. */
    private static URL onLoopback(URL base) {
        try {
            return new URL(base.getProtocol(), "localhost", base.getPort(), base.getFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(base.toString(), e);
        }
    }

    public URL url(String path) {
        try {
            return new URL(base, path.startsWith("/") ? path.substring(1) : path);
        } catch (IOException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    public HtmlPage open(String path) {
        try {
            return client.getPage(url(path));
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }

    public Page openRaw(String path) {
        try {
            return client.getPage(url(path));
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }

    /** Signs in through the login page; returns the page the portal lands on. */
    public HtmlPage signIn(String username, String password) {
        HtmlPage login = open("/login");
        HtmlForm form = login.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/login"))
                .findFirst()
                .orElseThrow();
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        return submit(form);
    }

    public HtmlPage signOut() {
        HtmlPage any = open("/sites");
        HtmlForm form = any.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/logout"))
                .findFirst()
                .orElseThrow();
        return submit(form);
    }

    /** Fills the named fields of the first form on the page whose action ends with {@code actionSuffix} and submits it. */
    public HtmlPage fill(HtmlPage page, String actionSuffix, Map<String, String> fields) {
        HtmlForm form = page.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith(actionSuffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no form posting to " + actionSuffix + " on " + page.getUrl()));
        fields.forEach((name, value) -> {
            if (form.getSelectsByName(name).isEmpty()) {
                form.getInputByName(name).setValue(value);
            } else {
                form.getSelectByName(name).setSelectedAttribute(value, true);
            }
        });
        return submit(form);
    }

    public HtmlPage submit(HtmlForm form) {
        try {
            var button = form.getFirstByXPath(".//button[@type='submit']");
            if (button != null) {
                return ((org.htmlunit.html.HtmlButton) button).click();
            }
            return (HtmlPage) form.getInputsByValue("").stream()
                    .findFirst()
                    .map(HtmlInput::getPage)
                    .orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw POST, as a forged or scripted request would send it. */
    public Page post(String path, Map<String, String> parameters) {
        WebRequest request = new WebRequest(url(path), HttpMethod.POST);
        List<NameValuePair> pairs = new ArrayList<>();
        parameters.forEach((k, v) -> pairs.add(new NameValuePair(k, v)));
        request.setRequestParameters(pairs);
        try {
            return client.getPage(request);
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }

    /** A GET with headers of its own (as the browser's own requests send them: an image, a script's fetch). */
    public Page get(String path, Map<String, String> headers) {
        WebRequest request = new WebRequest(url(path), HttpMethod.GET);
        headers.forEach(request::setAdditionalHeader);
        try {
            return client.getPage(request);
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }

    /** The CSRF field of the session, read from any page with a form (as a script in the page could). */
    public Map.Entry<String, String> csrfToken() {
        HtmlPage page = open("/sites");
        HtmlInput input = page.getFirstByXPath(
                "//form//input[@type='hidden' and (@name='_csrf' or contains(@name,'csrf') or contains(@name,'CSRF'))]");
        if (input == null) {
            throw new AssertionError("no CSRF field on " + page.getUrl());
        }
        return Map.entry(input.getNameAttribute(), input.getValue());
    }

    /** Every URL this browser requested, redirects included, oldest first. */
    public List<URL> requested() {
        return List.copyOf(requested);
    }

    /** The last requested URL whose path ends with {@code pathSuffix}. */
    public URL lastRequested(String pathSuffix) {
        List<URL> all = requested();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getPath().endsWith(pathSuffix)) {
                return all.get(i);
            }
        }
        throw new AssertionError("no request to " + pathSuffix + " in " + all);
    }

    /** A header of the answer to the last request whose path ends with {@code pathSuffix} (redirects included). */
    public String lastAnswerHeader(String pathSuffix, String header) {
        List<Map.Entry<URL, List<NameValuePair>>> all;
        synchronized (answers) {
            all = List.copyOf(answers);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getKey().getPath().endsWith(pathSuffix)) {
                return all.get(i).getValue().stream()
                        .filter(h -> h.getName().equalsIgnoreCase(header))
                        .map(NameValuePair::getValue)
                        .findFirst()
                        .orElse(null);
            }
        }
        throw new AssertionError("no answer to " + pathSuffix + " in " + requested());
    }

    /** Opens an absolute URL (another site, such as the Microsoft sandbox). */
    public Page openUrl(String absoluteUrl) {
        try {
            return client.getPage(absoluteUrl);
        } catch (IOException e) {
            throw new IllegalStateException(absoluteUrl, e);
        }
    }

    /** Off: a redirect comes back as the response itself (its Location is where it would lead). */
    /** How long one request may take (HtmlUnit's default is 90 s; a benchmark's long request needs more). */
    public void timeout(java.time.Duration timeout) {
        client.getOptions().setTimeout((int) timeout.toMillis());
    }

    public void followRedirects(boolean follow) {
        client.getOptions().setRedirectEnabled(follow);
    }

    public Cookie sessionCookie() {
        return client.getCookieManager().getCookies().stream()
                .filter(c -> c.getName().equals("TENANTLINK_SESSION"))
                .findFirst()
                .orElse(null);
    }

    /** A cookie the browser holds, as name=value, or null. */
    public String cookie(String name) {
        return client.getCookieManager().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(c -> c.getName() + "=" + c.getValue())
                .findFirst()
                .orElse(null);
    }

    @Override
    public void close() {
        client.close();
    }
}
