package io.tenantlink.lifecycle;

import io.tenantlink.access.Role;
import io.tenantlink.access.RoleAssignment;
import io.tenantlink.access.RoleRepository;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionStatus;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.people.EmailAddress;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Lifecycle warnings of a site: finds what holds now, records it (raised, escalated, cleared: each audited), says
 * which warnings are due for an e-mail, records e-mails sent and acknowledgements. Times come from the caller (the
 * timer passes {@code platform.Clock.now()}), so the rules can be run on any instant.
 */
@ApplicationScoped
public class LifecycleService {

    public static final String SYSTEM_ACTOR = "system:lifecycle-warnings";

    @Inject
    LifecycleRepository repository;

    @Inject
    ConnectionService connections;

    @Inject
    RoleRepository roles;

    @Inject
    AuditLog auditLog;

    @Inject
    io.tenantlink.doctor.ConsentCheckStore consentChecks;

    @Inject
    io.tenantlink.account.ActorNames actorNames;

    /** A warning due for an e-mail, as the e-mail tells it. */
    public record DueMail(long warningId, Stage stage, WarningTexts.Text text) {}

    /** An address to send a site's warnings to. */
    public record Recipient(long accountId, String email) {}

    /** The portal's credentials' expiries as its settings and certificate files give them now. */
    public List<AppCredentials.Expiry> settingsExpiries() {
        Config config = ConfigProvider.getConfig();
        return AppCredentials.read(key -> config.getOptionalValue(key, String.class));
    }

    /** Records where this check found each app's credential dates (Graph, or the settings and why). */
    @Transactional
    public void recordSources(List<RegistrationRead> reads, Instant now) {
        Map<String, CredentialSource> rows = sourcesByApp();
        for (RegistrationRead read : reads) {
            CredentialSource row = rows.get(read.app());
            if (row != null) {
                row.record(read, now);
            }
        }
    }

    /** Where the last check found each app's credential dates, by app. */
    @Transactional
    public Map<String, CredentialSource> credentialSources() {
        return sourcesByApp();
    }

    private Map<String, CredentialSource> sourcesByApp() {
        Map<String, CredentialSource> rows = new HashMap<>();
        for (CredentialSource row : repository.credentialSources()) {
            rows.put(row.getApp(), row);
        }
        return rows;
    }

    /** The candidate next catalog ({@code TENANTLINK_CATALOG_NEXT}), when configured. */
    public Optional<io.tenantlink.catalog.FeatureCatalog> nextCatalog() {
        Config config = ConfigProvider.getConfig();
        return ConsentForecast.next(key -> config.getOptionalValue(key, String.class));
    }

    /** What holds on the site at {@code now}. */
    public List<Finding> findings(long siteId, List<AppCredentials.Expiry> expiries, Instant now) {
        return findings(siteId, expiries, Optional.empty(), now);
    }

    /** What holds on the site at {@code now}, with the re-consent forecast against {@code next} when given. */
    public List<Finding> findings(
            long siteId,
            List<AppCredentials.Expiry> expiries,
            Optional<io.tenantlink.catalog.FeatureCatalog> next,
            Instant now) {
        List<Finding> found = new ArrayList<>();
        for (AppCredentials.Expiry expiry : expiries) {
            WarningRules.stageOf(expiry.expiresAt(), now)
                    .ifPresent(stage -> found.add(new Finding(
                            WarningKind.CREDENTIAL_EXPIRY,
                            expiry.subject(),
                            stage,
                            expiry.label(),
                            expiry.expiresAt())));
        }
        for (TenantConnection c : connections.ofSite(siteId)) {
            if (c.getStatus() == ConnectionStatus.NEEDS_SIGN_IN) {
                found.add(new Finding(
                        WarningKind.CONNECTION_SIGN_IN,
                        String.valueOf(c.getId()),
                        Stage.FAILING,
                        c.getStatusReason(),
                        null));
            } else if (c.isNeedsAttention()) {
                found.add(new Finding(
                        WarningKind.CONNECTION_ATTENTION,
                        String.valueOf(c.getId()),
                        Stage.FAILING,
                        c.getAttentionReason(),
                        null));
            }
            if (next.isPresent() && c.isActive()) {
                List<io.tenantlink.doctor.FeatureCheck> checks = consentChecks.rowsOf(c.getId()).stream()
                        .map(io.tenantlink.doctor.ConsentCheckRow::toCheck)
                        .toList();
                for (ConsentForecast.Need need : ConsentForecast.needs(next.get(), checks)) {
                    found.add(new Finding(
                            WarningKind.CONSENT_FORECAST,
                            c.getId() + "/" + need.featureKey(),
                            Stage.FORECAST,
                            next.get().version() + ": " + String.join(", ", need.missing()),
                            null));
                }
            }
        }
        return found;
    }

