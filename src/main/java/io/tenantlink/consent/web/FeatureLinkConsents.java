package io.tenantlink.consent.web;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.connection.ApprovalLink;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.SignInRequest;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.web.FeatureLinkApprovals;
import io.tenantlink.consent.ConsentAhead;
import io.tenantlink.consent.TenantWideConsent;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Models;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Approval links and copied approve-for-all links of feature apps, completed here for the approval callback. */
@RequestScoped
public class FeatureLinkConsents implements FeatureLinkApprovals {

    @Inject
    FeatureApps featureApps;

    @Inject
    TenantWideConsent tenantWide;

    @Inject
    ConnectionService connections;

    @Inject
    SignInFlow signInFlow;

    @Inject
    AuditLog auditLog;

    @Inject
    CurrentUser currentUser;

    @Inject
    Models models;

    @Inject
    ConsentAhead consentAhead;

    @Override
    public Optional<Answer> consentRequest(ApprovalLink link, String state) {
        if (FeatureLinkSet.ahead(link.getPermissionSet()).isPresent()) {
            // Exactly what the next catalog version lacks now; nothing left to ask: the link cannot be used.
            return Optional.of(new Answer(consentAhead
                    .planOf(link)
                    .map(plan -> signInFlow.adminConsentUrl(plan.clientId(), link.getTenantId(), state, plan.scope()))
                    .orElse(null)));
        }
        return FeatureLinkSet.parse(link.getPermissionSet(), featureApps.catalog())
                .map(set -> new Answer(featureApps
                        .clientId(set.feature())
                        .map(clientId -> signInFlow.adminConsentUrl(
                                clientId, link.getTenantId(), state, set.scope(featureApps.catalog())))
                        .orElse(null)));
    }

    @Override
    public Optional<AheadRequest> ahead(ApprovalLink link) {
        return consentAhead
                .planOf(link)
                .map(plan -> new AheadRequest(
                        plan.nameKey(),
                        plan.clientId(),
                        plan.version(),
                        plan.scope(),
                        plan.delegated(),
                        plan.application(),
                        plan.throughDefault()));
    }

    /**
     * The link is spent, and the consent is confirmed through Graph when the consent-management app has access to the
     * tenant; otherwise it is recorded as given but unverified, and the page says so. A consent-ahead link: see
     * {@link #aheadConsented}.
     */
    @Override
    public Optional<Response> consented(String actor, SignInRequest r, ApprovalLink link) throws InterruptedException {
        Optional<FeatureLinkSet.Ahead> ahead = FeatureLinkSet.ahead(link.getPermissionSet());
        if (ahead.isPresent()) {
            return Optional.of(aheadConsented(actor, r, link, ahead.get()));
        }
        Optional<FeatureLinkSet> feature = FeatureLinkSet.parse(link.getPermissionSet(), featureApps.catalog());
        if (feature.isEmpty()) {
            return Optional.empty();
        }
        FeatureLinkSet set = feature.get();
        String clientId = featureApps.clientId(set.feature()).orElse(null);
        TenantWideConsent.Status status = clientId == null
                ? new TenantWideConsent.Status(TenantWideConsent.State.NOT_VERIFIABLE, Set.of(), List.of(), List.of())
                : tenantWide.check(
                        r.getExpectedTenant(),
                        clientId,
                        set.feature().required(),
                        set.withOptional() ? set.feature().optional() : List.of());
        boolean verified = status.state() == TenantWideConsent.State.GRANTED
                && status.missingOptional().isEmpty();
        String detail = switch (status.state()) {
            case GRANTED ->
                verified
                        ? "verified through Graph: the tenant-wide grant covers " + set.scope(featureApps.catalog())
                        : "verified through Graph, but optional scopes are missing: "
                                + String.join(" ", status.missingOptional());
            case MISSING_SCOPES -> "Graph shows a tenant-wide grant lacking " + String.join(" ", status.missing());
            case NO_SERVICE_PRINCIPAL -> "Graph shows no service principal for the app";
            case NOT_VERIFIABLE ->
                "given according to Microsoft's redirect, not verified: no Graph access to the tenant";
        };
        connections.featureLinkApproved(actor, r.getApprovalLinkId(), verified, detail);
        return Optional.of(donePage(verified, status.state() == TenantWideConsent.State.NOT_VERIFIABLE));
    }

