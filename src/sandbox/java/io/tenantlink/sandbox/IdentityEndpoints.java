package io.tenantlink.sandbox;

import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identity platform's machine endpoints: OpenID discovery, signing keys, the token endpoint
 * (authorization code with PKCE, refresh token, client credentials) and instance discovery, each
 * answering as Microsoft's do, errors included.
 */
@Path("login/{tenant}")
@RequestScoped
public class IdentityEndpoints {

    static final String AUTHORITY = "https://login.microsoftonline.com";
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Inject
    SandboxDirectory directory;

    @Inject
    SandboxKeys keys;

    @Inject
    SandboxTokens tokens;

    @Inject
    AuthorizationCodes codes;

    @Inject
    ConsentStore consent;

    @GET
    @Path("v2.0/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response discovery(@PathParam("tenant") String tenant) {
        String issuerTenant;
        if (tenant.equals("organizations") || tenant.equals("common") || tenant.equals("consumers")) {
            issuerTenant = "{tenantid}";
        } else {
            issuerTenant = directory.tenant(tenant).map(t -> t.id).orElse(null);
            if (issuerTenant == null) {
                return IdentityError.invalidRequest(
                                90002,
                                "Tenant '" + tenant
                                        + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
                        .toResponse();
            }
        }
        String base = AUTHORITY + "/" + tenant;
        String body = Json.createObjectBuilder()
                .add("token_endpoint", base + "/oauth2/v2.0/token")
                .add(
                        "token_endpoint_auth_methods_supported",
                        Json.createArrayBuilder()
                                .add("client_secret_post")
                                .add("private_key_jwt")
                                .add("client_secret_basic"))
                .add("jwks_uri", base + "/discovery/v2.0/keys")
                .add(
                        "response_modes_supported",
                        Json.createArrayBuilder().add("query").add("fragment").add("form_post"))
                .add("subject_types_supported", Json.createArrayBuilder().add("pairwise"))
                .add(
                        "id_token_signing_alg_values_supported",
                        Json.createArrayBuilder().add("RS256"))
                .add(
                        "response_types_supported",
                        Json.createArrayBuilder()
                                .add("code")
                                .add("id_token")
                                .add("code id_token")
                                .add("id_token token"))
                .add(
                        "scopes_supported",
                        Json.createArrayBuilder()
                                .add("openid")
                                .add("profile")
                                .add("email")
                                .add("offline_access"))
                .add("issuer", AUTHORITY + "/" + issuerTenant + "/v2.0")
                .add("request_uri_parameter_supported", false)
                .add("userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo")
                .add("authorization_endpoint", base + "/oauth2/v2.0/authorize")
                .add("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode")
                .add("http_logout_supported", true)
                .add("frontchannel_logout_supported", true)
                .add("end_session_endpoint", base + "/oauth2/v2.0/logout")
                .add(
                        "claims_supported",
                        Json.createArrayBuilder()
                                .add("sub")
                                .add("iss")
                                .add("aud")
                                .add("exp")
                                .add("iat")
                                .add("nonce")
                                .add("preferred_username")
                                .add("name")
                                .add("tid")
                                .add("ver")
                                .add("oid")
                                .add("wids"))
                .add("tenant_region_scope", "EU")
                .add("cloud_instance_name", "microsoftonline.com")
                .add("msgraph_host", "graph.microsoft.com")
                .build()
                .toString();
        return Response.ok(body).build();
    }

    /**
     * The tenant's keys, at the v2.0 and the v1.0 endpoint alike, as Microsoft's: the v1.0 one verifies v1.0 tokens
     * such as the validation tokens of change notifications with resource data (issuer sts.windows.net).
     */
    @GET
    @Path("discovery{version: (/v2\\.0)?}/keys")
    @Produces(MediaType.APPLICATION_JSON)
    public String keys(@PathParam("tenant") String tenant) {
        return keys.publicKeys().toString();
    }

    /** msal4j asks which hosts are aliases of the authority before it trusts it. */
    /** Under the "common" tenant; Jersey merges this class with the sign-in pages, which share the path. */
    @GET
    @Path("discovery/instance")
    @Produces(MediaType.APPLICATION_JSON)
    public String instanceDiscovery(@QueryParam("authorization_endpoint") String authorizationEndpoint) {
        return Json.createObjectBuilder()
                .add("tenant_discovery_endpoint", AUTHORITY + "/organizations/v2.0/.well-known/openid-configuration")
                .add("api-version", "1.1")
                .add(
                        "metadata",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("preferred_network", "login.microsoftonline.com")
                                        .add("preferred_cache", "login.windows.net")
                                        .add(
                                                "aliases",
                                                Json.createArrayBuilder()
                                                        .add("login.microsoftonline.com")
                                                        .add("login.windows.net")
                                                        .add("login.microsoft.com")
                                                        .add("sts.windows.net"))))
                .build()
                .toString();
    }

