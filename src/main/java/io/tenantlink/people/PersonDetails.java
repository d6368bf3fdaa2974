package io.tenantlink.people;

/** What a page or the API gives for a person; {@link Person} checks it. Alternative e-mails as one line. */
public record PersonDetails(
        String name, String email, String alternativeEmails, boolean agent, boolean responder, boolean stakeholder) {}
