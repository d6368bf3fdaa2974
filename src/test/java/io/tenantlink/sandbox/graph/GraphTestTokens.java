package io.tenantlink.sandbox.graph;

import com.nimbusds.jwt.JWTClaimsSet;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.SandboxKeys;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Graph access tokens shaped as SandboxTokens makes them, signed by a test's SandboxKeys. */
final class GraphTestTokens {

    private GraphTestTokens() {}

    static JWTClaimsSet.Builder claims(String tenantId, String appId, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + tenantId + "/")
                .audience(GraphPermissions.GRAPH_RESOURCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("ver", "1.0")
                .claim("tid", tenantId)
                .claim("appid", appId)
                .claim("uti", UUID.randomUUID().toString());
    }

    static String delegated(SandboxKeys keys, String tenantId, String appId, String userId, String scp) {
        return "Bearer "
                + keys.sign(claims(tenantId, appId, Instant.now())
                        .claim("idtyp", "user")
                        .claim("oid", userId)
                        .claim("scp", scp)
                        .subject(userId)
                        .build());
    }

    static String app(SandboxKeys keys, String tenantId, String appId, String spId, List<String> roles) {
        JWTClaimsSet.Builder claims = claims(tenantId, appId, Instant.now())
                .claim("idtyp", "app")
                .claim("oid", spId)
                .subject(spId);
        if (!roles.isEmpty()) {
            claims.claim("roles", roles);
        }
        return "Bearer " + keys.sign(claims.build());
    }
}
