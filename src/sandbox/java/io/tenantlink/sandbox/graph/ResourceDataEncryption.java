package io.tenantlink.sandbox.graph;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code encryptedContent} of a change notification with resource data, as Graph makes it ("Set up change
 * notifications that include resource data", changeNotificationEncryptedContent): a fresh 32-byte AES key per
 * notification; {@code data} the resource's JSON encrypted with AES/CBC/PKCS5Padding, the IV being the key's first 16
 * bytes; {@code dataKey} the key encrypted with the subscriber's certificate (RSA/ECB/OAEPWithSHA1AndMGF1Padding);
 * {@code dataSignature} HMAC-SHA256 of the encrypted bytes keyed with the AES key; the certificate's id and its
 * thumbprint (uppercase hex SHA-1 of its DER). All base64 is standard base64 with padding.
 */
final class ResourceDataEncryption {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ResourceDataEncryption() {}

    /**
     * The subscriber's certificate from standard base64 of its DER; an IllegalArgumentException saying what is wrong
     * when it is no X.509 certificate or its key is not RSA.
     */
    static X509Certificate certificate(String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encryptionCertificate is not base64.");
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("encryptionCertificate is not a base64-encoded X.509 certificate.");
        }
        if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("encryptionCertificate must have an RSA public key.");
        }
        return certificate;
    }

    /** Uppercase hex SHA-1 of the certificate's DER, as Graph's encryptionCertificateThumbprint. */
    static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The encryptedContent object for {@code json} (the resource as Graph would return it). */
    static Map<String, Object> encrypt(String json, X509Certificate certificate, String certificateId) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            byte[] data = aes.doFinal(json.getBytes(StandardCharsets.UTF_8));
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA1AndMGF1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, certificate.getPublicKey());
            byte[] dataKey = rsa.doFinal(key);
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = hmac.doFinal(data);
            Base64.Encoder base64 = Base64.getEncoder();
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("data", base64.encodeToString(data));
            content.put("dataSignature", base64.encodeToString(signature));
            content.put("dataKey", base64.encodeToString(dataKey));
            content.put("encryptionCertificateId", certificateId);
            content.put("encryptionCertificateThumbprint", thumbprint(certificate));
            return content;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt resource data", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The same content with one byte of the encrypted data flipped: its dataSignature no longer matches (a fault). */
    static Map<String, Object> tampered(Map<String, Object> content) {
        byte[] data = Base64.getDecoder().decode((String) content.get("data"));
        data[data.length / 2] ^= 0x01;
        Map<String, Object> copy = new LinkedHashMap<>(content);
        copy.put("data", Base64.getEncoder().encodeToString(data));
        return copy;
    }
}
