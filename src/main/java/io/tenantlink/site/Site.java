package io.tenantlink.site;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A service-desk site: the unit that connects to Microsoft tenants and holds service projects. */
@Entity
@Table(name = "site")
public class Site {

    public static final int MAX_NAME = 120;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "site_plan", nullable = false)
    private SitePlan plan = SitePlan.FREE;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Version
    private long version;

    protected Site() {}

    public Site(String name, String createdBy) {
        this.name = validName(name);
        this.createdBy = createdBy;
        this.createdAt = Clock.now();
    }

    static String validName(String name) {
        String value = name == null ? "" : name.strip();
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw new InvalidInputException("site.error.name", MAX_NAME);
        }
        return value;
    }

    public void rename(String newName) {
        this.name = validName(newName);
    }

    public void changePlan(SitePlan newPlan) {
        if (newPlan == null) {
            throw new InvalidInputException("site.error.plan");
        }
        this.plan = newPlan;
    }

    public SitePlan getPlan() {
        return plan;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }
}
