package io.tenantlink.account;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.security.SessionUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** Sign in, sign out and the password change that a one-time password forces. */
@Controller
@Path("")
@RequestScoped
public class AuthController {

    private static final int MAX_FIELD = 256;

    @Inject
    Models models;

    @Inject
    SecurityContext securityContext;

    @Inject
    CurrentUser currentUser;

    @Inject
    AccountService accountService;

    @Inject
    AuditLog auditLog;

    @Inject
    Flash flash;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @GET
    @Path("/")
    public Response home() {
        return Views.redirect("/sites");
    }

    @GET
    @Path("login")
    public String loginPage(@QueryParam("signedOut") String signedOut) {
        models.put("signedOut", signedOut != null);
        return "auth/login.html";
    }

    @POST
    @Path("login")
    public Response login(@FormParam("username") String username, @FormParam("password") String password) {
        String name = username == null ? "" : username.strip();
        if (name.isEmpty()
                || password == null
                || password.isEmpty()
                || name.length() > MAX_FIELD
                || password.length() > MAX_FIELD) {
            models.put("loginFailed", true);
            models.put("username", name.length() > MAX_FIELD ? "" : name);
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity("auth/login.html")
                    .build();
        }
        AuthenticationStatus status = securityContext.authenticate(
                request,
                response,
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(name, new Password(password)))
                        .newAuthentication(true));
        if (status != AuthenticationStatus.SUCCESS) {
            String actor = "portal:" + name.toLowerCase(java.util.Locale.ROOT);
            Object throttledUntil = request.getAttribute(PortalAuthenticationMechanism.THROTTLED_UNTIL);
            if (request.getAttribute(PortalAuthenticationMechanism.FAILURE) instanceof SignInThrottle.Failure failure) {
                auditLog.recordAlone(AuditEntry.now(
                        actor,
                        AuditAction.LOGIN_FAILED,
                        AuditOutcome.FAILURE,
                        null,
                        "account " + name,
                        "from " + request.getRemoteAddr() + "; failure " + failure.accountFailures()
                                + " in a row for this username, "
                                + failure.addressFailures() + " from this address"
                                + failure.blockedUntil()
                                        .map(u -> (failure.locked()
                                                        ? "; sign-in locked until "
                                                        : "; sign-in delayed until ")
                                                + u)
                                        .orElse("")));
            } else if (throttledUntil != null) {
                auditLog.recordAlone(AuditEntry.now(
                        actor,
                        AuditAction.LOGIN_THROTTLED,
                        AuditOutcome.REFUSED,
                        null,
                        "account " + name,
                        "from " + request.getRemoteAddr()
                                + "; refused without checking the password: too many failed sign-ins"
                                + " for this username or from this address; blocked until " + throttledUntil));
            } else {
                auditLog.recordAlone(AuditEntry.now(
                        actor, AuditAction.LOGIN_FAILED, AuditOutcome.FAILURE, null, "account " + name, null));
            }
            models.put("username", name);
            if (throttledUntil != null) {
                // The same words whether or not the account exists, and no exact time to aim the next guess at.
                models.put("loginThrottled", true);
                return Response.status(429).entity("auth/login.html").build();
            }
            models.put("loginFailed", true);
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity("auth/login.html")
                    .build();
        }
        auditLog.recordAlone(AuditEntry.now(
                currentUser.actor(),
                AuditAction.LOGIN_SUCCEEDED,
                AuditOutcome.SUCCESS,
                null,
                "account " + currentUser.username(),
                null));
        HttpSession session = request.getSession();
        Object target = session.getAttribute(SessionUser.RETURN_TO);
        session.removeAttribute(SessionUser.RETURN_TO);
        return Views.redirect(target instanceof String path ? path : "/sites");
    }

    @POST
    @Path("logout")
    public Response logout() throws ServletException {
        if (currentUser.isSignedIn()) {
            auditLog.recordAlone(AuditEntry.now(
                    currentUser.actor(),
                    AuditAction.LOGOUT,
                    AuditOutcome.SUCCESS,
                    null,
                    "account " + currentUser.username(),
                    null));
        }
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Views.redirect("/login?signedOut");
    }

    @GET
    @Path("account/password")
    public String passwordPage() {
        models.put("breadcrumbs", Breadcrumbs.sites().hereKey("password.title"));
        return "auth/password.html";
    }

    @POST
    @Path("account/password")
    public Response changePassword(
            @FormParam("currentPassword") String currentPassword,
            @FormParam("newPassword") String newPassword,
            @FormParam("confirmPassword") String confirmPassword) {
        try {
            accountService.changePassword(currentUser.accountId(), currentPassword, newPassword, confirmPassword);
        } catch (InvalidInputException problem) {
            auditLog.recordAlone(AuditEntry.now(
                    currentUser.actor(),
                    AuditAction.PASSWORD_CHANGE_REFUSED,
                    AuditOutcome.REFUSED,
                    null,
                    "account " + currentUser.username(),
                    problem.messageKey()));
            models.put("breadcrumbs", Breadcrumbs.sites().hereKey("password.title"));
            return Views.invalid(models, problem, "auth/password.html");
        }
        flash.success("password.changed");
        return Views.redirect("/sites");
    }
}
