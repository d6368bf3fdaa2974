package io.tenantlink.api;

import io.tenantlink.api.token.ApiCaller;
import jakarta.enterprise.context.RequestScoped;

/** The token caller of this request, set by {@link ApiAuthentication}. */
@RequestScoped
public class ApiCallerHolder {

    private ApiCaller caller;

    void set(ApiCaller caller) {
        this.caller = caller;
    }

    public ApiCaller get() {
        if (caller == null) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized", "No API token.");
        }
        return caller;
    }
}
