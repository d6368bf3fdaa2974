package io.tenantlink.api.token;

import java.util.List;
import java.util.Optional;

public interface ApiTokenRepository {
    Optional<ApiToken> findByHash(String hash);

    Optional<ApiToken> findOnSite(long siteId, long id);

    List<ApiToken> findBySite(long siteId);

    void add(ApiToken token);
}
