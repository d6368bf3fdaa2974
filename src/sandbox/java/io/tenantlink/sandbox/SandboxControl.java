package io.tenantlink.sandbox;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * What tests and the operator can make the sandbox do that Microsoft does on its own schedule:
 * rotate signing keys, revoke a user's sessions (a password reset), let refresh tokens lapse.
 * Loopback callers only, and a custom header that a cross-site form cannot send.
 */
@Path("control")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControl {

    public static final String HEADER = "X-Sandbox-Control";

    @Inject
    SandboxKeys keys;

    @Inject
    ConsentStore consent;

    @Inject
    AuthorizationCodes codes;

    @Inject
    io.tenantlink.sandbox.graph.SandboxChats chats;

    @Inject
    io.tenantlink.sandbox.graph.SandboxGraphFaults faults;

    @Inject
    io.tenantlink.sandbox.graph.SandboxSubscriptions subscriptions;

    @Inject
    io.tenantlink.sandbox.directory.DirectoryUsers users;

    @Inject
    io.tenantlink.sandbox.directory.SandboxDirectory directory;

    @Context
    HttpServletRequest request;

    /**
     * Adds a directory user, or changes the one with that id (all its fields are replaced): JSON of the directory
     * file's user format ({@code id}, {@code userPrincipalName}, {@code displayName}, {@code mail}, {@code otherMails},
     * {@code proxyAddresses}, {@code userType}, {@code accountEnabled}); kept in the stand-in's database. A missing id
     * gets a new one. Answers the user.
     */
    @POST
    @Path("tenants/{tenant}/users")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    public String putUser(@HeaderParam(HEADER) String header, @PathParam("tenant") String tenant, String body) {
        guard(header);
        var t = directory.tenant(tenant).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        io.tenantlink.sandbox.directory.DirectoryData.User user;
        try (jakarta.json.bind.Jsonb jsonb = jakarta.json.bind.JsonbBuilder.create()) {
            user = jsonb.fromJson(body, io.tenantlink.sandbox.directory.DirectoryData.User.class);
        } catch (Exception e) {
            throw new jakarta.ws.rs.BadRequestException("Not a user: " + e.getMessage());
        }
        if (user == null || user.userPrincipalName == null || user.userPrincipalName.isBlank()) {
            throw new jakarta.ws.rs.BadRequestException("userPrincipalName is required.");
        }
        if (user.id == null || user.id.isBlank()) {
            user.id = java.util.UUID.randomUUID().toString();
        }
        users.put(t.id, user);
        return userJson(user);
    }

    /**
     * Replaces the whole directory (the directory file's JSON format: tenants with their users and groups, app
     * registrations) until the next reset, which reads the file again. For tests that need another registration (one
     * asking for more permissions, one without groupMembershipClaims) on a running stand-in. Directory users changed at
     * run time are forgotten, as on a reset.
     */
    @jakarta.ws.rs.PUT
    @Path("directory")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    public String putDirectory(@HeaderParam(HEADER) String header, String body) {
        guard(header);
        io.tenantlink.sandbox.directory.DirectoryData replacement;
        try (jakarta.json.bind.Jsonb jsonb = jakarta.json.bind.JsonbBuilder.create()) {
            replacement = jsonb.fromJson(body, io.tenantlink.sandbox.directory.DirectoryData.class);
        } catch (Exception e) {
            throw new jakarta.ws.rs.BadRequestException("Not a directory: " + e.getMessage());
        }
        if (replacement == null
                || replacement.tenants == null
                || replacement.tenants.isEmpty()
                || replacement.applications == null) {
            throw new jakarta.ws.rs.BadRequestException("A directory needs tenants and applications.");
        }
        users.replaceDirectory(replacement);
        return Json.createObjectBuilder()
                .add("tenants", replacement.tenants.size())
                .add("applications", replacement.applications.size())
                .build()
                .toString();
    }

    /**
     * Replaces an app registration's client secrets and certificates until the next reset, as Graph's
     * /applications then lists them: JSON {@code {"passwordCredentials": [...], "keyCredentials": [...]}}, each item
     * {@code {"displayName", "endDateTime", "startDateTime", "keyId", "hint"}} (only endDateTime is required; an absent
     * list stays as it is). So a test makes a secret expire in 7 days. 404 for an app the directory does not register,
     * 400 for a date that is no ISO instant. Answers the registration as Graph shows it.
     */
    @jakarta.ws.rs.PUT
    @Path("applications/{appId}/credentials")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    public String putCredentials(@HeaderParam(HEADER) String header, @PathParam("appId") String appId, String body) {
        guard(header);
        var app = directory.application(appId).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        CredentialLists given;
        try (jakarta.json.bind.Jsonb jsonb = jakarta.json.bind.JsonbBuilder.create()) {
            given = jsonb.fromJson(body, CredentialLists.class);
        } catch (Exception e) {
            throw new jakarta.ws.rs.BadRequestException("Not a JSON object of credentials: " + e.getMessage());
        }
        if (given == null) {
            throw new jakarta.ws.rs.BadRequestException("Not a JSON object of credentials.");
        }
        var changed = directory
                .replaceCredentials(
                        appId,
                        checked(app, "password", given.passwordCredentials),
                        checked(app, "key", given.keyCredentials))
                .orElseThrow(jakarta.ws.rs.NotFoundException::new);
        var publisher = directory.tenant(directory.data().publisherTenantId);
        return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(io.tenantlink.sandbox.graph.GraphApplications.json(
                changed, publisher.map(t -> t.domain).orElse(null)));
    }

    /** The body of PUT applications/{appId}/credentials. */
    public static class CredentialLists {
        public java.util.List<io.tenantlink.sandbox.directory.DirectoryData.Credential> passwordCredentials;
        public java.util.List<io.tenantlink.sandbox.directory.DirectoryData.Credential> keyCredentials;
    }

    private static java.util.List<io.tenantlink.sandbox.directory.DirectoryData.Credential> checked(
            io.tenantlink.sandbox.directory.DirectoryData.Application app,
            String kind,
            java.util.List<io.tenantlink.sandbox.directory.DirectoryData.Credential> given) {
        try {
            return io.tenantlink.sandbox.graph.GraphApplications.completed(app, kind, given);
        } catch (IllegalArgumentException e) {
            throw new jakarta.ws.rs.BadRequestException(e.getMessage());
        }
    }

    /**
     * Adds {@code count} generated members (benchmarks): "{prefix}{n}@{domain}" as user name and mail, display name
     * "{prefix} {n}", n from {@code from}; ids are derived from the tenant and the user name, so a second call with
     * the same names changes those users (a delta reports them). Answers how many there are now in the tenant.
     */
    @POST
    @Path("tenants/{tenant}/users/generate")
    public String generateUsers(
            @HeaderParam(HEADER) String header,
            @PathParam("tenant") String tenant,
            @jakarta.ws.rs.QueryParam("count") int count,
            @jakarta.ws.rs.QueryParam("from") @jakarta.ws.rs.DefaultValue("1") int from,
            @jakarta.ws.rs.QueryParam("prefix") @jakarta.ws.rs.DefaultValue("user") String prefix,
            @jakarta.ws.rs.QueryParam("domain") String domain,
            @jakarta.ws.rs.QueryParam("displaySuffix") @jakarta.ws.rs.DefaultValue("") String displaySuffix) {
        guard(header);
        var t = directory.tenant(tenant).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        if (count < 1
                || count > 200_000
                || !prefix.matches("[a-z0-9.-]{1,40}")
                || domain == null
                || !domain.matches("[a-z0-9.-]{1,100}")) {
            throw new jakarta.ws.rs.BadRequestException(
                    "count 1 to 200000, prefix and domain: lower-case letters, digits, dots");
        }
        java.util.List<io.tenantlink.sandbox.directory.DirectoryData.User> generated = new java.util.ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            var user = new io.tenantlink.sandbox.directory.DirectoryData.User();
            user.userPrincipalName = prefix + n + "@" + domain;
            user.mail = user.userPrincipalName;
            user.displayName = prefix + " " + n + displaySuffix;
            user.id = java.util
                    .UUID
                    .nameUUIDFromBytes(
                            (t.id + "/" + user.userPrincipalName).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString();
            generated.add(user);
        }
        users.putAll(t.id, generated);
        return "{\"users\":" + t.users.size() + "}";
    }

    /** Disables (accountEnabled false) or enables a directory user. */
    @POST
    @Path("tenants/{tenant}/users/{user}/{state: disable|enable}")
    public String setEnabled(
            @HeaderParam(HEADER) String header,
            @PathParam("tenant") String tenant,
            @PathParam("user") String user,
            @PathParam("state") String state) {
        guard(header);
        var t = directory.tenant(tenant).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        var found = users.find(t.id, user).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        var changed = copy(found);
        changed.accountEnabled = state.equals("enable");
        users.put(t.id, changed);
        return userJson(changed);
    }

    /** Removes a directory user; the next /users/delta reports it with @removed. */
    @jakarta.ws.rs.DELETE
    @Path("tenants/{tenant}/users/{user}")
    public String removeUser(
            @HeaderParam(HEADER) String header, @PathParam("tenant") String tenant, @PathParam("user") String user) {
        guard(header);
        var t = directory.tenant(tenant).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        if (!users.remove(t.id, user)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return Json.createObjectBuilder().add("removed", user).build().toString();
    }

    private static io.tenantlink.sandbox.directory.DirectoryData.User copy(
            io.tenantlink.sandbox.directory.DirectoryData.User u) {
        var c = new io.tenantlink.sandbox.directory.DirectoryData.User();
        c.id = u.id;
        c.userPrincipalName = u.userPrincipalName;
        c.displayName = u.displayName;
        c.mail = u.mail;
        c.otherMails = new java.util.ArrayList<>(u.otherMails == null ? java.util.List.of() : u.otherMails);
        c.proxyAddresses = new java.util.ArrayList<>(u.proxyAddresses == null ? java.util.List.of() : u.proxyAddresses);
        c.userType = u.userType;
        c.accountEnabled = u.accountEnabled;
        c.roles = u.roles;
        return c;
    }

    private static String userJson(io.tenantlink.sandbox.directory.DirectoryData.User u) {
        var json = Json.createObjectBuilder()
                .add("id", u.id)
                .add("userPrincipalName", u.userPrincipalName)
                .add("userType", u.userType == null ? "Member" : u.userType)
                .add("accountEnabled", u.accountEnabled == null || u.accountEnabled);
        if (u.displayName != null) {
            json.add("displayName", u.displayName);
        }
        if (u.mail != null) {
            json.add("mail", u.mail);
        }
        return json.build().toString();
    }

    @POST
    @Path("keys/rotate")
    public String rotateKeys(@HeaderParam(HEADER) String header) {
        guard(header);
        return Json.createObjectBuilder().add("kid", keys.rotate()).build().toString();
    }

    /** Lets an issued authorization code run out (Microsoft's ten minutes) without waiting. */
    @POST
    @Path("codes/expire")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String expireCode(@HeaderParam(HEADER) String header, @jakarta.ws.rs.FormParam("code") String code) {
        guard(header);
        return Json.createObjectBuilder()
                .add("expired", codes.expire(code))
                .build()
                .toString();
    }

    @POST
    @Path("tenants/{tenant}/users/{user}/revoke-sessions")
    public String revokeSessions(
            @HeaderParam(HEADER) String header, @PathParam("tenant") String tenant, @PathParam("user") String user) {
        guard(header);
        return Json.createObjectBuilder()
                .add("refreshTokensRevoked", consent.endRefreshTokens(tenant, user, "REVOKED"))
                .build()
                .toString();
    }

    @POST
    @Path("tenants/{tenant}/users/{user}/expire-refresh-tokens")
    public String expireRefreshTokens(
            @HeaderParam(HEADER) String header, @PathParam("tenant") String tenant, @PathParam("user") String user) {
        guard(header);
        return Json.createObjectBuilder()
                .add("refreshTokensExpired", consent.endRefreshTokens(tenant, user, "EXPIRED"))
                .build()
                .toString();
    }

    /**
     * Forgets what every tenant was given (service principals, grants, app role assignments, refresh tokens), the
     * chats, messages, installed apps and meetings, directory users changed at run time (the directory file's users come
     * back; delta tokens from before answer 410), and the Graph faults and throttling windows. The signing keys stay. Lets test classes share one running portal
     * without seeing each other's consent.
     */
    @POST
    @Path("reset")
    public String reset(@HeaderParam(HEADER) String header) {
        guard(header);
        int rows = consent.forgetEverything();
        chats.clear();
        subscriptions.clear();
        users.reset();
        faults.reset();
        return Json.createObjectBuilder().add("rowsRemoved", rows).build().toString();
    }

    private void guard(String header) {
        if (!allowed(request, header)) {
            throw new ForbiddenException();
        }
    }

    /** Loopback callers that sent the control header: what every sandbox control endpoint requires. */
    public static boolean allowed(HttpServletRequest request, String header) {
        String remote = request.getRemoteAddr();
        boolean loopback = remote.startsWith("127.") || remote.equals("::1") || remote.equals("0:0:0:0:0:0:0:1");
        return loopback && "1".equals(header);
    }
}
