package io.tenantlink.sandbox;

import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import io.tenantlink.sandbox.graph.GraphObjects;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages a browser meets at the identity platform: sign-in (a user principal name, no password),
 * the consent prompt, and admin consent, ending in a redirect to the app's registered redirect URI
 * with a code, or with Microsoft's error parameters.
 */
@Controller
@Path("login/{tenant}")
@RequestScoped
public class SignInController {

    private static final String AUTHORIZE = "authorize";
    private static final String ADMIN_CONSENT = "adminconsent";

    @Inject
    Models models;

    @Inject
    SandboxDirectory directory;

    @Inject
    SandboxSession session;

    @Inject
    ConsentStore consent;

    @Inject
    AuthorizationCodes codes;

    @Inject
    SandboxSettings sandbox;

    @Context
    UriInfo uri;

    @PathParam("tenant")
    String tenantPath;

    @GET
    @Path("oauth2/v2.0/authorize")
    public Response authorize() {
        Map<String, String> params = query();
        DirectoryData.Application app =
                directory.application(params.get("client_id")).orElse(null);
        if (app == null) {
            return problem(700016, "sandbox.problem.unknownApp", params.get("client_id"));
        }
        if (!registered(app, params.get("redirect_uri"))) {
            return problem(50011, "sandbox.problem.redirectUri", params.get("redirect_uri"));
        }
        if (!"code".equals(params.get("response_type"))) {
            // AADSTS700054 is about id_token alone; 70005 is the general "unsupported response type".
            String type = String.valueOf(params.get("response_type"));
            return type.contains("id_token")
                    ? redirectError(
                            params,
                            "unsupported_response_type",
                            700054,
                            "response_type 'id_token' is not enabled for the application.",
                            null)
                    : redirectError(
                            params,
                            "unsupported_response_type",
                            70005,
                            "response_type '" + type + "' is not enabled for the application.",
                            null);
        }
        // Microsoft accepts S256 and plain; a challenge without a method is plain (v2-oauth2-auth-code-flow).
        String method = params.get("code_challenge_method");
        if (params.get("code_challenge") != null
                && method != null
                && !"S256".equals(method)
                && !"plain".equals(method)) {
            return redirectError(
                    params,
                    "invalid_request",
                    90100,
                    "The parameter 'code_challenge_method' is empty or not valid.",
                    null);
        }
        RequestedScopes scopes = RequestedScopes.parse(params.get("scope"));
        if (!scopes.unknownResource().isEmpty()) {
            return redirectError(
                    params,
                    "invalid_resource",
                    500011,
                    "The resource principal named " + String.join(" ", scopes.unknownResource())
                            + " was not found in the tenant.",
                    null);
        }
        // Dynamic consent: any permission Microsoft Graph publishes may be asked for; only unknown ones are refused.
        Set<String> unknownScopes = scopes.notPublished(
                GraphObjects.GraphCatalog.of(directory.data()).scopes());
        if (!unknownScopes.isEmpty()) {
            return redirectError(
                    params,
                    "invalid_scope",
                    70011,
                    "The provided value for the input parameter 'scope' is not valid. The scope '"
                            + String.join(" ", unknownScopes) + "' does not exist on the resource '"
                            + GraphPermissions.GRAPH_APP_ID + "'.",
                    null);
        }
        String prompt = params.get("prompt");
        if ("none".equals(prompt) && !session.signedIn()) {
            return redirectError(
                    params,
                    "login_required",
                    50058,
                    "A silent sign-in request was sent but no user is signed in.",
                    null);
        }
        String id = session.remember(new SandboxSession.Pending(AUTHORIZE, tenantPath, params));
        boolean forceLogin = "login".equals(prompt) || "select_account".equals(prompt);
        if (!session.signedIn() || forceLogin) {
            return signInPage(id, params.get("login_hint"));
        }
        return afterSignIn(id);
    }

