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

    @Context
    HttpServletRequest request;

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
     * chats and meetings, and the Graph faults and throttling windows. The directory and the signing keys stay. Lets test classes share one running portal
     * without seeing each other's consent.
     */
    @POST
    @Path("reset")
    public String reset(@HeaderParam(HEADER) String header) {
        guard(header);
        int rows = consent.forgetEverything();
        chats.clear();
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
