package io.tenantlink.people;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The site's people: add, change, remove, each audited. Callers have checked the caller's permission. */
@ApplicationScoped
@Transactional
public class PersonService {

    @Inject
    PersonRepository people;

    @Inject
    Instance<PersonReferences> references;

    @Inject
    AuditLog auditLog;

    @Inject
    Event<PersonChanged> changes;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PersonView> onSite(long siteId) {
        return people.findBySite(siteId).stream().map(PersonView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PersonView> find(long siteId, long personId) {
        return people.findOnSite(siteId, personId).map(PersonView::of);
    }

    public PersonView add(String actor, long siteId, PersonDetails details) {
        Person person = new Person(siteId, details);
        if (people.emailTaken(siteId, person.getEmailKey(), null)) {
            throw new InvalidInputException("person.error.emailTaken", person.getEmail());
        }
        people.add(person);
        auditLog.record(AuditEntry.now(
                actor,
                AuditAction.PERSON_ADDED,
                AuditOutcome.SUCCESS,
                siteId,
                "person " + person.getId(),
                person.describe()));
        changes.fire(new PersonChanged(siteId, person.getId(), false));
        return PersonView.of(person);
    }

    public PersonView change(String actor, long siteId, long personId, PersonDetails details) {
        Person person = people.findOnSite(siteId, personId).orElseThrow(PersonNotFound::new);
        String before = person.describe();
        // Checked on a copy first, so a refusal leaves the managed entity untouched.
        Person checked = new Person(siteId, details);
        if (people.emailTaken(siteId, checked.getEmailKey(), personId)) {
            throw new InvalidInputException("person.error.emailTaken", checked.getEmail());
        }
        person.change(details);
        String after = person.describe();
        if (!before.equals(after)) {
            auditLog.record(AuditEntry.now(
                    actor,
                    AuditAction.PERSON_CHANGED,
                    AuditOutcome.SUCCESS,
                    siteId,
                    "person " + personId,
                    before + " -> " + after));
            changes.fire(new PersonChanged(siteId, personId, false));
        }
        return PersonView.of(person);
    }

    public void remove(String actor, long siteId, long personId) {
        Person person = people.findOnSite(siteId, personId).orElseThrow(PersonNotFound::new);
        long uses = references.stream().mapToLong(r -> r.count(personId)).sum();
        if (uses > 0) {
            throw new InvalidInputException("person.error.inUse", person.getName(), uses);
        }
        String described = person.describe();
        changes.fire(new PersonChanged(siteId, personId, true));
        people.remove(person);
        auditLog.record(AuditEntry.now(
                actor, AuditAction.PERSON_REMOVED, AuditOutcome.SUCCESS, siteId, "person " + personId, described));
    }

    /** The person is not on the site (or not at all). */
    public static class PersonNotFound extends RuntimeException {
        public PersonNotFound() {
            super("person not found", null, false, false);
        }
    }
}
