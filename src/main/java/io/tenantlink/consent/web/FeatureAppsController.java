package io.tenantlink.consent.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.catalog.FeatureView;
import io.tenantlink.connection.ConnectionChangedMeanwhile;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.ConnectionView;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.web.FlowSession;
import io.tenantlink.consent.PowerShellScript;
import io.tenantlink.consent.ReviewEnterpriseApp;
import io.tenantlink.consent.ScriptTarget;
import io.tenantlink.consent.TenantWideConsent;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Messages;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Feature apps for one connected tenant: the admin-consent links that approve a feature for all users
 * (with and without its optional scopes), whether the tenant has approved it (read from Graph), the
 * review-only enterprise application, and the PowerShell script for a limited set of users.
 */
@Path("sites/{siteId}/chat-tools/teams/{connectionId}/features")
@RequestScoped
public class FeatureAppsController {

    /** The state of a copied approve-for-all link: not a secret and not trusted; it only names the feature. */
    static final String LINK_STATE_PREFIX = FeatureCatalog.LINK_STATE_PREFIX;

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
    FeatureApps featureApps;

    @Inject
    SignInFlow signInFlow;

    @Inject
    MicrosoftApps apps;

    @Inject
    ReviewEnterpriseApp reviewApp;

    @Inject
    TenantWideConsent tenantWide;

    @Inject
    AuditLog auditLog;

    @Inject
    Flash flash;

    @Inject
    FlowSession flowSession;

    @Inject
    io.tenantlink.doctor.ConsentCheckStore checks;

    @PathParam("siteId")
    long siteId;

    @PathParam("connectionId")
    long connectionId;