    @POST
    @Path("oauth2/v2.0/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(
            @PathParam("tenant") String tenant,
            @HeaderParam("Authorization") String authorization,
            MultivaluedMap<String, String> form) {
        try {
            Client client = authenticate(form, authorization);
            String grantType = form.getFirst("grant_type");
            if (grantType == null) {
                throw IdentityError.invalidRequest(
                                900144, "The request body must contain the following parameter: 'grant_type'.")
                        .fail();
            }
            return switch (grantType) {
                case "authorization_code" -> authorizationCode(tenant, client, form);
                case "refresh_token" -> refreshToken(tenant, client, form);
                case "client_credentials" -> clientCredentials(tenant, client, form);
                default ->
                    throw new IdentityError(
                                    400,
                                    "unsupported_grant_type",
                                    70003,
                                    "The app requested an unsupported grant type '" + grantType + "'.")
                            .fail();
            };
        } catch (IdentityError.Failure failure) {
            return failure.error().toResponse();
        }
    }

    private record Client(DirectoryData.Application app) {}

    /** Confidential clients only: client_secret in the body or HTTP Basic. */
    private Client authenticate(MultivaluedMap<String, String> form, String authorization) {
        String clientId = form.getFirst("client_id");
        String secret = form.getFirst("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        if (clientId == null || clientId.isBlank()) {
            throw IdentityError.invalidRequest(
                            900144, "The request body must contain the following parameter: 'client_id'.")
                    .fail();
        }
        String id = clientId;
        DirectoryData.Application app = directory
                .application(id)
                .orElseThrow(() -> IdentityError.unauthorizedClient(
                                700016,
                                "Application with identifier '" + id
                                        + "' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.")
                        .fail());
        if (secret == null || secret.isEmpty()) {
            throw IdentityError.invalidClient(
                            7000218,
                            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
                    .fail();
        }
        if (!MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), app.clientSecret.getBytes(StandardCharsets.UTF_8))) {
            throw IdentityError.invalidClient(
                            7000215,
                            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                                    + app.appId + "'.")
                    .fail();
        }
        return new Client(app);
    }

    private Response authorizationCode(String tenant, Client client, MultivaluedMap<String, String> form) {
        AuthorizationCodes.Redemption redemption = codes.redeem(form.getFirst("code"), Instant.now());
        switch (redemption.outcome()) {
            case UNKNOWN ->
                throw IdentityError.invalidGrant(9002313, "Invalid request. Request is malformed or invalid.")
                        .fail();
            case ALREADY_REDEEMED ->
                throw IdentityError.invalidGrant(
                                54005,
                                "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
                        .fail();
            case EXPIRED ->
                throw IdentityError.invalidGrant(
                                70008,
                                "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.")
                        .fail();
            default -> {}
        }
        AuthorizationCodes.CodeGrant grant = redemption.grant();
        if (!grant.clientId().equalsIgnoreCase(client.app().appId)) {
            // 700005 means another tenant (error reference); a code of another client is a plain invalid grant.
            throw IdentityError.invalidGrant(
                            70000,
                            "The provided value for the 'code' parameter is not valid: it was issued to another client.")
                    .fail();
        }
        requireTenantPath(tenant, grant.tenantId());
        if (!grant.redirectUri().equals(form.getFirst("redirect_uri"))) {
            // 500117 is "reply uri isn't using a secure scheme"; a reply address that does not match is 50011.
            throw IdentityError.invalidGrant(
                            50011,
                            "The redirect URI '" + form.getFirst("redirect_uri")
                                    + "' specified in the request does not match the redirect URI of the authorization request.")
                    .fail();
        }
        if (grant.codeChallenge() != null) {
            String verifier = form.getFirst("code_verifier");
            if (verifier == null) {
                // 501491 is about the challenge's size; a missing parameter is 900144.
                throw IdentityError.invalidRequest(
                                900144, "The request body must contain the following parameter: 'code_verifier'.")
                        .fail();
            }
            // S256, or plain when the authorization request said plain or named no method (v2-oauth2-auth-code-flow).
            boolean plain = grant.codeChallengeMethod() == null || "plain".equals(grant.codeChallengeMethod());
            String derived = plain ? verifier : s256(verifier);
            if (!MessageDigest.isEqual(
                    derived.getBytes(StandardCharsets.US_ASCII),
                    grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
                throw IdentityError.invalidGrant(
                                501481,
                                "The Code_Verifier does not match the code_challenge supplied in the authorization request.")
                        .fail();
            }
        }
        SandboxDirectory.Member member =
                directory.user(grant.tenantId(), grant.userId()).orElseThrow();
        return tokenResponse(member, client.app(), RequestedScopes.parse(grant.scope()), grant.nonce(), form);
    }

    private Response refreshToken(String tenant, Client client, MultivaluedMap<String, String> form) {
        RefreshTokenRow row = consent.redeemRefreshToken(form.getFirst("refresh_token"))
                .orElseThrow(
                        () -> IdentityError.invalidGrant(9002313, "Invalid request. Request is malformed or invalid.")
                                .fail());
        switch (row.state) {
            case "USED" ->
                throw IdentityError.invalidGrant(
                                70000,
                                "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid: the sandbox rotates refresh tokens, and this one was already used.")
                        .fail();
            case "REVOKED" ->
                throw IdentityError.invalidGrant(
                                50173,
                                "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.")
                        .fail();
            case "EXPIRED" ->
                throw IdentityError.invalidGrant(
                                700082,
                                "The refresh token has expired due to inactivity. The token was issued on "
                                        + row.issuedAt + " and was inactive for 90.00:00:00.")
                        .fail();
            default -> {}
        }
        if (!row.clientId.equalsIgnoreCase(client.app().appId)) {
            throw IdentityError.invalidGrant(70000, "The refresh token was issued to a different client.")
                    .fail();
        }
        requireTenantPath(tenant, row.tenantId);
        SandboxDirectory.Member member = directory
                .user(row.tenantId, row.userId)
                .orElseThrow(
                        () -> IdentityError.invalidGrant(50034, "The user account does not exist in the directory.")
                                .fail());
        String scope =
                form.getFirst("scope") == null ? row.scope : form.getFirst("scope") + " offline_access openid profile";
        try {
            return tokenResponse(member, client.app(), RequestedScopes.parse(scope), null, form);
        } catch (RuntimeException refused) {
            consent.unspendRefreshToken(form.getFirst("refresh_token"));
            throw refused;
        }
    }

    private Response clientCredentials(String tenant, Client client, MultivaluedMap<String, String> form) {
        DirectoryData.Tenant target = directory
                .tenant(tenant)
                .orElseThrow(() -> IdentityError.invalidRequest(
                                90002,
                                "Tenant '" + tenant
                                        + "' not found. Use a tenant-specific endpoint for the client credentials flow.")
                        .fail());
        RequestedScopes scopes = RequestedScopes.parse(form.getFirst("scope"));
        if (!scopes.graphDefault() || !scopes.graph().isEmpty()) {
            throw new IdentityError(
                            400,
                            "invalid_scope",
                            1002012,
                            "The provided value for scope " + form.getFirst("scope")
                                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
                    .fail();
        }
        ServicePrincipalRow sp = consent.servicePrincipal(target.id, client.app().appId)
                .orElseThrow(() -> IdentityError.unauthorizedClient(
                                700016,
                                "Application with identifier '" + client.app().appId
                                        + "' was not found in the directory '" + target.displayName
                                        + "'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.")
                        .fail());
        Set<String> roles = consent.grantedAppRoles(
                target.id,
                client.app(),
                io.tenantlink.sandbox.graph.GraphObjects.GraphCatalog.of(directory.data())
                        .appRoles());
        Instant now = Instant.now();
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("token_type", "Bearer")
                .add("expires_in", SandboxTokens.LIFETIME_SECONDS - 1)
                .add("ext_expires_in", SandboxTokens.LIFETIME_SECONDS - 1)
                .add("access_token", tokens.appGraphToken(target.id, client.app().appId, sp.id, roles, now));
        return Response.ok(body.build().toString())
                .header("Cache-Control", "no-store")
                .build();
    }

    private Response tokenResponse(
            SandboxDirectory.Member member,
            DirectoryData.Application app,
            RequestedScopes requested,
            String nonce,
            MultivaluedMap<String, String> form) {
        Set<String> granted = consent.grantedScopes(member.tenant().id, app.appId, member.user().id);
        Set<String> graphScopes = new LinkedHashSet<>();
        for (String scope : requested.delegated(app)) {
            Optional<String> match =
                    granted.stream().filter(g -> g.equalsIgnoreCase(scope)).findFirst();
            if (match.isEmpty()) {
                throw IdentityError.invalidGrant(
                                65001,
                                "The user or administrator has not consented to use the application with ID '"
                                        + app.appId + "' named '" + app.displayName
                                        + "'. Send an interactive authorization request for this user and resource.")
                        .fail();
            }
            graphScopes.add(match.get());
        }
        Instant now = Instant.now();
        // Microsoft lists a resource's scopes in the resource's own short form ("Chat.Read", as in the token's scp),
        // whatever form the request used. Listed as full URIs, msal4j's cache (which compares the names as strings)
        // never found its access token again for a request in the short form: every silent call refreshed.
        Set<String> scopeOut = new LinkedHashSet<>(graphScopes);
        scopeOut.addAll(requested.openId());
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("token_type", "Bearer")
                .add("scope", String.join(" ", scopeOut))
                .add("expires_in", SandboxTokens.LIFETIME_SECONDS - 1)
                .add("ext_expires_in", SandboxTokens.LIFETIME_SECONDS - 1)
                .add("access_token", tokens.delegatedGraphToken(member, app.appId, graphScopes, now));
        if (requested.offlineAccess()) {
            String scopeKept = String.join(" ", requested.openId()) + " " + String.join(" ", graphScopes);
            body.add(
                    "refresh_token",
                    consent.issueRefreshToken(member.tenant().id, app.appId, member.user().id, scopeKept.trim()));
        }
        if (requested.openId().contains("openid")) {
            body.add("id_token", tokens.idToken(member, app, nonce, now));
        }
        if ("1".equals(form.getFirst("client_info"))) {
            body.add("client_info", SandboxTokens.clientInfo(member));
        }
        return Response.ok(body.build().toString())
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    /** A token request on a tenant's own endpoint must be for that tenant; organizations and common take any. */
    private void requireTenantPath(String tenantPath, String tenantId) {
        if (tenantPath.equals("organizations") || tenantPath.equals("common")) {
            return;
        }
        String resolved = directory.tenant(tenantPath).map(t -> t.id).orElse(tenantPath);
        if (!resolved.equalsIgnoreCase(tenantId)) {
            throw IdentityError.invalidGrant(
                            700005,
                            "Provided Authorization Code is intended to use against other tenant, thus rejected.")
                    .fail();
        }
    }

    public static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
