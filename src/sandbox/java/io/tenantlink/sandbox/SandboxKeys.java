package io.tenantlink.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sandbox's token-signing keys (RS256 with a kid, like Microsoft's). A rotation publishes a new
 * key and keeps the previous one in the key set for a while, as Microsoft does; tests trigger it.
 * Keys live in memory: after a restart, tokens signed before it no longer verify.
 */
@ApplicationScoped
public class SandboxKeys {

    private final List<RSAKey> keys = new ArrayList<>();

    private JWKSet published;

    public SandboxKeys() {
        keys.add(generate());
    }

    public synchronized RSAKey current() {
        return keys.get(keys.size() - 1);
    }

    /** A new signing key; the previous one stays published, older ones are dropped. */
    public synchronized String rotate() {
        published = null;
        keys.add(generate());
        while (keys.size() > 2) {
            keys.remove(0);
        }
        return current().getKeyID();
    }

    /** The published keys; the same instance until the next rotation (Graph checks every request against it). */
    public synchronized JWKSet publicKeys() {
        if (published == null) {
            published = new JWKSet(keys.stream()
                    .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
                    .toList());
        }
        return published;
    }

    public String sign(JWTClaimsSet claims) {
        RSAKey key = current();
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(JOSEObjectType.JWT)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a sandbox token", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString().replace("-", "").substring(0, 20))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot create a sandbox signing key", e);
        }
    }
}
