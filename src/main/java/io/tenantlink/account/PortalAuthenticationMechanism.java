package io.tenantlink.account;

import io.tenantlink.platform.db.DatabaseOutage;
import io.tenantlink.platform.security.SessionUser;
import io.tenantlink.platform.web.ApiErrors;
import io.tenantlink.platform.web.ErrorPages;
import io.tenantlink.platform.web.PublicOrigin;
import io.tenantlink.platform.web.SecurityHeadersFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Form login kept in the HTTP session. The login page's controller calls
 * {@code SecurityContext.authenticate} with the credentials; every later request is recognised
 * from the session until logout, the idle timeout (web.xml) or the absolute timeout.
 */
@ApplicationScoped
public class PortalAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Request attribute: the signed-in account must choose a new password before anything else. */
    public static final String MUST_CHANGE_PASSWORD = "tenantlink.mustChangePassword";

    /** Request attribute: the sign-in was refused by {@link SignInThrottle} without looking at the password (an Instant: until when). */
    public static final String THROTTLED_UNTIL = "tenantlink.signIn.throttledUntil";

    /** Request attribute: the {@link SignInThrottle.Failure} a wrong password was counted as. */
    public static final String FAILURE = "tenantlink.signIn.failure";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    AccountRepository accounts;

    @Inject
    SignInThrottle throttle;

    @Inject
    @ConfigProperty(name = "tenantlink.session.absolute-timeout-minutes", defaultValue = "720")
    long absoluteTimeoutMinutes;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        SecurityHeadersFilter.apply(request, response);
        // Before anything else (the security filters run before the servlet filters): cookies are per host.
        if (!PublicOrigin.anyHost(request) && !PublicOrigin.hostMatches(request)) {
            if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                return context.redirect(PublicOrigin.samePlace(request));
            }
            request.setAttribute(ErrorPages.KIND, "421");
            return context.forward(ErrorPages.PATH);
        }
        try {
            return validate(request, context);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.isCause(e)) {
                throw e;
            }
            // The database is away: the same 503 page as any other request gets, not the container's bare 500.
            request.setAttribute(ErrorPages.KIND, "503");
            return context.forward(ErrorPages.PATH);
        }
    }

    private AuthenticationStatus validate(HttpServletRequest request, HttpMessageContext context) {
        if (ApiErrors.isApi(request)) {
            // The JSON API authenticates each request by its bearer token (api.ApiAuthentication): no session is
            // read or made here and nobody is sent to the login page.
            return context.doNothing();
        }
        if (context.isAuthenticationRequest()
                && context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential credential) {
            return signIn(request, context, credential);
        }
        HttpSession session = request.getSession(false);
        SessionUser user = session == null ? null : (SessionUser) session.getAttribute(SessionUser.ATTRIBUTE);
        var account = user == null ? null : accounts.find(user.accountId()).orElse(null);
        if (user != null && account != null && account.isEnabled() && withinAbsoluteTimeout(user)) {
            request.setAttribute(MUST_CHANGE_PASSWORD, account.isMustChangePassword());
            return context.notifyContainerAboutLogin(user.username(), Set.of(AccountIdentityStore.USER_GROUP));
        }
        if (user != null) {
            session.invalidate();
        }
        if (context.isProtected()) {
            rememberTarget(request);
            return context.redirect(PublicOrigin.absolute(request.getContextPath() + "/login"));
        }
        return context.doNothing();
    }

    private AuthenticationStatus signIn(
            HttpServletRequest request, HttpMessageContext context, UsernamePasswordCredential credential) {
        String address = request.getRemoteAddr();
        var blocked = throttle.blockedUntil(credential.getCaller(), address);
        if (blocked.isPresent()) {
            // Refused before the password is checked: a guess made now cannot succeed, known account or not.
            request.setAttribute(THROTTLED_UNTIL, blocked.get());
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            SignInThrottle.Failure failure = throttle.failed(credential.getCaller(), address);
            request.setAttribute(FAILURE, failure);
            failure.blockedUntil().ifPresent(until -> request.setAttribute(THROTTLED_UNTIL, until));
            return AuthenticationStatus.SEND_FAILURE;
        }
        throttle.succeeded(credential.getCaller());
        long accountId = accounts.findByUsername(result.getCallerPrincipal().getName())
                .orElseThrow()
                .getId();
        // A new session id at login defeats session fixation; attributes (CSRF token, return target) move along.
        request.getSession(true);
        request.changeSessionId();
        request.getSession()
                .setAttribute(
                        SessionUser.ATTRIBUTE,
                        new SessionUser(accountId, result.getCallerPrincipal().getName(), Instant.now()));
        return context.notifyContainerAboutLogin(result);
    }

    private boolean withinAbsoluteTimeout(SessionUser user) {
        return Duration.between(user.signedInAt(), Instant.now()).toMinutes() < absoluteTimeoutMinutes;
    }

    /**
     * Only a page a person navigated to is remembered: a GET for an HTML page, never the browser's own
     * requests (the favicon, assets), downloads, or script requests (the progress poll). Anything
     * else would become the place the portal returns to after sign-in.
     */
    private static void rememberTarget(HttpServletRequest request) {
        if (isPageNavigation(request)) {
            String path =
                    request.getRequestURI().substring(request.getContextPath().length());
            String query = request.getQueryString();
            request.getSession(true).setAttribute(SessionUser.RETURN_TO, query == null ? path : path + "?" + query);
        }
    }

    static boolean isPageNavigation(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("\\") || path.startsWith("/assets/")) {
            return false;
        }
        // Pages have no file name extension; downloads (.csv, .ps1) and files (favicon.ico) do.
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.contains(".") || path.endsWith("/progress")) {
            return false;
        }
        // Fetch metadata, where the browser sends it, says whether this is a top-level navigation.
        String dest = request.getHeader("Sec-Fetch-Dest");
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (dest != null && !"document".equals(dest) || mode != null && !"navigate".equals(mode)) {
            return false;
        }
        if (request.getHeader("X-Requested-With") != null) {
            return false;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
