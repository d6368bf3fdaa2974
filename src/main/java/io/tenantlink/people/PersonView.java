package io.tenantlink.people;

import java.util.List;

/** A person as pages and the API show it: no entity reaches a template. */
public record PersonView(
        long id,
        String name,
        String email,
        List<String> alternativeEmails,
        boolean agent,
        boolean responder,
        boolean stakeholder) {

    public static PersonView of(Person person) {
        return new PersonView(
                person.getId(),
                person.getName(),
                person.getEmail(),
                person.getAlternativeEmails(),
                person.isAgent(),
                person.isResponder(),
                person.isStakeholder());
    }

    /** The alternative addresses as the edit form's one line. */
    public String alternativeLine() {
        return String.join(", ", alternativeEmails);
    }
}