    @GET
    @Path("v2.0/adminconsent")
    public Response adminConsent() {
        Map<String, String> params = query();
        if (tenantPath.equals("common") || tenantPath.equals("consumers")) {
            return problem(90130, "sandbox.problem.commonTenant", tenantPath);
        }
        DirectoryData.Application app =
                directory.application(params.get("client_id")).orElse(null);
        if (app == null) {
            return problem(700016, "sandbox.problem.unknownApp", params.get("client_id"));
        }
        if (!registered(app, params.get("redirect_uri"))) {
            return problem(50011, "sandbox.problem.redirectUri", params.get("redirect_uri"));
        }
        if (!tenantPath.equals("organizations") && directory.tenant(tenantPath).isEmpty()) {
            return problem(90002, "sandbox.problem.unknownTenant", tenantPath);
        }
        String id = session.remember(new SandboxSession.Pending(ADMIN_CONSENT, tenantPath, params));
        if (!session.signedIn()) {
            return signInPage(id, params.get("login_hint"));
        }
        return afterSignIn(id);
    }

    @POST
    @Path("signin")
    public Response signIn(@FormParam("request") String requestId, @FormParam("username") String username) {
        SandboxSession.Pending pending = session.pending(requestId);
        if (pending == null) {
            return problem(50089, "sandbox.problem.expired", "");
        }
        SandboxDirectory.Member member = directory.userByPrincipalName(username).orElse(null);
        if (member == null) {
            models.put("unknownUser", true);
            return signInPageBuilder(requestId, username)
                    .status(Response.Status.BAD_REQUEST)
                    .build();
        }
        if (!fitsTenantPath(member, pending.tenantPath())) {
            return problem(50020, "sandbox.problem.otherTenant", member.user().userPrincipalName);
        }
        session.signIn(member.tenant().id, member.user().id);
        return afterSignIn(requestId);
    }

    @POST
    @Path("consent")
    public Response decide(@FormParam("request") String requestId, @FormParam("decision") String decision) {
        SandboxSession.Pending pending = session.pending(requestId);
        if (pending == null || !session.signedIn()) {
            return problem(50089, "sandbox.problem.expired", "");
        }
        session.done(requestId);
        SandboxDirectory.Member member =
                directory.user(session.tenantId(), session.userId()).orElseThrow();
        DirectoryData.Application app =
                directory.application(pending.get("client_id")).orElseThrow();
        if (!"accept".equals(decision)) {
            return redirectError(
                    pending.parameters(),
                    "access_denied",
                    65004,
                    "User declined to consent to access the app.",
                    "cancel",
                    ADMIN_CONSENT.equals(pending.kind()));
        }
        if (ADMIN_CONSENT.equals(pending.kind())) {
            Requested requested = requested(pending, app);
            consent.adminConsent(member.tenant().id, app, requested.delegated(), requested.application());
            Map<String, String> out = new LinkedHashMap<>();
            out.put("admin_consent", "True");
            out.put("tenant", member.tenant().id);
            out.put("scope", String.join(" ", requested.asScopeParameter()));
            return redirect(pending.parameters(), out, false);
        }
        Set<String> missing = missingScopes(pending, app, member);
        if (!missing.isEmpty()) {
            consent.userConsent(member.tenant().id, app, member.user().id, missing);
        }
        return issueCode(pending, app, member);
    }

