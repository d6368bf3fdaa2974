package io.tenantlink.doctor.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.account.ActorNames;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.doctor.CheckStatus;
import io.tenantlink.doctor.ConsentCheckRow;
import io.tenantlink.doctor.ConsentCheckStore;
import io.tenantlink.doctor.ConsentDoctor;
import io.tenantlink.doctor.ConsentMatrices;
import io.tenantlink.doctor.ConsentMatrix;
import io.tenantlink.doctor.ConsentReader;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Settings → Chat and video tools → Microsoft Teams → a tenant → Consent status: per feature, what
 * the tenant granted against what the catalog requires (from the last check), and Check now.
 */
@Controller
@Path("sites/{siteId}/chat-tools/teams/{connectionId}/consent")
@RequestScoped
public class ConsentDoctorController {

    /**
     * The state the "ask for the missing permissions" links carry. It is no sign-in request of this
     * portal: Microsoft's answer to it changes nothing here; Check now reads the result.
     */
    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    ConnectionService connections;

    @Inject
    ConsentDoctor doctor;

    @Inject
    ConsentCheckStore store;

    @Inject
    FeatureApps featureApps;

    @Inject
    SignInFlow signInFlow;

    @Inject
    MicrosoftApps apps;

    @Inject
    Flash flash;

    @Inject
    ConsentMatrices matrices;

    @Inject
    ActorNames actorNames;

    @PathParam("siteId")
    long siteId;

    @PathParam("connectionId")
    long connectionId;

    /** One line of the page: the feature, its last check, and the link asking for what is missing. */
    public record FeatureRow(FeatureApp feature, FeatureCheck check, String fixLink) {
        public String getStatusKey() {
            return "doctor.status." + check.status();
        }

        /** The matrix's state of this feature (granted, extra, missing, not installed, …). */
        public ConsentMatrix.State getState() {
            return ConsentMatrix.classify(check);
        }

        /** The badge its status is shown in (fragments/badges). */
        public String getStatusStyle() {
            return styleOf(getState());
        }

        static String styleOf(ConsentMatrix.State state) {
            return state.badge();
        }
    }

    /** The summary at the top of the page: how many features are in each state. */
    public record SummaryItem(ConsentMatrix.State state, int count) {
        public String badge() {
            return FeatureRow.styleOf(state);
        }
    }

    /**
     * An app registration (client id) that the tenant granted more than the catalog lists for it: with
     * {@code .default}, admin consent grants everything the registration configures, so the extras come from the
     * registration. Named once per client id, with the features that use it.
     */
    public record ExtraPermissions(
            String clientId, List<String> featureNameKeys, List<String> delegated, List<String> application) {
        public String getDelegatedText() {
            return String.join(", ", delegated);
        }

        public String getApplicationText() {
            return String.join(", ", application);
        }
    }

