package io.tenantlink.microsoft;

import java.util.Optional;

/** Where the encrypted token cache of each (tenant, application) is kept. Stores ciphertext only. */
public interface TokenCacheStore {

    Optional<byte[]> load(String tenantId, String appId);

    /** Saved at once (its own transaction): a rotated refresh token must not be lost with a failing page. */
    void save(String tenantId, String appId, byte[] ciphertext);

    /** Disconnect or a refused refresh: the tokens are gone, not just unusable. */
    void delete(String tenantId, String appId);
}
