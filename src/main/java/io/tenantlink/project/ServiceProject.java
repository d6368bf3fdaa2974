package io.tenantlink.project;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A service project of a site, with its work categories and plan tier. */
@Entity
@Table(name = "service_project")
public class ServiceProject {

    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9]{1,9}");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(nullable = false)
    private String name;

    @Column(name = "project_key", nullable = false, updatable = false)
    private String key;

    @Enumerated(EnumType.STRING)
    @Column(name = "plan_tier", nullable = false)
    private PlanTier planTier;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "project_work_category", joinColumns = @JoinColumn(name = "project_id"))
    @Enumerated(EnumType.STRING)
    @Column(name = "category", nullable = false)
    private Set<WorkCategory> workCategories = EnumSet.noneOf(WorkCategory.class);

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected ServiceProject() {}

    public ServiceProject(long siteId, String name, String key, PlanTier planTier, Set<WorkCategory> categories) {
        this.siteId = siteId;
        this.key = validKey(key);
        this.createdAt = Clock.now();
        change(name, planTier, categories);
    }

    public static String validKey(String key) {
        String value = key == null ? "" : key.strip().toUpperCase(Locale.ROOT);
        if (!KEY.matcher(value).matches()) {
            throw new InvalidInputException("project.error.key");
        }
        return value;
    }

    /** Name, plan and work categories together, so a bad value leaves all three as they were. */
    public void change(String newName, PlanTier newTier, Set<WorkCategory> newCategories) {
        String value = newName == null ? "" : newName.strip();
        if (value.isEmpty() || value.length() > 120) {
            throw new InvalidInputException("project.error.name");
        }
        if (newTier == null) {
            throw new InvalidInputException("project.error.tier");
        }
        if (newCategories == null || newCategories.isEmpty()) {
            throw new InvalidInputException("project.error.categories");
        }
        this.name = value;
        this.planTier = newTier;
        this.workCategories = EnumSet.copyOf(newCategories);
    }

    public boolean handlesIncidents() {
        return workCategories.contains(WorkCategory.INCIDENTS);
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

    public String getKey() {
        return key;
    }

    public PlanTier getPlanTier() {
        return planTier;
    }

    public Set<WorkCategory> getWorkCategories() {
        return EnumSet.copyOf(workCategories.isEmpty() ? EnumSet.noneOf(WorkCategory.class) : workCategories);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