    private Response afterSignIn(String requestId) {
        SandboxSession.Pending pending = session.pending(requestId);
        SandboxDirectory.Member member =
                directory.user(session.tenantId(), session.userId()).orElseThrow();
        if (!fitsTenantPath(member, pending.tenantPath())) {
            return problem(50020, "sandbox.problem.otherTenant", member.user().userPrincipalName);
        }
        DirectoryData.Application app =
                directory.application(pending.get("client_id")).orElseThrow();
        if (ADMIN_CONSENT.equals(pending.kind())) {
            Requested requested = requested(pending, app);
            List<String> wids = member.user().roles;
            if (!DirectoryRoles.canGrantTenantWideConsent(wids)
                    || (!requested.application().isEmpty() && !DirectoryRoles.canGrantApplicationPermissions(wids))) {
                return problem(90094, "sandbox.problem.needAdmin", member.user().userPrincipalName);
            }
            return consentPage(requestId, app, member, requested.delegated(), requested.application(), true);
        }
        Set<String> missing = missingScopes(pending, app, member);
        boolean forceConsent = "consent".equals(pending.get("prompt"));
        boolean needsAdmin = missing.stream().anyMatch(this::adminOnly)
                && !DirectoryRoles.canGrantTenantWideConsent(member.user().roles);
        if ("none".equals(pending.get("prompt")) && (!missing.isEmpty() || needsAdmin)) {
            session.done(requestId);
            return redirectError(
                    pending.parameters(),
                    "consent_required",
                    65001,
                    "The user or administrator has not consented to use the application with ID '" + app.appId
                            + "' named '" + app.displayName
                            + "'. Send an interactive authorization request for this user and resource.",
                    null);
        }
        if (missing.isEmpty() && !forceConsent) {
            session.done(requestId);
            return issueCode(pending, app, member);
        }
        if (needsAdmin) {
            return problem(90094, "sandbox.problem.needAdmin", member.user().userPrincipalName);
        }
        // prompt=consent: the consent page even when everything asked for was consented before.
        Set<String> shown =
                missing.isEmpty() ? RequestedScopes.parse(pending.get("scope")).delegated(app) : missing;
        return consentPage(requestId, app, member, shown, Set.of(), false);
    }

    /** Admin-only as the directory marks it, or as Microsoft Graph publishes it (a permission no app registration lists). */
    private boolean adminOnly(String scope) {
        return directory.adminOnly(scope)
                || GraphObjects.GraphCatalog.of(directory.data()).adminScopes().stream()
                        .anyMatch(a -> a.equalsIgnoreCase(scope));
    }

    private Set<String> missingScopes(
            SandboxSession.Pending pending, DirectoryData.Application app, SandboxDirectory.Member member) {
        Set<String> granted = consent.grantedScopes(member.tenant().id, app.appId, member.user().id);
        Set<String> missing = new LinkedHashSet<>();
        for (String scope : RequestedScopes.parse(pending.get("scope")).delegated(app)) {
            if (granted.stream().noneMatch(g -> g.equalsIgnoreCase(scope))) {
                missing.add(scope);
            }
        }
        return missing;
    }

    /** What an admin-consent request asks for: explicit scopes, or with .default everything the app registered. */
    private record Requested(Set<String> delegated, Set<String> application, String scopeParameter) {
        List<String> asScopeParameter() {
            return List.of(scopeParameter);
        }
    }

    private Requested requested(SandboxSession.Pending pending, DirectoryData.Application app) {
        RequestedScopes scopes = RequestedScopes.parse(pending.get("scope"));
        Set<String> application = scopes.graphDefault() ? new LinkedHashSet<>(app.applicationPermissions) : Set.of();
        String scopeParameter =
                pending.get("scope") == null ? GraphPermissions.GRAPH_RESOURCE + "/.default" : pending.get("scope");
        return new Requested(scopes.delegated(app), application, scopeParameter);
    }

    private Response issueCode(
            SandboxSession.Pending pending, DirectoryData.Application app, SandboxDirectory.Member member) {
        String code = codes.issue(new AuthorizationCodes.CodeGrant(
                member.tenant().id,
                member.user().id,
                app.appId,
                pending.get("redirect_uri"),
                pending.get("code_challenge"),
                pending.get("code_challenge_method"),
                pending.get("scope"),
                pending.get("nonce"),
                Instant.now().plus(AuthorizationCodes.LIFETIME)));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("session_state", member.tenant().id.substring(0, 8));
        return redirect(pending.parameters(), out);
    }

    private Response redirectError(Map<String, String> params, String error, int code, String message, String subcode) {
        return redirectError(params, error, code, message, subcode, false);
    }

