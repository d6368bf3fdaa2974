package io.tenantlink.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.people.Person;
import io.tenantlink.people.PersonDetails;
import io.tenantlink.people.PersonRepository;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.mail.MailResult;
import io.tenantlink.platform.mail.MailSender;
import io.tenantlink.platform.mail.MailSettings;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What one post records and fires, on in-memory repositories (the transaction itself is the container's). */
class StakeholderUpdateServiceTest {

    private final List<TimelineEntry> entries = new ArrayList<>();
    private final List<StakeholderUpdate> saved = new ArrayList<>();
    private final List<UpdateRecipient> recipients = new ArrayList<>();
    private final List<StakeholderUpdatePosted> fired = new ArrayList<>();
    private final List<TimelineRecorded> recorded = new ArrayList<>();
    private final Map<Long, Person> people = new HashMap<>();

    private StakeholderUpdateService service(Incident incident, boolean mailConfigured) {
        StakeholderUpdateService service = new StakeholderUpdateService();
        service.incidents = new IncidentRepository() {
            public Optional<Incident> find(long id) {
                return Optional.of(incident);
            }

            public Optional<Incident> findByNumber(long projectId, long number) {
                return Optional.of(incident);
            }

            public List<Incident> findByProject(long projectId, IncidentStatus status) {
                return List.of(incident);
            }

            public List<Incident> findBySite(long siteId, IncidentStatus status, int limit) {
                return List.of(incident);
            }

            public long nextNumber(long projectId) {
                return 1;
            }

            public void add(Incident i) {}

            public void addEntry(TimelineEntry entry) {
                entries.add(entry);
            }

            public List<TimelineEntry> timeline(long incidentId) {
                return entries;
            }

            public long countReferencing(long personId) {
                return 0;
            }
        };
        service.updates = new StakeholderUpdateRepository() {
            public long addEntry(TimelineEntry entry) {
                entries.add(entry);
                return 100 + entries.size();
            }

            public void add(StakeholderUpdate update) {
                setId(update, 7L);
                saved.add(update);
            }

            public void addRecipient(UpdateRecipient recipient) {
                setId(recipient, (long) recipients.size() + 1);
                recipients.add(recipient);
            }

            public Optional<StakeholderUpdate> find(long id) {
                return saved.stream().filter(u -> u.getId() == id).findFirst();
            }

            public List<StakeholderUpdate> findByIncident(long incidentId) {
                return saved;
            }

            public List<UpdateRecipient> recipients(List<Long> updateIds) {
                return recipients;
            }

            public Optional<UpdateRecipient> findRecipient(long id) {
                return recipients.stream().filter(r -> r.getId() == id).findFirst();
            }
        };
        service.people = new PersonRepository() {
            public Optional<Person> find(long id) {
                return Optional.ofNullable(people.get(id));
            }

            public Optional<Person> findOnSite(long siteId, long id) {
                return find(id);
            }

            public List<Person> findBySite(long siteId) {
                return List.copyOf(people.values());
            }

            public List<Person> pageOfSite(long siteId, long afterId, int max) {
                return people.values().stream()
                        .filter(p -> p.getId() > afterId)
                        .limit(max)
                        .toList();
            }

            public long countOnSite(long siteId) {
                return people.size();
            }

            public boolean emailTaken(long siteId, String emailKey, Long exceptId) {
                return false;
            }

            public void add(Person person) {}

            public void remove(Person person) {}
        };
        Map<String, String> settings = mailConfigured
                ? Map.of("tenantlink.smtp.host", "127.0.0.1", "tenantlink.smtp.from", "portal@example.com")
                : Map.of();
        service.mail = new MailSender(MailSettings.read(key -> Optional.ofNullable(settings.get(key))));
        service.posted = new RecordingEvent<>(fired);
        service.recorded = new RecordingEvent<>(recorded);
        IncidentService incidents = new IncidentService();
        incidents.people = service.people;
        service.incidentService = incidents;
        return service;
    }

    private static final class RecordingEvent<T> implements Event<T> {
        private final List<T> into;

        RecordingEvent(List<T> into) {
            this.into = into;
        }

        public void fire(T event) {
            into.add(event);
        }

        public <U extends T> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        public Event<T> select(Annotation... qualifiers) {
            return this;
        }

        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    private static void setId(Object entity, Long id) {
        try {
            var field = entity.getClass().getDeclaredField("id");
            field.setAccessible(true);
            field.set(entity, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Incident incident(IncidentStatus status, List<Long> stakeholders) {
        Incident incident = new Incident(3, 4, new IncidentKey("INC", 42), "portal:lead");
        setId(incident, 5L);
        incident.apply(
                new IncidentChange("Checkout fails", "", Priority.P1, status, null, List.of(9L), stakeholders, false));
        people.put(1L, new Person(3, new PersonDetails("Ann", "ann@example.com", "", false, false, true)));
        people.put(2L, new Person(3, new PersonDetails("Bo", "bo@example.com", "", false, false, true)));
        people.forEach((id, person) -> setId(person, id));
        return incident;
    }

    @Test
    void aPostRecordsTheEntryTheUpdateOneRecipientPerStakeholderAndFiresTheEvent() {
        Incident incident = incident(IncidentStatus.ACKNOWLEDGED, List.of(1L, 2L));
        var view = service(incident, true).post("portal:megan", "Megan Bowen", 5, "  Back up.\r\nWatching. ");

        assertEquals(1, entries.size());
        assertEquals(TimelineEntryType.STAKEHOLDER_UPDATE.name(), entries.get(0).getType());
        assertEquals(1, recorded.size(), "the timeline entry is announced (webhooks, automation)");
        assertEquals(TimelineEntryType.STAKEHOLDER_UPDATE, recorded.get(0).type());
        assertEquals("Back up.\nWatching.", recorded.get(0).body());
        assertEquals("Back up.\nWatching.", entries.get(0).getBody());
        assertEquals(1, saved.size());
        assertEquals(101, saved.get(0).getTimelineEntryId(), "the update names its timeline entry");
        assertEquals(
                List.of("ann@example.com", "bo@example.com"),
                recipients.stream().map(UpdateRecipient::getAddress).toList());
        assertTrue(recipients.stream().allMatch(r -> r.getStatus() == DeliveryStatus.PENDING));
        assertEquals(
                List.of(new StakeholderUpdatePosted(3, 4, 5, 7, "INC-42", "Back up.\nWatching.", "Megan Bowen")),
                fired);
        assertEquals(2, view.recipients().size());
        assertEquals("PENDING", view.recipients().get(0).status());
    }

    @Test
    void withoutSmtpTheRecipientsAreNotConfiguredAndNothingIsPending() {
        Incident incident = incident(IncidentStatus.OPEN, List.of(1L));
        StakeholderUpdateService service = service(incident, false);
        service.post("portal:megan", "Megan", 5, "Update");
        assertEquals(DeliveryStatus.NOT_CONFIGURED, recipients.get(0).getStatus());
        assertEquals(List.of(), service.pendingMails(7), "nothing to send");
        assertEquals(1, fired.size(), "the chat still gets it");
    }

    @Test
    void pendingMailsCarryTheSubjectAndBodyAndOutcomesSettleOnce() throws Exception {
        var origin = io.tenantlink.platform.web.PublicOrigin.class.getDeclaredField("origin");
        origin.setAccessible(true);
        origin.set(null, java.net.URI.create("https://tenantlink.example.com"));
        try {
            pendingMailsAndOutcomes();
        } finally {
            origin.set(null, null);
        }
    }

    private void pendingMailsAndOutcomes() {
        Incident incident = incident(IncidentStatus.OPEN, List.of(1L, 2L));
        StakeholderUpdateService service = service(incident, true);
        service.post("api-token:desk", "desk", 5, "Update");
        var pending = service.pendingMails(7);
        assertEquals(2, pending.size());
        assertEquals("[INC-42] Checkout fails — update", pending.get(0).mail().subject());
        assertEquals("ann@example.com", pending.get(0).mail().toAddress());
        assertTrue(
                pending.get(0).mail().body().contains("https://tenantlink.example.com/sites/3/projects/4/incidents/42"),
                pending.get(0).mail().body());
        service.settle(pending.get(0).recipientId(), MailResult.sent());
        service.settle(
                pending.get(1).recipientId(), MailResult.failed("the SMTP server 127.0.0.1:25 could not be reached"));
        assertEquals(DeliveryStatus.SENT, recipients.get(0).getStatus());
        assertEquals(DeliveryStatus.FAILED, recipients.get(1).getStatus());
        assertEquals(List.of(), service.pendingMails(7), "settled recipients are not sent again");
    }

    @Test
    void badTextAndClosedIncidentsWriteAndFireNothing() {
        Incident open = incident(IncidentStatus.OPEN, List.of(1L));
        assertThrows(InvalidInputException.class, () -> service(open, true).post("a", "A", 5, " \n "));
        Incident closed = incident(IncidentStatus.CLOSED, List.of(1L));
        InvalidInputException refused = assertThrows(
                InvalidInputException.class, () -> service(closed, true).post("a", "A", 5, "Late"));
        assertEquals("update.error.closed", refused.messageKey());
        assertEquals(List.of(), entries);
        assertEquals(List.of(), saved);
        assertEquals(List.of(), recipients);
        assertEquals(List.of(), fired);
    }
}
