package io.tenantlink.sandbox;

import com.nimbusds.jwt.JWTClaimsSet;
import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/** Tokens shaped like Microsoft's: v2.0 id_tokens for the client, v1.0 access tokens for Microsoft Graph. */
@ApplicationScoped
public class SandboxTokens {

    public static final int LIFETIME_SECONDS = 3600;

    @Inject
    SandboxKeys keys;

    public static String issuer(String tenantId) {
        return "https://login.microsoftonline.com/" + tenantId + "/v2.0";
    }

    /**
     * A v2.0 id_token. {@code wids} only when the app registration's groupMembershipClaims asks for directory roles
     * ("DirectoryRole" or "All"), as Microsoft emits it (id-token-claims-reference); by default it is absent.
     */
    public String idToken(SandboxDirectory.Member member, DirectoryData.Application app, String nonce, Instant now) {
        String clientId = app.appId;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer(member.tenant().id))
                .audience(clientId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .subject(pairwiseSubject(member.user().id, clientId))
                .claim("ver", "2.0")
                .claim("tid", member.tenant().id)
                .claim("oid", member.user().id)
                .claim("preferred_username", member.user().userPrincipalName)
                .claim("name", member.user().displayName)
                .claim("aio", UUID.randomUUID().toString());
        if (member.user().mail != null) {
            claims.claim("email", member.user().mail);
        }
        if (app.emitsDirectoryRoles()
                && member.user().roles != null
                && !member.user().roles.isEmpty()) {
            claims.claim("wids", member.user().roles);
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return keys.sign(claims.build());
    }

    /** A delegated Graph token: scp lists the granted scopes. */
    public String delegatedGraphToken(
            SandboxDirectory.Member member, String clientId, Set<String> scopes, Instant now) {
        return keys.sign(graphClaims(member.tenant().id, clientId, now)
                .claim("idtyp", "user")
                .claim("oid", member.user().id)
                .claim("upn", member.user().userPrincipalName)
                .claim("name", member.user().displayName)
                .claim("scp", String.join(" ", scopes))
                .subject(pairwiseSubject(member.user().id, GraphPermissions.GRAPH_APP_ID))
                .build());
    }

    /** An app-only Graph token: roles lists the application permissions granted in the tenant. */
    public String appGraphToken(
            String tenantId, String clientId, String servicePrincipalId, Set<String> roles, Instant now) {
        JWTClaimsSet.Builder claims = graphClaims(tenantId, clientId, now)
                .claim("idtyp", "app")
                .claim("oid", servicePrincipalId)
                .subject(servicePrincipalId);
        if (!roles.isEmpty()) {
            claims.claim("roles", roles.stream().toList());
        }
        return keys.sign(claims.build());
    }

    private static JWTClaimsSet.Builder graphClaims(String tenantId, String clientId, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + tenantId + "/")
                .audience(GraphPermissions.GRAPH_RESOURCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .claim("ver", "1.0")
                .claim("tid", tenantId)
                .claim("appid", clientId)
                .claim("uti", UUID.randomUUID().toString().replace("-", ""));
    }

    /** client_info: base64url JSON with uid and utid, as msal4j asks for with client_info=1. */
    public static String clientInfo(SandboxDirectory.Member member) {
        String json = "{\"uid\":\"" + member.user().id + "\",\"utid\":\"" + member.tenant().id + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Microsoft's sub is per user and app; the sandbox derives one the same way for every token. */
    private static String pairwiseSubject(String userId, String clientId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ConsentStore.sha256(userId + "|" + clientId)
                        .substring(0, 32)
                        .getBytes(StandardCharsets.US_ASCII));
    }
}
