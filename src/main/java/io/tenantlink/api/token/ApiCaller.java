package io.tenantlink.api.token;

import java.util.Set;

/** Who calls the API: a token of one site with its scopes. */
public record ApiCaller(long siteId, long tokenId, String tokenName, Set<ApiScope> scopes) {

    public ApiCaller {
        scopes = Set.copyOf(scopes);
    }

    /** The actor of timeline entries and audit records. */
    public String actor() {
        return "api-token:" + tokenName + " (#" + tokenId + ")";
    }

    public boolean may(ApiScope scope) {
        return ApiTokens.grants(scopes, scope);
    }
}
