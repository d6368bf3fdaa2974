package io.tenantlink.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.util.Objects;

/** A person taking part in an incident as responder or stakeholder. */
@Embeddable
public class Participant {

    public enum Part {
        RESPONDER,
        STAKEHOLDER
    }

    @Column(name = "person_id", nullable = false)
    private long personId;

    @Enumerated(EnumType.STRING)
    @Column(name = "part", nullable = false)
    private Part part;

    protected Participant() {}

    public Participant(long personId, Part part) {
        this.personId = personId;
        this.part = part;
    }

    public long getPersonId() {
        return personId;
    }

    public Part getPart() {
        return part;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Participant p && p.personId == personId && p.part == part;
    }

    @Override
    public int hashCode() {
        return Objects.hash(personId, part);
    }
}