    /** The approval's done page for a feature link: whether Graph confirms the grant, or could not be asked. */
    private Response donePage(boolean verified, boolean unverifiable) {
        models.put("declined", false);
        models.put("breadcrumbs", Breadcrumbs.empty().hereKey("approval.done.title"));
        models.put("featureVerified", verified);
        models.put("featureUnverifiable", unverifiable);
        return Response.ok("approval/done.html").build();
    }

    /**
     * A consent ahead came back: the link is spent with what it asked for (the grant ledger's record), the consent
     * doctor checks the tenant at once (so the forecast sees the grant), and whether the doctor finds granted what was
     * asked is recorded (FEATURE_CONSENT_VERIFIED or _UNVERIFIED) and said on the page.
     */
    private Response aheadConsented(String actor, SignInRequest r, ApprovalLink link, FeatureLinkSet.Ahead ahead)
            throws InterruptedException {
        Optional<ConsentAhead.Plan> plan = consentAhead.planOf(link);
        List<String> asked = plan.map(ConsentAhead.Plan::asked).orElse(List.of());
        connections.aheadLinkApproved(actor, r.getApprovalLinkId(), String.join(" ", asked));
        TenantConnection connection = connections.find(link.getConnectionId()).orElseThrow();
        ConsentAhead.Confirmed confirmed = consentAhead.confirm(connection, ahead.featureKey(), asked);
        boolean verified = confirmed.verification() == ConsentAhead.Verification.VERIFIED;
        String detail = switch (confirmed.verification()) {
            case VERIFIED -> "verified by the consent doctor through Graph: granted " + String.join(" ", asked);
            case INCOMPLETE ->
                "the consent doctor's check through Graph does not find " + String.join(" ", confirmed.stillMissing());
            case NOT_VERIFIABLE ->
                "given according to Microsoft's redirect, not verified: no Graph access to the tenant";
        };
        connections.note(
                actor,
                verified ? AuditAction.FEATURE_CONSENT_VERIFIED : AuditAction.FEATURE_CONSENT_UNVERIFIED,
                verified ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                connection,
                link.getPermissionSet() + ": " + detail);
        return donePage(verified, confirmed.verification() == ConsentAhead.Verification.NOT_VERIFIABLE);
    }

    @Override
    public boolean isCopiedLinkState(String state) {
        return state != null && state.startsWith(FeatureCatalog.LINK_STATE_PREFIX);
    }

    /**
     * Such a link carries no secret state, so nothing here is trusted or changed: the answer is recorded as what
     * Microsoft's redirect claims, and the site admin's feature page verifies the consent through Graph.
     */
    @Override
    public Response copiedLinkReturned(String state, String adminConsent, String tenant, String error) {
        String feature = clip(state.substring(FeatureCatalog.LINK_STATE_PREFIX.length()));
        boolean given = error == null && "True".equalsIgnoreCase(adminConsent);
        String tenantId =
                tenant != null && tenant.matches("^[0-9a-fA-F-]{36}$") ? tenant.toLowerCase(Locale.ROOT) : null;
        auditLog.recordAlone(new AuditEntry(
                Clock.now(),
                currentUser.actor(),
                AuditAction.FEATURE_CONSENT_RETURNED,
                given ? AuditOutcome.SUCCESS : AuditOutcome.REFUSED,
                null,
                tenantId,
                "feature " + feature,
                (given
                                ? "Microsoft's redirect reports admin consent"
                                : "Microsoft's redirect reports no consent (" + clip(error) + ")")
                        + "; not verified here: the feature page checks it through Graph"));
        models.put("given", given);
        models.put("breadcrumbs", Breadcrumbs.empty().hereKey("featureApps.returned.title"));
        return Response.ok("features/returned.html").build();
    }

    private static String clip(String value) {
        if (value == null) {
            return "none";
        }
        String safe = value.replaceAll("[^A-Za-z0-9_.\\- ]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }
}