    /** Microsoft's error redirect; the admin-consent endpoint's carries admin_consent=True too (v2-admin-consent). */
    private Response redirectError(
            Map<String, String> params, String error, int code, String message, String subcode, boolean adminConsent) {
        Map<String, String> out = new LinkedHashMap<>();
        if (adminConsent) {
            out.put("admin_consent", "True");
        }
        out.put("error", error);
        out.put("error_description", "AADSTS" + code + ": " + message);
        if (subcode != null) {
            out.put("error_subcode", subcode);
        }
        return redirect(params, out);
    }

    private Response redirect(Map<String, String> params, Map<String, String> values) {
        return redirect(params, values, "form_post".equals(params.get("response_mode")));
    }

    /**
     * Back to the app: a redirect with a query, or with a fragment (response_mode=fragment), or a self-submitting form
     * (response_mode=form_post).
     */
    private Response redirect(Map<String, String> params, Map<String, String> values, boolean formPost) {
        Map<String, String> all = new LinkedHashMap<>(values);
        if (params.get("state") != null) {
            all.put("state", params.get("state"));
        }
        String target = params.get("redirect_uri");
        if (formPost) {
            models.put("action", target);
            models.put("fields", all);
            return Response.ok("form-post.html")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        }
        boolean fragment = "fragment".equals(params.get("response_mode"));
        StringBuilder url = new StringBuilder(target).append(fragment ? '#' : target.contains("?") ? '&' : '?');
        List<String> pairs = new ArrayList<>();
        all.forEach((k, v) -> pairs.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        url.append(String.join("&", pairs));
        return Response.seeOther(URI.create(url.toString())).build();
    }

    private Response signInPage(String requestId, String loginHint) {
        return signInPageBuilder(requestId, loginHint).build();
    }

    private Response.ResponseBuilder signInPageBuilder(String requestId, String loginHint) {
        SandboxSession.Pending pending = session.pending(requestId);
        models.put("requestId", requestId);
        models.put("tenantPath", tenantPath);
        models.put("username", loginHint == null ? "" : loginHint);
        models.put(
                "appName",
                directory
                        .application(pending.get("client_id"))
                        .map(a -> a.displayName)
                        .orElse(""));
        models.put("tenants", directory.tenants());
        return Response.ok("signin.html");
    }

    private Response consentPage(
            String requestId,
            DirectoryData.Application app,
            SandboxDirectory.Member member,
            Set<String> delegated,
            Set<String> application,
            boolean forOrganization) {
        models.put("requestId", requestId);
        models.put("tenantPath", tenantPath);
        models.put("appName", app.displayName);
        models.put("user", member.user().userPrincipalName);
        models.put("tenantName", member.tenant().displayName);
        models.put("delegatedPermissions", delegated);
        models.put("applicationPermissions", application);
        models.put("forOrganization", forOrganization);
        return Response.ok("consent.html").build();
    }

    private Response problem(int code, String messageKey, String detail) {
        models.put("code", "AADSTS" + code);
        models.put("messageKey", messageKey);
        models.put("detail", detail == null ? "" : detail);
        return Response.status(Response.Status.BAD_REQUEST)
                .entity("problem.html")
                .build();
    }

    private boolean fitsTenantPath(SandboxDirectory.Member member, String path) {
        if (path.equals("organizations") || path.equals("common")) {
            return !"Guest".equalsIgnoreCase(member.user().userType);
        }
        return directory.tenant(path).map(t -> t.id.equals(member.tenant().id)).orElse(false);
    }

    private boolean registered(DirectoryData.Application app, String redirectUri) {
        return redirectUri != null
                && app.redirectUris.stream()
                        .anyMatch(r -> SandboxDirectory.publicRedirect(r, sandbox.portalOrigin())
                                .equals(redirectUri));
    }

    private Map<String, String> query() {
        Map<String, String> params = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.get(0)));
        return params;
    }
}
