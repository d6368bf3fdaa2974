package io.tenantlink.people;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A person of a site: an agent, responder or stakeholder of its incidents (any combination, at least one). The e-mail is
 * unique on the site whatever its case ({@code email_key}); alternative addresses help map the person to a Microsoft
 * user later.
 */
@Entity
@Table(name = "person")
public class Person {

    public static final int MAX_NAME = 120;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String email;

    @Column(name = "email_key", nullable = false)
    private String emailKey;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "person_alt_email", joinColumns = @JoinColumn(name = "person_id"))
    @Column(name = "email", nullable = false)
    private List<String> alternativeEmails = new ArrayList<>();

    @Column(nullable = false)
    private boolean agent;

    @Column(nullable = false)
    private boolean responder;

    @Column(nullable = false)
    private boolean stakeholder;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Person() {}

    public Person(long siteId, PersonDetails details) {
        this.siteId = siteId;
        this.createdAt = Clock.now();
        change(details);
    }

    /** All fields at once: a bad value leaves the person as it was. */
    public void change(PersonDetails details) {
        String newName = details.name() == null ? "" : details.name().strip();
        if (newName.isEmpty() || newName.length() > MAX_NAME) {
            throw new InvalidInputException("person.error.name", MAX_NAME);
        }
        String newEmail = EmailAddress.valid(details.email());
        List<String> alternatives = EmailAddress.alternatives(details.alternativeEmails(), newEmail);
        if (!details.agent() && !details.responder() && !details.stakeholder()) {
            throw new InvalidInputException("person.error.kind");
        }
        this.name = newName;
        this.email = newEmail;
        this.emailKey = EmailAddress.key(newEmail);
        this.alternativeEmails = new ArrayList<>(alternatives);
        this.agent = details.agent();
        this.responder = details.responder();
        this.stakeholder = details.stakeholder();
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }

    public String getEmailKey() {
        return emailKey;
    }

    public List<String> getAlternativeEmails() {
        return List.copyOf(alternativeEmails);
    }

    public boolean isAgent() {
        return agent;
    }

    public boolean isResponder() {
        return responder;
    }

    public boolean isStakeholder() {
        return stakeholder;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** One line for audit records (no secrets: names and addresses a site admin typed). */
    public String describe() {
        return name + " <" + email + ">" + (alternativeEmails.isEmpty() ? "" : " also " + alternativeEmails)
                + (agent ? " agent" : "") + (responder ? " responder" : "") + (stakeholder ? " stakeholder" : "");
    }
}
