package io.tenantlink.it;

import static io.tenantlink.it.GraphJson.assertGraphError;
import static io.tenantlink.it.GraphJson.json;
import static io.tenantlink.it.GraphJson.values;
import static io.tenantlink.it.GraphSandboxClient.CHATOPS;
import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /users/delta of the Graph stand-in over HTTP, with directory users changed at run time through the control API: a
 * full round in pages, then only what changed (a removed user with @removed), and 410 after a reset.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxUsersDeltaIT {

    static final String CONTOSO_ADMIN = "megan.admin@contoso.example";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String GUEST = "b1e2c3d4-0006-4a5b-8c6d-7e8f9a0b1c06";
    static final String NEW_USER = "b1e2c3d4-00aa-4a5b-8c6d-7e8f9a0b1caa";
    static final String SELECT =
            "id,displayName,mail,userPrincipalName,otherMails,proxyAddresses,userType,accountEnabled";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;
    private String app;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.control("reset", true).statusCode());
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
        app = sandbox.appToken(CONTOSO, CHATOPS);
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.control("reset", true);
        sandbox.close();
    }

    /** Follows nextLinks (3 a page) to the deltaLink: the items into {@code items}, the deltaLink returned. */
    private String round(String url, List<Map<String, Object>> items, List<Integer> pages) throws Exception {
        String next = url;
        while (true) {
            HttpResponse<String> r =
                    sandbox.graph("GET", next, app, null, Map.of("Prefer", "odata.maxpagesize=3"), null);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = json(r);
            items.addAll(values(body));
            pages.add(values(body).size());
            if (body.get("@odata.nextLink") instanceof String link) {
                assertNull(body.get("@odata.deltaLink"));
                assertTrue(link.startsWith(GraphSandboxClient.GRAPH + "/users/delta?$skiptoken="), link);
                next = link;
            } else {
                String delta = (String) body.get("@odata.deltaLink");
                assertTrue(delta.startsWith(GraphSandboxClient.GRAPH + "/users/delta?$deltatoken="), delta);
                return delta;
            }
        }
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> items) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        items.forEach(i -> out.put((String) i.get("id"), i));
        return out;
    }

    @Test
    void aFullRoundThenOnlyWhatTheControlApiChangedThen410AfterAReset() throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        String deltaLink = round("/users/delta?$select=" + SELECT, all, pages);
        assertEquals(List.of(3, 3), pages, "Contoso's six users, three a page");
        assertEquals("Guest", byId(all).get(GUEST).get("userType"));

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", NEW_USER);
        user.put("userPrincipalName", "responder@contoso.example");
        user.put("displayName", "New Responder");
        user.put("mail", "responder@contoso.example");
        user.put("otherMails", List.of("responder@home.example"));
        user.put("proxyAddresses", List.of("SMTP:responder@contoso.example", "smtp:oncall@contoso.example"));
        HttpResponse<String> added =
                sandbox.control("POST", "tenants/contoso.example/users", JSONObjectUtils.toJSONString(user));
        assertEquals(200, added.statusCode(), added.body());
        HttpResponse<String> disabled =
                sandbox.control("POST", "tenants/" + CONTOSO + "/users/" + LEE + "/disable", null);
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertEquals(
                200,
                sandbox.control("DELETE", "tenants/" + CONTOSO + "/users/" + GUEST, null)
                        .statusCode());
        assertEquals(
                404,
                sandbox.control("DELETE", "tenants/" + CONTOSO + "/users/" + GUEST, null)
                        .statusCode());

        List<Map<String, Object>> changes = new ArrayList<>();
        pages.clear();
        String next = round(deltaLink, changes, pages);
        assertEquals(List.of(3), pages);
        Map<String, Map<String, Object>> changed = byId(changes);
        assertEquals(List.of(NEW_USER, LEE, GUEST), List.copyOf(changed.keySet()));
        assertEquals(
                List.of("SMTP:responder@contoso.example", "smtp:oncall@contoso.example"),
                changed.get(NEW_USER).get("proxyAddresses"));
        assertEquals(false, changed.get(LEE).get("accountEnabled"));
        assertEquals(Map.of("reason", "changed"), changed.get(GUEST).get("@removed"));

        HttpResponse<String> listed = sandbox.graph("GET", "/users/" + NEW_USER + "?$select=" + SELECT, app, null);
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals(List.of("responder@home.example"), json(listed).get("otherMails"));
        assertGraphError(sandbox.graph("GET", "/users/" + GUEST, app, null), 404, "Request_ResourceNotFound");

        List<Map<String, Object>> none = new ArrayList<>();
        round(next, none, new ArrayList<>());
        assertEquals(List.of(), none);

        assertEquals(200, sandbox.control("reset", true).statusCode());
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
        app = sandbox.appToken(CONTOSO, CHATOPS);
        HttpResponse<String> gone = sandbox.graph("GET", next, app, null);
        assertGraphError(gone, 410, "resyncRequired");
        List<Map<String, Object>> fresh = new ArrayList<>();
        round("/users/delta?$select=id", fresh, new ArrayList<>());
        assertEquals(6, fresh.size(), "the directory file's users again");
        assertTrue(byId(fresh).containsKey(GUEST));
        assertTrue(!byId(fresh).containsKey(NEW_USER));
    }
}
