package io.tenantlink.microsoft;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;

/**
 * The signing keys of one tenant ({@code https://login.microsoftonline.com/{tid}/discovery/v2.0/keys}).
 * Each call should ask anew: {@link IdTokenValidator} caches, and calls again when it meets an
 * unknown {@code kid} so that a key rotation is picked up.
 */
@FunctionalInterface
public interface JwksFetcher {

    /**
     * @param tenantId a tenant GUID (already checked by the caller)
     * @throws IOException when the keys cannot be had: a transport problem, not a bad token
     */
    JWKSet fetch(String tenantId) throws IOException;
}
