package io.tenantlink.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonTest {

    private static PersonDetails details(String name, String email, String alternatives) {
        return new PersonDetails(name, email, alternatives, false, true, false);
    }

    @Test
    void validAddressesPass() {
        for (String address :
                List.of("a@b.co", "Megan.Bowen@Contoso.example", "first+tag@sub.domain.org", "o'neil@x-y.io")) {
            assertEquals(address, EmailAddress.valid(" " + address + " "));
        }
    }

    @Test
    void invalidAddressesAreRefused() {
        for (String address : List.of(
                "",
                "plain",
                "@example.com",
                "a@",
                "a@b",
                "a b@example.com",
                "a@@example.com",
                "a@exa mple.com",
                ".a@example.com",
                "a..b@example.com",
                "a@-example.com",
                "a@example.c",
                "x".repeat(250) + "@b.co")) {
            InvalidInputException refused =
                    assertThrows(InvalidInputException.class, () -> EmailAddress.valid(address), address);
            assertEquals("person.error.email", refused.messageKey());
        }
        assertThrows(InvalidInputException.class, () -> EmailAddress.valid(null));
    }

    @Test
    void theKeyIgnoresCase() {
        Person person = new Person(1, details("Megan", "Megan.Bowen@Contoso.Example", ""));
        assertEquals("Megan.Bowen@Contoso.Example", person.getEmail());
        assertEquals("megan.bowen@contoso.example", person.getEmailKey());
    }

    @Test
    void alternativesAreCheckedAndRepeatsOrThePrimaryDropped() {
        Person person = new Person(
                1,
                details(
                        "Megan",
                        "megan@contoso.example",
                        "MEGAN@contoso.example, mb@contoso.example; MB@contoso.example"));
        assertEquals(List.of("mb@contoso.example"), person.getAlternativeEmails());
        assertThrows(
                InvalidInputException.class,
                () -> new Person(1, details("Megan", "megan@contoso.example", "mb@contoso.example, nonsense")));
    }

    @Test
    void atLeastOneKindAndAName() {
        InvalidInputException noKind = assertThrows(
                InvalidInputException.class,
                () -> new Person(1, new PersonDetails("Ann", "ann@example.com", "", false, false, false)));
        assertEquals("person.error.kind", noKind.messageKey());
        assertThrows(InvalidInputException.class, () -> new Person(1, details("  ", "ann@example.com", "")));
        assertThrows(
                InvalidInputException.class,
                () -> new Person(1, details("x".repeat(Person.MAX_NAME + 1), "ann@example.com", "")));
    }

    @Test
    void aRefusedChangeLeavesThePersonAsItWas() {
        Person person = new Person(1, new PersonDetails("Ann", "ann@example.com", "", true, false, true));
        assertThrows(
                InvalidInputException.class,
                () -> person.change(new PersonDetails("Bob", "not an address", "", false, true, false)));
        assertEquals("Ann", person.getName());
        assertEquals("ann@example.com", person.getEmail());
        assertTrue(person.isAgent() && person.isStakeholder() && !person.isResponder());
    }
}
