package io.tenantlink.platform.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/** The signed-in account of this request, if any. */
@RequestScoped
@Named("currentUser")
public class CurrentUser {

    @Inject
    HttpServletRequest request;

    public Optional<SessionUser> sessionUser() {
        HttpSession session = request.getSession(false);
        return Optional.ofNullable(session == null ? null : (SessionUser) session.getAttribute(SessionUser.ATTRIBUTE));
    }

    public boolean isSignedIn() {
        return sessionUser().isPresent();
    }

    public SessionUser require() {
        return sessionUser().orElseThrow(() -> new jakarta.ws.rs.NotAuthorizedException("sign in"));
    }

    public long accountId() {
        return require().accountId();
    }

    public String username() {
        return sessionUser().map(SessionUser::username).orElse("");
    }

    /** How the audit log names this caller. */
    public String actor() {
        return sessionUser().map(u -> "portal:" + u.username()).orElse("anonymous");
    }
}
