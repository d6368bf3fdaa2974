package io.tenantlink.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pages name the actors of a list by display name, looked up once for the whole list. */
class ActorNamesTest {

    @Test
    void aListsActorsAreNamedInOneLookUp() {
        List<Collection<String>> lookUps = new ArrayList<>();
        ActorNames names = new ActorNames();
        names.accounts = new AccountService() {
            @Override
            public Map<String, String> displayNames(Collection<String> usernames) {
                lookUps.add(List.copyOf(usernames));
                return Map.of("sam.siteadmin", "Sam Siteadmin");
            }
        };
        Map<String, String> named = names.named(Arrays.asList(
                "portal:sam.siteadmin", "portal:sam.siteadmin", "portal:gone", "system:webhooks", null, "anonymous"));
        assertEquals(1, lookUps.size(), "one look-up for the page");
        assertEquals(List.of("gone", "sam.siteadmin"), lookUps.get(0));
        assertEquals("Sam Siteadmin", named.get("portal:sam.siteadmin"));
        assertEquals("gone", named.get("portal:gone"), "an account since removed: its username, not the actor id");
        assertEquals("TenantLink (automatic)", named.get("system:webhooks"));
        assertEquals("anonymous", named.get("anonymous"));
        assertFalse(named.containsKey(null));
        assertEquals("Sam Siteadmin", names.name("portal:sam.siteadmin"));
    }
}
