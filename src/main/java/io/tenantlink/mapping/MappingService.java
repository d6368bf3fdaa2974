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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Person mappings: computed by {@link MatchRules} from the stored directory copy (a few set-based queries per window of
 * people, never the whole directory in memory), after each sync for the whole site and, through {@link PersonChanged}, for one
 * person when a site admin adds or changes them; and the site admin's overrides.
 */
@ApplicationScoped
@Transactional
public class MappingService {

    /** Person ids per window (and transaction) when a whole site is recomputed. */
    static final int PERSON_IDS_PER_WINDOW = 2000;

    @Inject
    MappingRepository mappings;

    @Inject
    PersonRepository people;

    @Inject
    ConnectionRepository connections;

    @Inject
    AuditLog auditLog;

    /** The lowest and highest person id of the site (the windows of {@link #recomputeWindow}); empty: no people. */
    public Optional<long[]> personIds(long siteId) {
        return mappings.personIds(siteId);
    }

    /**
     * Recomputes the site's people with ids above {@code afterId} up to {@code toId} for one connection: read with a
     * few set-based queries ({@link MatchingWindow}), decided by {@link MatchRules}, and only new or changed outcomes
     * written. Overrides and self-links keep their chosen user (the rules decide only whether it is still there).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recomputeWindow(long connectionId, long siteId, long afterId, long toId) {
        MatchingWindow window = mappings.matchingWindow(connectionId, siteId, afterId, toId);
        Map<Long, MappingRow> added = new HashMap<>();
        Map<Long, MappingRow> changed = new HashMap<>();
        for (MatchingWindow.WindowPerson person : window.people()) {
            MatchingWindow.StoredMapping stored = window.stored().get(person.id());
            List<DirectoryEntry> directory = new ArrayList<>(window.candidates().getOrDefault(person.id(), List.of()));
            DirectoryEntry chosen = window.overrideUsers().get(person.id());
            if (chosen != null) {
                directory.add(chosen);
            }
            MappingRow row = MappingRow.of(
                    MatchRules.decide(
                            MatchRules.personKeys(person.email(), person.alternatives()),
                            directory,
                            stored == null ? null : stored.overrideObjectId()),
                    stored == null ? PersonMapping.Source.AUTOMATIC : stored.source());
            if (stored == null) {
                added.put(person.id(), row);
            } else if (!stored.row().equals(row)) {
                changed.put(stored.id(), row);
            }
        }
        mappings.saveMappings(connectionId, added, changed);
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
        for (Person person : part) {
            PersonMapping mapping = existing.get(person.getId());
            boolean fresh = mapping == null;
            if (fresh) {
                mapping = new PersonMapping(connectionId, person.getId());
            }
            mapping.apply(MatchRules.decide(
                    MatchRules.personKeys(person.getEmail(), person.getAlternativeEmails()),
                    directory,
                    mapping.getOverrideObjectId()));
            if (fresh) {
                mappings.add(mapping);
            }
        }
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
