package io.tenantlink.mapping;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.connection.ConnectionRepository;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.people.Person;
import io.tenantlink.people.PersonChanged;
import io.tenantlink.people.PersonRepository;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Person mappings: computed by {@link MatchRules} from the stored directory copy (a database query per group of people,
 * never the whole directory in memory), after each sync for the whole site and, through {@link PersonChanged}, for one
 * person when a site admin adds or changes them; and the site admin's overrides.
 */
@ApplicationScoped
@Transactional
public class MappingService {

    /** People per transaction when a whole site is recomputed. */
    static final int PEOPLE_PER_PART = 500;

    @Inject
    MappingRepository mappings;

    @Inject
    PersonRepository people;

    @Inject
    ConnectionRepository connections;

    @Inject
    AuditLog auditLog;

    /**
     * Recomputes the next part of a site's people for one connection (ids above {@code afterId}); returns the last
     * person id done, or -1 when there were none. One transaction per part.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long recomputePart(long connectionId, long siteId, long afterId) {
        List<Person> part = people.pageOfSite(siteId, afterId, PEOPLE_PER_PART);
        if (part.isEmpty()) {
            return -1;
        }
        recompute(connectionId, part);
        return part.get(part.size() - 1).getId();
    }

    private void recompute(long connectionId, List<Person> part) {
        List<Long> ids = part.stream().map(Person::getId).toList();
        Map<Long, PersonMapping> existing = mappings.mappings(connectionId, ids);
        Set<String> keys = new LinkedHashSet<>();
        Set<String> overrides = new HashSet<>();
        for (Person person : part) {
            keys.addAll(MatchRules.personKeys(person.getEmail(), person.getAlternativeEmails()));
            PersonMapping mapping = existing.get(person.getId());
            if (mapping != null && mapping.getOverrideObjectId() != null) {
                overrides.add(mapping.getOverrideObjectId());
            }
        }
        List<DirectoryEntry> directory = new ArrayList<>(mappings.byAddresses(connectionId, keys));
        if (!overrides.isEmpty()) {
            directory.addAll(mappings.byObjectIds(connectionId, overrides));
        }
        List<PersonMapping> added = new ArrayList<>();
        for (Person person : part) {
            PersonMapping mapping = existing.get(person.getId());
            if (mapping == null) {
                mapping = new PersonMapping(connectionId, person.getId());
                added.add(mapping);
            }
            mapping.apply(MatchRules.decide(
                    MatchRules.personKeys(person.getEmail(), person.getAlternativeEmails()),
                    directory,
                    mapping.getOverrideObjectId()));
        }
        // New mappings (every person in a first sync) go in as multi-row inserts, not one statement each.
        mappings.addAll(added);
    }

    /** A person was added, changed or is being removed: their mappings follow, in the same transaction. */
    public void onPersonChanged(@Observes PersonChanged change) {
        if (change.removed()) {
            mappings.removeMappingsOfPerson(change.personId());
            return;
        }
        Person person = people.findOnSite(change.siteId(), change.personId()).orElse(null);
        if (person == null) {
            return;
        }
        for (TenantConnection connection : connections.findBySite(change.siteId())) {
            if (!connection.isDisconnected() && mappings.everSynced(connection.getId())) {
                recompute(connection.getId(), List.of(person));
            }
        }
    }

    /** A site admin maps the person to this user of the connection's directory copy (audited). */
    public void override(String actor, TenantConnection connection, Person person, String objectId) {
        choose(actor, connection, person, objectId, false);
    }

    /**
     * The person signed in with Microsoft as this user (through a self-link invitation): kept like a site admin's
     * choice, shown as linked by the person (audited). The user must be in the directory copy, enabled, a member.
     */
    public void selfLink(String actor, TenantConnection connection, Person person, String objectId) {
        choose(actor, connection, person, objectId, true);
    }

    private void choose(String actor, TenantConnection connection, Person person, String objectId, boolean self) {
        DirectoryEntry user = mappings.byObjectIds(connection.getId(), List.of(objectId)).stream()
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("mapping.error.noSuchUser"));
        if (!user.enabled()) {
            throw new InvalidInputException("mapping.error.userDisabled", user.displayName());
        }
        if (self && user.guest()) {
            throw new InvalidInputException("mapping.error.guest", user.displayName());
        }
        PersonMapping mapping =
                mappings.mapping(connection.getId(), person.getId()).orElse(null);
        if (mapping == null) {
            mapping = new PersonMapping(connection.getId(), person.getId());
            mappings.add(mapping);
        }
        String before = describe(mapping);
        if (self) {
            mapping.selfLink(user.objectId(), actor);
        } else {
            mapping.override(user.objectId(), actor);
        }
        recompute(connection.getId(), List.of(person));
        auditLog.record(new AuditEntry(
                io.tenantlink.platform.Clock.now(),
                actor,
                self ? AuditAction.PERSON_SELF_LINKED : AuditAction.PERSON_MAPPING_OVERRIDDEN,
                AuditOutcome.SUCCESS,
                connection.getSiteId(),
                connection.getTenantId(),
                "person " + person.getId(),
                person.getName() + " <" + person.getEmail() + "> -> " + user.displayName() + " (" + user.objectId()
                        + ") in " + connection.getDisplayName() + "; before: " + before));
    }

    /** A site admin clears the override: automatic matching decides again (audited). */
    public boolean clearOverride(String actor, TenantConnection connection, Person person) {
        PersonMapping mapping =
                mappings.mapping(connection.getId(), person.getId()).orElse(null);
        if (mapping == null || mapping.getOverrideObjectId() == null) {
            return false;
        }
        String before = describe(mapping);
        mapping.clearOverride();
        recompute(connection.getId(), List.of(person));
        auditLog.record(new AuditEntry(
                io.tenantlink.platform.Clock.now(),
                actor,
                AuditAction.PERSON_MAPPING_OVERRIDE_CLEARED,
                AuditOutcome.SUCCESS,
                connection.getSiteId(),
                connection.getTenantId(),
                "person " + person.getId(),
                person.getName() + " <" + person.getEmail() + "> in " + connection.getDisplayName() + "; was: " + before
                        + "; now: " + mapping.getOutcome()));
        return true;
    }

    private static String describe(PersonMapping mapping) {
        if (mapping.getOutcome() == null) {
            return "not synced";
        }
        return mapping.getOutcome()
                + mapping.user()
                        .map(u -> " " + u.displayName() + " (" + u.objectId() + ")")
                        .orElse("")
                + (mapping.getOverrideObjectId() == null ? "" : " override " + mapping.getOverrideObjectId());
    }
}
