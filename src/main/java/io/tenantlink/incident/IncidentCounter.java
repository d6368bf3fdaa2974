package io.tenantlink.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The next incident number of a project; read under a pessimistic write lock (see the repository). */
@Entity
@Table(name = "incident_counter")
public class IncidentCounter {

    @Id
    @Column(name = "project_id")
    private long projectId;

    @Column(name = "next_number", nullable = false)
    private long nextNumber;

    protected IncidentCounter() {}

    public IncidentCounter(long projectId) {
        this.projectId = projectId;
        this.nextNumber = 1;
    }

    /** The number to use now; the counter moves on. */
    public long take() {
        return nextNumber++;
    }

    public long getProjectId() {
        return projectId;
    }
}