    @Controller
    @GET
    public String list() {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("features", views());
        // The status column: what the consent doctor's last check found for each feature app.
        java.util.Map<String, io.tenantlink.doctor.ConsentMatrix.State> states = new java.util.HashMap<>();
        checks.rowsOf(connection.getId())
                .forEach(r -> states.putIfAbsent(
                        r.getFeatureKey(), io.tenantlink.doctor.ConsentMatrix.classify(r.toCheck())));
        models.put("states", states);
        models.put("notChecked", io.tenantlink.doctor.ConsentMatrix.State.NOT_CHECKED);
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connection.getId(), connection.getDisplayName())
                        .hereKey("featureApps.tenant.title", connection.getDisplayName()));
        return "features/list.html";
    }

    @Controller
    @GET
    @Path("{key}")
    public Response feature(@PathParam("key") String key) throws InterruptedException {
        return featurePage(key, Response.Status.OK);
    }

    @Controller
    @GET
    @Path("{key}/review-app")
    public String confirmReviewApp(@PathParam("key") String key) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        FeatureApp feature = featureOf(key);
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("feature", view(feature));
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connection.getId(), connection.getDisplayName())
                        .key(
                                "featureApps.tenant.title",
                                "/sites/" + siteId + "/chat-tools/teams/" + connection.getId() + "/features",
                                connection.getDisplayName())
                        .link(
                                io.tenantlink.platform.web.Messages.get(java.util.Locale.ENGLISH, feature.nameKey()),
                                "/sites/" + siteId + "/chat-tools/teams/" + connection.getId() + "/features/"
                                        + feature.key())
                        .hereKey("featureApps.review.title"));
        return "features/review-app.html";
    }

    @Controller
    @POST
    @Path("{key}/review-app")
    public Response createReviewApp(@PathParam("key") String key) throws InterruptedException {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        FeatureApp feature = featureOf(key);
        String clientId = featureApps.clientId(feature).orElse(null);
        if (clientId == null || connection.isDisconnected()) {
            audit(
                    AuditAction.FEATURE_REVIEW_APP_REFUSED,
                    AuditOutcome.REFUSED,
                    connection,
                    feature,
                    clientId == null ? "no client id configured" : "connection is disconnected");
            flash.error(clientId == null ? "featureApps.error.notConfigured" : "featureApps.error.disconnected");
            return Views.redirect(featurePath(key));
        }
        ReviewEnterpriseApp.Result result = reviewApp.create(connection.getTenantId(), clientId);
        switch (result.outcome()) {
            case CREATED -> {
                audit(
                        AuditAction.FEATURE_REVIEW_APP_CREATED,
                        AuditOutcome.SUCCESS,
                        connection,
                        feature,
                        "app " + clientId + ": " + result.detail());
                flash.success("featureApps.review.created", result.servicePrincipalId());
            }
            case ALREADY_PRESENT -> {
                audit(
                        AuditAction.FEATURE_REVIEW_APP_CREATED,
                        AuditOutcome.SUCCESS,
                        connection,
                        feature,
                        "app " + clientId + ": " + result.detail());
                flash.success(
                        "featureApps.review.alreadyPresent",
                        result.servicePrincipalId() == null ? "" : result.servicePrincipalId());
            }
            case MANAGEMENT_NOT_CONSENTED -> {
                audit(
                        AuditAction.FEATURE_REVIEW_APP_REFUSED,
                        AuditOutcome.REFUSED,
                        connection,
                        feature,
                        "app " + clientId + ": " + result.detail());
                models.put("managementRefused", true);
                return featurePage(key, Response.Status.CONFLICT);
            }
            case NOT_CONFIGURED -> {
                audit(
                        AuditAction.FEATURE_REVIEW_APP_REFUSED,
                        AuditOutcome.REFUSED,
                        connection,
                        feature,
                        result.detail());
                flash.error("featureApps.review.notConfigured");
            }
            case FAILED -> {
                audit(
                        AuditAction.FEATURE_REVIEW_APP_REFUSED,
                        AuditOutcome.FAILURE,
                        connection,
                        feature,
                        "app " + clientId + ": " + result.detail());
                flash.error("featureApps.review.failed");
            }
        }
        return Views.redirect(featurePath(key));
    }

    /** An approval link for this feature app (state-bound consent through the tenant admin's sign-in), shown once. */
    @Controller
    @POST
    @Path("{key}/links")
    public Response createLink(@PathParam("key") String key, @jakarta.ws.rs.FormParam("optional") String optional) {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        FeatureApp feature = featureOf(key);
        if (featureApps.clientId(feature).isEmpty() || connection.isDisconnected()) {
            flash.error(
                    connection.isDisconnected() ? "featureApps.error.disconnected" : "featureApps.error.notConfigured");
            return Views.redirect(featurePath(key));
        }
        String token;
        try {
            token = connections.createLink(
                    currentUser.actor(),
                    connectionId,
                    FeatureLinkSet.id(featureApps.catalog(), feature, "true".equals(optional)));
        } catch (ConnectionChangedMeanwhile changed) {
            // Disconnected by another request since this page was shown: no link, audited, and the page says so.
            connections.refused(
                    currentUser.actor(),
                    AuditAction.ACCESS_REFUSED,
                    siteId,
                    connection.getTenantId(),
                    "connection " + connectionId,
                    "no link for feature " + key + ": the connection became " + changed.status() + " meanwhile");
            flash.error("featureApps.error.disconnected");
            return Views.redirect(featurePath(key));
        }
        flowSession.reveal(revealKey(), apps.portalUrl("approve/" + token));
        flash.success("link.created");
        return Views.redirect(featurePath(key));
    }

    /** Feature links are revealed under a key of their own, so the connection page never shows them. */
    private long revealKey() {
        return -connectionId;
    }

    /** Not a view (no @Controller): the PowerShell script as a download, or a 400 saying in words what is wrong. */
    @GET
    @Path("{key}/approve-users.ps1")
    public Response script(
            @PathParam("key") String key,
            @QueryParam("users") String users,
            @QueryParam("group") String group,
            @QueryParam("optional") String optional)
            throws InterruptedException {
        siteAccess.requireSite(siteId, Permission.MANAGE_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        FeatureApp feature = featureOf(key);
        String clientId = featureApps.clientId(feature).orElse(null);
        ScriptTarget target;
        try {
            if (clientId == null) {
                throw new InvalidInputException("featureApps.error.notConfigured");
            }
            target = ScriptTarget.parse(users, group, optional);
        } catch (InvalidInputException invalid) {
            audit(
                    AuditAction.FEATURE_SCRIPT_DOWNLOADED,
                    AuditOutcome.REFUSED,
                    connection,
                    feature,
                    "refused: " + invalid.messageKey());
            // The feature page again, the form filled in as it was sent and the reason above it (not a bare text page).
            models.put("error", Messages.get(Locale.ENGLISH, invalid.messageKey(), invalid.arguments()));
            models.put("scriptUsers", users);
            models.put("scriptGroup", group);
            models.put("scriptOptional", optional);
            return Views.page(featurePage(key, Response.Status.BAD_REQUEST));
        }
        FeatureCatalog catalog = featureApps.catalog();
        List<String> scopes = new ArrayList<>(feature.delegatedScopes(catalog.baseScopes(), target.withOptional()));
        String script = PowerShellScript.generate(
                catalog,
                feature,
                Messages.get(Locale.ENGLISH, feature.nameKey()),
                connection.getTenantId(),
                clientId,
                scopes,
                target,
                Clock.now());
        audit(
                AuditAction.FEATURE_SCRIPT_DOWNLOADED,
                AuditOutcome.SUCCESS,
                connection,
                feature,
                "app " + clientId + ", "
                        + (target.forGroup()
                                ? "group " + target.groupId()
                                : target.userIds().size() + " user(s)")
                        + ", scopes " + String.join(" ", scopes));
        return Response.ok(script, "text/plain; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"tenantlink-approve-" + feature.key() + ".ps1\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private Response featurePage(String key, Response.Status status) throws InterruptedException {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_CONNECTIONS);
        TenantConnection connection = connectionOfSite();
        FeatureApp feature = featureOf(key);
        FeatureCatalog catalog = featureApps.catalog();
        String clientId = featureApps.clientId(feature).orElse(null);
        models.put("site", SiteView.of(site));
        models.put("connection", ConnectionView.of(connection));
        models.put("feature", view(feature));
        models.put(
                "breadcrumbs",
                io.tenantlink.connection.web.Crumbs.tenant(
                                siteId, site.getName(), connection.getId(), connection.getDisplayName())
                        .key(
                                "featureApps.tenant.title",
                                "/sites/" + siteId + "/chat-tools/teams/" + connection.getId() + "/features",
                                connection.getDisplayName())
                        .here(io.tenantlink.platform.web.Messages.get(java.util.Locale.ENGLISH, feature.nameKey())));
        models.put("catalogVersion", catalog.version());
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
        models.put("revealedLink", flowSession.takeRevealed(revealKey()));
        if (clientId != null) {
            String state = LINK_STATE_PREFIX + feature.key();
            models.put(
                    "consentLink",
                    signInFlow
                            .adminConsentUrl(
                                    clientId,
                                    connection.getTenantId(),
                                    state,
                                    FeatureView.consentScope(catalog, feature, false))
                            .toString());
            if (!feature.optional().isEmpty()) {
                models.put(
                        "consentLinkOptional",
                        signInFlow
                                .adminConsentUrl(
                                        clientId,
                                        connection.getTenantId(),
                                        state,
                                        FeatureView.consentScope(catalog, feature, true))
                                .toString());
            }
            if (!feature.application().isEmpty()) {
                models.put(
                        "consentLinkDefault",
                        signInFlow
                                .adminConsentUrl(clientId, connection.getTenantId(), state, SignInFlow.GRAPH_DEFAULT)
                                .toString());
            }
            models.put(
                    "consentStatus",
                    connection.isDisconnected()
                            ? null
                            : tenantWide.check(
                                    connection.getTenantId(), clientId, feature.required(), feature.optional()));
        }
        apps.managementClientId()
                .ifPresent(management -> models.put(
                        "managementConsentLink",
                        signInFlow
                                .adminConsentUrl(
                                        management,
                                        connection.getTenantId(),
                                        LINK_STATE_PREFIX + "management",
                                        SignInFlow.GRAPH_DEFAULT)
                                .toString()));
        return Response.status(status).entity("features/feature.html").build();
    }

    private List<FeatureView> views() {
        return featureApps.catalog().features().stream().map(this::view).toList();
    }

    private FeatureView view(FeatureApp feature) {
        return FeatureView.of(
                featureApps.catalog(), feature, featureApps.clientId(feature).orElse(null));
    }

    private FeatureApp featureOf(String key) {
        return featureApps.catalog().feature(key).orElseThrow(NotFoundException::new);
    }

    private TenantConnection connectionOfSite() {
        return connections.ofSite(siteId, connectionId).orElseThrow(NotFoundException::new);
    }

    private String featurePath(String key) {
        return "/sites/" + siteId + "/chat-tools/teams/" + connectionId + "/features/" + key;
    }

    private void audit(
            AuditAction action, AuditOutcome outcome, TenantConnection connection, FeatureApp feature, String detail) {
        auditLog.recordAlone(new AuditEntry(
                Clock.now(),
                currentUser.actor(),
                action,
                outcome,
                connection.getSiteId(),
                connection.getTenantId(),
                "feature " + feature.key() + " (connection " + connection.getId() + ")",
                detail));
    }
}
