package io.tenantlink.api;

import io.tenantlink.api.token.ApiTokenService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every API request by its {@code Authorization: Bearer <token>} header: no session, no cookie, no CSRF
 * token. Anything else answers 401 with problem JSON and {@code WWW-Authenticate: Bearer}.
 */
@Provider
@BearerToken
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthentication implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    @Inject
    ApiTokenService tokens;

    @Inject
    ApiCallerHolder holder;

    @Inject
    ApiProblems problems;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim()
                : null;
        String described = request.getMethod() + " /" + request.getUriInfo().getPath();
        var caller = token == null
                ? java.util.Optional.<io.tenantlink.api.token.ApiCaller>empty()
                : tokens.authenticate(token, described);
        if (caller.isEmpty()) {
            request.abortWith(problems.unauthorized());
            return;
        }
        holder.set(caller.get());
    }
}
