package io.tenantlink.api;

import io.tenantlink.api.token.ApiCaller;
import io.tenantlink.api.token.ApiScope;
import io.tenantlink.api.token.ApiTokenService;
import io.tenantlink.platform.text.Text;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import java.util.List;

/**
 * What an API token may do: it acts on its own site only (anything of another site answers 404, as if it did not
 * exist) and within its scopes (a missing scope answers 403 and is audited). The scopes are the API's permissions;
 * the pages' {@link io.tenantlink.access.AccessPolicy} decides who may create the token in the first place.
 */
@RequestScoped
public class ApiAccess {

    @Inject
    ApiCallerHolder holder;

    @Inject
    ApiTokenService tokens;

    @Context
    HttpServletRequest request;

    public ApiCaller require(ApiScope scope) {
        ApiCaller caller = holder.get();
        if (!caller.may(scope)) {
            tokens.refused(
                    caller.siteId(),
                    caller.tokenId(),
                    caller.tokenName(),
                    request.getMethod() + " " + request.getRequestURI(),
                    "missing scope " + scope.wire());
            throw new ApiProblem(
                    403, "insufficient-scope", "Forbidden", "This token lacks the scope " + scope.wire() + ".");
        }
        return caller;
    }

    public static ApiProblem notFound() {
        return new ApiProblem(404, "not-found", "Not found", "There is nothing here for this token.");
    }

    public static ApiProblem invalid(String detail) {
        return new ApiProblem(400, "invalid-input", "Invalid input", detail);
    }

    /** Every text of a request body: no control characters (line breaks where allowed), no bidi overrides. */
    public static String text(String field, String value, boolean multiLine) {
        if (value != null && Text.hasForbidden(value, multiLine)) {
            throw invalid("The field " + field + " holds control characters or bidi overrides.");
        }
        return value == null ? null : Text.nfc(value);
    }

    public static List<String> texts(String field, List<String> values) {
        return values == null
                ? null
                : values.stream().map(v -> text(field, v, false)).toList();
    }

    public static void body(Object body) {
        if (body == null) {
            throw invalid("The request needs a JSON body.");
        }
    }
}
