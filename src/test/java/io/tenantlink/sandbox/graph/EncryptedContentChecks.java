package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.graph.core.models.DecryptableContent;
import com.microsoft.graph.models.ChangeNotificationEncryptedContent;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a receiver of change notifications with resource data does with them, for the stand-in's tests: decrypt an
 * encryptedContent with the Graph SDK's own DecryptableContent, check its HMAC, verify a validation token.
 */
public final class EncryptedContentChecks {

    /** The azp of Graph's validation tokens (its change notification publisher). */
    public static final String PUBLISHER = "0bf30f3b-4a52-48df-9a82-234910c4a086";

    private EncryptedContentChecks() {}

    /** The decrypted content, by the Graph SDK (which refuses a signature that does not match). */
    @SuppressWarnings("unchecked")
    public static String decrypt(Object encryptedContent, PrivateKey key) throws Exception {
        Map<String, Object> json = (Map<String, Object>) encryptedContent;
        ChangeNotificationEncryptedContent content = new ChangeNotificationEncryptedContent();
        content.setData((String) json.get("data"));
        content.setDataKey((String) json.get("dataKey"));
        content.setDataSignature((String) json.get("dataSignature"));
        content.setEncryptionCertificateId((String) json.get("encryptionCertificateId"));
        content.setEncryptionCertificateThumbprint((String) json.get("encryptionCertificateThumbprint"));
        return DecryptableContent.decryptAsString(content, (id, thumbprint) -> key);
    }

    /** Whether dataSignature is the HMAC-SHA256 of the encrypted data under the (32-byte) key in dataKey. */
    @SuppressWarnings("unchecked")
    public static boolean signatureMatches(Object encryptedContent, PrivateKey key) throws Exception {
        Map<String, Object> json = (Map<String, Object>) encryptedContent;
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA1AndMGF1Padding");
        rsa.init(Cipher.DECRYPT_MODE, key);
        byte[] aesKey = rsa.doFinal(Base64.getDecoder().decode((String) json.get("dataKey")));
        assertEquals(32, aesKey.length, "a 256-bit AES key");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(aesKey, "HmacSHA256"));
        byte[] expected = hmac.doFinal(Base64.getDecoder().decode((String) json.get("data")));
        return MessageDigest.isEqual(expected, Base64.getDecoder().decode((String) json.get("dataSignature")));
    }

    /** Uppercase hex SHA-1 of the certificate's DER. */
    public static String thumbprint(X509Certificate certificate) throws Exception {
        return HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    }

    /**
     * The validation token's claims once verified: RS256 by a key of the JWKS, issuer sts.windows.net/{tenant}/,
     * audience the app, azp Graph's publisher, iat, nbf and exp present and current. Throws otherwise.
     */
    public static JWTClaimsSet verifiedToken(String token, JWKSet jwks, String tenantId, String appId)
            throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                appId,
                new JWTClaimsSet.Builder()
                        .issuer("https://sts.windows.net/" + tenantId + "/")
                        .claim("azp", PUBLISHER)
                        .build(),
                Set.of("iat", "nbf", "exp")));
        return processor.process(token, null);
    }
}
