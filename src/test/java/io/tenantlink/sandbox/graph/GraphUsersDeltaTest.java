package io.tenantlink.sandbox.graph;

import static io.tenantlink.sandbox.graph.InMemorySandbox.ADELE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLIENT_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CONTOSO;
import static io.tenantlink.sandbox.graph.InMemorySandbox.LEE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.sandbox.directory.DirectoryData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /users/delta over the stand-in's database: full rounds, then only what changed, removed users, and 410 after a reset. */
class GraphUsersDeltaTest {

    static final String GUEST = "b1e2c3d4-0006-4a5b-8c6d-7e8f9a0b1c06";
    static final String SELECT =
            "id,displayName,mail,userPrincipalName,otherMails,proxyAddresses,userType,accountEnabled";

    private final InMemorySandbox sandbox = new InMemorySandbox();
    private final String token = GraphTestTokens.app(sandbox.keys, CONTOSO, CLIENT_APP, "sp", List.of("User.Read.All"));

    private GraphResponse get(String url, int pageSize) {
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", token);
        h.put("Prefer", "odata.maxpagesize=" + pageSize);
        return sandbox.graph.serve("GET", url, null, h);
    }

    private static String relative(String link) {
        return link.substring(GraphObjects.BASE.length());
    }

    /** Follows nextLinks to the deltaLink: every page's items, and the deltaLink (relative). */
    private String round(String url, int pageSize, List<Map<String, Object>> items, List<Integer> pages) {
        String next = url;
        while (true) {
            GraphResponse r = get(next, pageSize);
            assertEquals(200, r.status(), String.valueOf(r.body()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> value =
                    (List<Map<String, Object>>) r.body().get("value");
            items.addAll(value);
            pages.add(value.size());
            if (r.body().get("@odata.nextLink") instanceof String link) {
                assertNull(r.body().get("@odata.deltaLink"), "never both");
                assertTrue(link.contains("$skiptoken="), link);
                next = relative(link);
            } else {
                String delta = (String) r.body().get("@odata.deltaLink");
                assertNotNull(delta);
                assertTrue(delta.startsWith(GraphObjects.BASE + "/users/delta?$deltatoken="), delta);
                return relative(delta);
            }
        }
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> items) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        items.forEach(i -> out.put((String) i.get("id"), i));
        return out;
    }

    @Test
    void aFullRoundThenOnlyChangedAddedDisabledAndRemovedUsersThen410AfterAReset() {
        List<Map<String, Object>> all = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        String deltaLink = round("/users/delta?$select=" + SELECT, 4, all, pages);
        assertEquals(List.of(4, 2), pages);
        assertEquals(6, byId(all).size(), "every Contoso user once");
        Map<String, Object> guest = byId(all).get(GUEST);
        assertEquals("Guest", guest.get("userType"));
        assertEquals(List.of(), guest.get("proxyAddresses"));
        assertEquals(true, guest.get("accountEnabled"));

        DirectoryData.User adele = sandbox.users.find(CONTOSO, ADELE).orElseThrow();
        adele.mail = "adele.v@contoso.example";
        adele.proxyAddresses = List.of("SMTP:adele.v@contoso.example", "smtp:adele@contoso.example");
        sandbox.users.put(CONTOSO, adele);
        DirectoryData.User lee = sandbox.users.find(CONTOSO, LEE).orElseThrow();
        lee.accountEnabled = false;
        sandbox.users.put(CONTOSO, lee);
        DirectoryData.User added = new DirectoryData.User();
        added.id = "b1e2c3d4-0099-4a5b-8c6d-7e8f9a0b1c99";
        added.userPrincipalName = "new.responder@contoso.example";
        added.displayName = "New Responder";
        added.otherMails = List.of("responder@home.example");
        sandbox.users.put(CONTOSO, added);
        assertTrue(sandbox.users.remove(CONTOSO, GUEST));

        List<Map<String, Object>> changes = new ArrayList<>();
        pages.clear();
        String nextDelta = round(deltaLink, 3, changes, pages);
        assertEquals(List.of(3, 1), pages, "changes page like the first round");
        Map<String, Map<String, Object>> changed = byId(changes);
        assertEquals(List.of(ADELE, LEE, added.id, GUEST), List.copyOf(changed.keySet()), "in the order they changed");
        assertEquals("adele.v@contoso.example", changed.get(ADELE).get("mail"));
        assertEquals(
                List.of("SMTP:adele.v@contoso.example", "smtp:adele@contoso.example"),
                changed.get(ADELE).get("proxyAddresses"));
        assertEquals(false, changed.get(LEE).get("accountEnabled"));
        assertEquals(List.of("responder@home.example"), changed.get(added.id).get("otherMails"));
        assertEquals(Map.of("reason", "changed"), changed.get(GUEST).get("@removed"));
        assertEquals(Map.of("id", GUEST, "@removed", Map.of("reason", "changed")), changed.get(GUEST));

        List<Map<String, Object>> none = new ArrayList<>();
        round(nextDelta, 3, none, new ArrayList<>());
        assertEquals(List.of(), none, "nothing changed since");

        Map<String, String> h = Map.of("Authorization", token);
        assertEquals(
                200, sandbox.graph.serve("GET", "/users/" + added.id, null, h).status());
        assertEquals(404, sandbox.graph.serve("GET", "/users/" + GUEST, null, h).status(), "removed from /users too");

        List<Map<String, Object>> again = new ArrayList<>();
        round("/users/delta?$select=id", 100, again, new ArrayList<>());
        assertEquals(6, again.size(), "a new full round: five of the file's users and the added one, no removed one");
        assertTrue(again.stream().noneMatch(u -> u.containsKey("@removed")));

        sandbox.users.reset();
        GraphResponse gone = get(nextDelta, 10);
        assertEquals(410, gone.status(), String.valueOf(gone.body()));
        assertEquals("resyncRequired", ((Map<?, ?>) gone.body().get("error")).get("code"));
        assertEquals(GraphObjects.BASE + "/users/delta", gone.headers().get("Location"));
    }

    @Test
    void aPageReadsAtMostItsSizePlusOneRows() {
        for (int i = 0; i < 250; i++) {
            DirectoryData.User u = new DirectoryData.User();
            u.id = String.format("00000000-0000-4000-8000-%012d", i);
            u.userPrincipalName = "u" + i + "@contoso.example";
            sandbox.users.put(CONTOSO, u);
        }
        int[] read = {0};
        sandbox.users.page(CONTOSO, 0, Long.MAX_VALUE, false, 101, row -> read[0]++);
        assertEquals(101, read[0]);
        List<Map<String, Object>> all = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        round("/users/delta", 100, all, pages);
        assertEquals(List.of(100, 100, 56), pages);
    }

    @Test
    void runTimeChangesSurviveARestartAndUsersTheFileGainedAreAdded(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("sandbox").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        InMemorySandbox first = new InMemorySandbox();
        io.tenantlink.sandbox.directory.DirectoryUsers before = new io.tenantlink.sandbox.directory.DirectoryUsers(
                io.tenantlink.sandbox.SandboxTestDatabase.at(url), first.graph.directory);
        before.prepareAll();
        DirectoryData.User lee = before.find(CONTOSO, LEE).orElseThrow();
        lee.accountEnabled = false;
        before.put(CONTOSO, lee);
        assertTrue(before.remove(CONTOSO, GUEST));

        // A new process, whose directory file gained a user meanwhile.
        InMemorySandbox second = new InMemorySandbox();
        DirectoryData.User gained = new DirectoryData.User();
        gained.id = "b1e2c3d4-0077-4a5b-8c6d-7e8f9a0b1c77";
        gained.userPrincipalName = "gained@contoso.example";
        second.data.tenants.get(0).users.add(gained);
        io.tenantlink.sandbox.directory.DirectoryUsers after = new io.tenantlink.sandbox.directory.DirectoryUsers(
                io.tenantlink.sandbox.SandboxTestDatabase.at(url), second.graph.directory);
        after.prepareAll();
        List<DirectoryData.User> users = second.data.tenants.get(0).users;
        assertEquals(false, after.find(CONTOSO, LEE).orElseThrow().accountEnabled);
        assertTrue(after.find(CONTOSO, GUEST).isEmpty(), "still removed");
        assertTrue(after.find(CONTOSO, gained.id).isPresent(), "the file's new user");
        assertEquals(6, users.size());
        assertEquals(
                List.of(InMemorySandbox.GLOBAL_ADMIN),
                after.find(CONTOSO, InMemorySandbox.MEGAN).orElseThrow().roles,
                "directory roles come from the file");
    }
}
