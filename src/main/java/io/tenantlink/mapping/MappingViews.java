package io.tenantlink.mapping;

import io.tenantlink.connection.ConnectionRepository;
import io.tenantlink.connection.ConnectionStatus;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import io.tenantlink.people.Person;
import io.tenantlink.people.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the mapping page shows, as view records (no entity reaches a template). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class MappingViews {

    /** People listed per tenant as needing a look; the rest are counted. */
    public static final int LISTED = 200;

    @Inject
    MappingRepository mappings;

    @Inject
    PersonRepository people;

    @Inject
    ConnectionRepository connections;

    /** The site's connections that are not disconnected. */
    public List<TenantConnection> connected(long siteId) {
        return connections.findBySite(siteId).stream()
                .filter(c -> !c.isDisconnected())
                .toList();
    }

    public Optional<TenantConnection> connection(long siteId, long connectionId) {
        return connections.find(connectionId).filter(c -> c.getSiteId() == siteId && !c.isDisconnected());
    }

    public long peopleCount(long siteId) {
        return people.countOnSite(siteId);
    }

    public List<TenantMappingView> tenants(long siteId) {
        long peopleCount = people.countOnSite(siteId);
        List<TenantMappingView> views = new ArrayList<>();
        for (TenantConnection c : connected(siteId)) {
            long id = c.getId();
            Map<String, Long> counts = mappings.counts(id);
            long total = counts.entrySet().stream()
                    .filter(e -> !e.getKey().equals("OVERRIDE_ATTENTION"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            List<PersonMapping> needing = mappings.needingAction(id, LISTED);
            long needingCount = counts.getOrDefault("UNMATCHED", 0L)
                    + counts.getOrDefault("AMBIGUOUS", 0L)
                    + counts.getOrDefault("OVERRIDE_ATTENTION", 0L);
            List<PersonMapping> overrides = mappings.overrides(id, LISTED);
            views.add(new TenantMappingView(
                    id,
                    c.getDisplayName(),
                    c.getVerifiedDomain(),
                    c.getStatus() == ConnectionStatus.ACTIVE,
                    mappings.userCount(id),
                    counts.getOrDefault("MAPPED", 0L) + counts.getOrDefault("SELF_LINKED", 0L),
                    counts.getOrDefault("OVERRIDE", 0L),
                    counts.getOrDefault("UNMATCHED", 0L),
                    counts.getOrDefault("AMBIGUOUS", 0L),
                    Math.max(0, peopleCount - total),
                    counts.getOrDefault("OVERRIDE_ATTENTION", 0L),
                    mappings.lastRun(id).map(SyncRun::view).orElse(null),
                    rows(id, needing),
                    Math.max(0, needingCount - needing.size()),
                    rows(id, overrides)));
        }
        return views;
    }

    /** A person's row in one tenant (the override form's heading). */
    public MappingPersonRow row(long connectionId, Person person) {
        Optional<PersonMapping> m = mappings.mapping(connectionId, person.getId());
        if (m.isEmpty() || m.get().getOutcome() == null) {
            MappingOutcome none = MappingOutcome.notSynced();
            return new MappingPersonRow(
                    person.getId(),
                    person.getName(),
                    person.getEmail(),
                    none.kind(),
                    none.reasonKey(),
                    null,
                    List.of(),
                    null);
        }
        return rows(connectionId, List.of(m.get())).get(0);
    }

    /** Directory users of the connection matching the text (name or address), for the override form. */
    public List<MappedUserChoice> search(long connectionId, String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return mappings.search(connectionId, text.strip(), 50).stream()
                .map(e -> new MappedUserChoice(e.objectId(), e.displayName(), e.mail(), e.guest(), e.enabled()))
                .toList();
    }

    public Optional<MappedUserChoice> user(long connectionId, String objectId) {
        return mappings.byObjectIds(connectionId, List.of(objectId)).stream()
                .findFirst()
                .map(e -> new MappedUserChoice(e.objectId(), e.displayName(), e.mail(), e.guest(), e.enabled()));
    }

    private List<MappingPersonRow> rows(long connectionId, List<PersonMapping> list) {
        Set<String> candidateIds = new LinkedHashSet<>();
        list.forEach(m -> candidateIds.addAll(m.candidateIds()));
        Map<String, MappedUser> candidates = new HashMap<>();
        if (!candidateIds.isEmpty()) {
            mappings.byObjectIds(connectionId, candidateIds).forEach(e -> candidates.put(e.objectId(), e.user()));
        }
        List<MappingPersonRow> rows = new ArrayList<>();
        for (PersonMapping m : list) {
            Person person = people.find(m.getPersonId()).orElse(null);
            if (person == null) {
                continue;
            }
            MappingOutcome o = PersonMappings.outcome(m, candidates);
            rows.add(new MappingPersonRow(
                    person.getId(),
                    person.getName(),
                    person.getEmail(),
                    o.kind(),
                    o.reasonKey(),
                    o.user().orElse(null),
                    o.candidates(),
                    m.getOverrideBy()));
        }
        return rows;
    }
}