    /** The app registrations whose grants hold extras, in catalog order (pure). */
    static List<ExtraPermissions> extras(List<FeatureRow> rows) {
        Map<String, List<FeatureRow>> byClient = new java.util.LinkedHashMap<>();
        for (FeatureRow row : rows) {
            FeatureCheck check = row.check();
            if (check.clientId() != null
                    && (!check.delegated().extra().isEmpty()
                            || !check.application().extra().isEmpty())) {
                byClient.computeIfAbsent(check.clientId().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                        .add(row);
            }
        }
        List<ExtraPermissions> extras = new ArrayList<>();
        byClient.forEach((clientId, sharing) -> {
            java.util.Set<String> delegated = new java.util.TreeSet<>();
            java.util.Set<String> application = new java.util.TreeSet<>();
            sharing.forEach(r -> {
                delegated.addAll(r.check().delegated().extra());
                application.addAll(r.check().application().extra());
            });
            extras.add(new ExtraPermissions(
                    clientId,
                    sharing.stream()
                            .map(r -> "doctor.feature." + r.feature().key())
                            .toList(),
                    List.copyOf(delegated),
                    List.copyOf(application)));
        });
        return extras;
    }

    @GET
    public String show() {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        return page(site, connection, null);
    }

    @POST
    @Path("check")
    public Response checkNow() throws InterruptedException {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        if (connection.isDisconnected()) {
            flash.error("doctor.error.disconnected");
            return Views.redirect(path());
        }
        ConsentDoctor.Result result = doctor.check(connection, currentUser.actor(), true);
        if (result instanceof ConsentDoctor.Unreadable unreadable) {
            return Response.ok(page(site, connections.find(connectionId).orElseThrow(), unreadable.failure()))
                    .build();
        }
        if (result instanceof ConsentDoctor.Checked checked
                && !checked.recorded().changes().isEmpty()) {
            flash.error("doctor.checked.changed", checked.recorded().changes().size());
        } else {
            flash.success("doctor.checked");
        }
        return Views.redirect(path());
    }

    private String page(Site site, TenantConnection connection, ConsentReader.Failure failure) {
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
        List<ConsentCheckRow> stored = store.rowsOf(connectionId);
        Map<String, ConsentCheckRow> byFeature = stored.stream()
                .collect(Collectors.toMap(ConsentCheckRow::getFeatureKey, Function.identity(), (a, b) -> a));
        List<FeatureRow> rows = new ArrayList<>();
        for (FeatureApp feature : featureApps.catalog().features()) {
            ConsentCheckRow row = byFeature.get(feature.key());
            if (row == null) {
                continue;
            }
            FeatureCheck check = row.toCheck();
            rows.add(new FeatureRow(feature, check, matrices.fixLink(check, connection.getTenantId())));
        }
        models.put("rows", rows);
        java.util.Map<ConsentMatrix.State, Integer> counts = new java.util.EnumMap<>(ConsentMatrix.State.class);
        rows.forEach(r -> counts.merge(r.getState(), 1, Integer::sum));
        models.put(
                "summary",
                counts.entrySet().stream()
                        .map(e -> new SummaryItem(e.getKey(), e.getValue()))
                        .toList());
        models.put("matrix", matrices.of(siteId, connections.ofSite(siteId), connectionId));
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connectionId, connection.getDisplayName())
                        .hereKey("doctor.title"));
        models.put("extras", extras(rows));
        Optional<Instant> checkedAt =
                stored.stream().map(ConsentCheckRow::getCheckedAt).max(Instant::compareTo);
        models.put("checkedAt", checkedAt.orElse(null));
        models.put(
                "checkedBy",
                stored.stream()
                        .max((a, b) -> a.getCheckedAt().compareTo(b.getCheckedAt()))
                        .map(ConsentCheckRow::getCheckedBy)
                        .map(by -> actorNames.of(List.of(by)).apply(by))
                        .orElse(null));
        models.put("failure", failure);
        if (failure != null && failure.kind() == ConsentReader.FailureKind.NOT_CONSENTED) {
            apps.managementClientId()
                    .ifPresent(id -> models.put(
                            "managementConsentLink",
                            signInFlow
                                    .adminConsentUrl(
                                            id,
                                            connection.getTenantId(),
                                            FeatureCatalog.LINK_STATE_PREFIX + "management",
                                            SignInFlow.GRAPH_DEFAULT)
                                    .toString()));
        }
        models.put(
                "attentionFeature",
                connection.getAttentionFeature() == null
                        ? null
                        : featureApps
                                .catalog()
                                .feature(connection.getAttentionFeature())
                                .map(FeatureApp::nameKey)
                                .orElse(null));
        models.put("okStatus", CheckStatus.OK);
        return "doctor/consent.html";
    }

    private TenantConnection connectionOfSite() {
        return connections.ofSite(siteId, connectionId).orElseThrow(NotFoundException::new);
    }

    private String path() {
        return "/sites/" + siteId + "/chat-tools/teams/" + connectionId + "/consent";
    }
}