    /**
     * Records the site's findings at {@code now}: new and escalated warnings are audited WARNING_RAISED, those whose
     * condition no longer holds are removed (WARNING_CLEARED); answers the warnings due for an e-mail.
     */
    @Transactional
    public List<DueMail> record(long siteId, List<Finding> findings, String actor, Instant now) {
        Map<String, LifecycleWarning> existing = new HashMap<>();
        for (LifecycleWarning w : repository.warnings(siteId)) {
            existing.put(w.getKind() + "/" + w.getSubject(), w);
        }
        Set<String> holding = new HashSet<>();
        for (Finding f : findings) {
            String key = f.kind() + "/" + f.subject();
            holding.add(key);
            LifecycleWarning w = existing.get(key);
            if (w == null) {
                w = new LifecycleWarning(siteId, f, now);
                repository.add(w);
                existing.put(key, w);
                audit(actor, AuditAction.WARNING_RAISED, AuditOutcome.FAILURE, w, now);
            } else if (w.update(f)) {
                audit(actor, AuditAction.WARNING_RAISED, AuditOutcome.FAILURE, w, now);
            }
        }
        Map<Long, String> names = tenantNames(siteId);
        List<DueMail> due = new ArrayList<>();
        for (Map.Entry<String, LifecycleWarning> e : existing.entrySet()) {
            LifecycleWarning w = e.getValue();
            if (!holding.contains(e.getKey())) {
                audit(actor, AuditAction.WARNING_CLEARED, AuditOutcome.SUCCESS, w, now);
                repository.remove(w);
            } else if (w.mailDue(now)) {
                due.add(new DueMail(w.getId(), w.getStage(), WarningTexts.of(w, names)));
            }
        }
        due.sort((a, b) -> b.stage().compareTo(a.stage()));
        return due;
    }

    /** Records the e-mail about these warnings (sent to {@code sent} of the site's admins), each audited. */
    @Transactional
    public void mailed(long siteId, List<DueMail> mailed, int sent, String failure, Instant now) {
        for (DueMail m : mailed) {
            repository.warning(siteId, m.warningId()).ifPresent(w -> {
                if (sent > 0) {
                    w.mailed(now);
                }
                auditLog.record(new AuditEntry(
                        now,
                        SYSTEM_ACTOR,
                        AuditAction.WARNING_MAILED,
                        sent > 0 ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                        siteId,
                        null,
                        subjectOf(w),
                        w.getStage() + ": e-mailed to " + sent + " site admin(s)"
                                + (failure == null ? "" : "; " + failure)));
            });
        }
    }

    /** Acknowledged by a site admin: not mailed again until a new threshold. */
    @Transactional
    public void acknowledge(long siteId, long warningId, String actor, Instant now) {
        LifecycleWarning w = repository
                .warning(siteId, warningId)
                .orElseThrow(() -> new InvalidInputException("lifecycle.error.gone"));
        if (w.isAcknowledged()) {
            return;
        }
        w.acknowledge(actor, now);
        audit(actor, AuditAction.WARNING_ACKNOWLEDGED, AuditOutcome.SUCCESS, w, now);
    }

    @Transactional
    public List<WarningView> views(long siteId) {
        Map<Long, String> names = tenantNames(siteId);
        List<LifecycleWarning> warnings = repository.warnings(siteId);
        var people = actorNames.of(warnings.stream()
                .map(LifecycleWarning::getAcknowledgedBy)
                .filter(a -> a != null)
                .toList());
        return warnings.stream()
                .map(w -> WarningView.of(w, WarningTexts.of(w, names), people.apply(w.getAcknowledgedBy())))
                .toList();
    }

    /** The addresses of the site's current site admins who gave one. */
    @Transactional
    public List<Recipient> recipients(long siteId) {
        Set<Long> admins = roles.findBySite(siteId).stream()
                .filter(r -> r.getRole() == Role.SITE_ADMIN)
                .map(RoleAssignment::getAccountId)
                .collect(Collectors.toSet());
        return repository.recipients(siteId).stream()
                .filter(r -> admins.contains(r.getAccountId()) && !r.getEmail().isBlank())
                .map(r -> new Recipient(r.getAccountId(), r.getEmail()))
                .toList();
    }

    @Transactional
    public Optional<String> addressOf(long siteId, long accountId) {
        return repository.recipient(siteId, accountId).map(LifecycleRecipient::getEmail);
    }

    /** Sets (or with an empty value, keeps nothing for) the caller's address for the site's warnings. */
    @Transactional
    public void setAddress(long siteId, long accountId, String actor, String address, Instant now) {
        String value = address == null ? "" : address.strip();
        Optional<LifecycleRecipient> current = repository.recipient(siteId, accountId);
        if (value.isEmpty()) {
            current.ifPresent(r -> r.change("", now));
            return;
        }
        String valid;
        try {
            valid = EmailAddress.valid(value);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("lifecycle.error.email");
        }
        if (current.isPresent()) {
            current.get().change(valid, now);
        } else {
            repository.add(new LifecycleRecipient(siteId, accountId, valid, now));
        }
    }

    private void audit(String actor, AuditAction action, AuditOutcome outcome, LifecycleWarning w, Instant now) {
        auditLog.record(new AuditEntry(
                now,
                actor,
                action,
                outcome,
                w.getSiteId(),
                null,
                subjectOf(w),
                w.getStage()
                        + (w.getDetail() == null ? "" : " " + w.getDetail())
                        + (w.getExpiresAt() == null ? "" : " (expires " + w.getExpiresAt() + ")")));
    }

    private Map<Long, String> tenantNames(long siteId) {
        Map<Long, String> names = new HashMap<>();
        for (TenantConnection c : connections.ofSite(siteId)) {
            names.put(c.getId(), c.getDisplayName());
        }
        return names;
    }

    static String subjectOf(LifecycleWarning w) {
        return "warning " + w.getKind() + " " + w.getSubject();
    }
}
