package io.tenantlink.automation;

import io.tenantlink.incident.Priority;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Incidents project's automation rule: when an incident is created or changed and is at least as urgent as
 * {@code maxPriority} (and a major incident, if asked), create its Teams chat with the rule's participants and the
 * incident's mapped people, and/or send a stakeholder update. Rules run with the ChatOps app's application permissions,
 * never as their author.
 */
@Entity
@Table(name = "automation_rule")
public class AutomationRule {

    public static final int MAX_NAME = 120;
    public static final int MAX_PARTICIPANTS = 20;
    public static final int MAX_UPDATE = 2000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(name = "project_id", nullable = false, updatable = false)
    private long projectId;

    @Column(nullable = false)
    private String name;

    @Column(name = "on_created", nullable = false)
    private boolean onCreated;

    @Column(name = "on_changed", nullable = false)
    private boolean onChanged;

    @Enumerated(EnumType.STRING)
    @Column(name = "max_priority", nullable = false)
    private Priority maxPriority;

    @Column(name = "major_only", nullable = false)
    private boolean majorOnly;

    private String participants;

    @Column(name = "create_chat", nullable = false)
    private boolean createChat;

    @Column(name = "update_text")
    private String updateText;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    private long version;

    /** What a site or project admin enters; checked as a whole. */
    public record Definition(
            String name,
            boolean onCreated,
            boolean onChanged,
            Priority maxPriority,
            boolean majorOnly,
            String participants,
            boolean createChat,
            String updateText) {}

    protected AutomationRule() {}

    public AutomationRule(long siteId, long projectId, Definition definition, String createdBy, Instant now) {
        this.siteId = siteId;
        this.projectId = projectId;
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = now;
        String checkedName = definition.name() == null ? "" : definition.name().strip();
        if (checkedName.isEmpty() || checkedName.length() > MAX_NAME) {
            throw new InvalidInputException("automation.error.name", MAX_NAME);
        }
        if (!definition.onCreated() && !definition.onChanged()) {
            throw new InvalidInputException("automation.error.trigger");
        }
        if (definition.maxPriority() == null) {
            throw new InvalidInputException("automation.error.priority");
        }
        String update =
                definition.updateText() == null ? "" : definition.updateText().strip();
        if (update.length() > MAX_UPDATE) {
            throw new InvalidInputException("automation.error.update", MAX_UPDATE);
        }
        if (!definition.createChat() && update.isEmpty()) {
            throw new InvalidInputException("automation.error.action");
        }
        this.name = checkedName;
        this.onCreated = definition.onCreated();
        this.onChanged = definition.onChanged();
        this.maxPriority = definition.maxPriority();
        this.majorOnly = definition.majorOnly();
        List<String> emails = participantList(definition.participants());
        this.participants = emails.isEmpty() ? null : String.join(",", emails);
        this.createChat = definition.createChat();
        this.updateText = update.isEmpty() ? null : update;
    }

    /** E-mail addresses separated by commas, semicolons, spaces or lines; each checked, at most MAX_PARTICIPANTS. */
    static List<String> participantList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> emails = new LinkedHashSet<>();
        for (String part : text.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            if (!EMAIL.matcher(part).matches() || part.length() > 320) {
                throw new InvalidInputException("automation.error.participant", part);
            }
            emails.add(part.toLowerCase(Locale.ROOT));
        }
        if (emails.size() > MAX_PARTICIPANTS) {
            throw new InvalidInputException("automation.error.participants", MAX_PARTICIPANTS);
        }
        return new ArrayList<>(emails);
    }

    /** Whether the rule runs for this entry on an incident of this priority and kind. */
    public boolean matches(TimelineEntryType entry, Priority priority, boolean major) {
        boolean trigger =
                (entry == TimelineEntryType.CREATED && onCreated) || (entry == TimelineEntryType.CHANGED && onChanged);
        return trigger && priority != null && priority.ordinal() <= maxPriority.ordinal() && (!majorOnly || major);
    }

    public List<String> participantEmails() {
        return participants == null ? List.of() : Arrays.asList(participants.split(","));
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public boolean isOnCreated() {
        return onCreated;
    }

    public boolean isOnChanged() {
        return onChanged;
    }

    public Priority getMaxPriority() {
        return maxPriority;
    }

    public boolean isMajorOnly() {
        return majorOnly;
    }

    public boolean isCreateChat() {
        return createChat;
    }

    public String getUpdateText() {
        return updateText;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
