package io.tenantlink.sandbox.graph;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A key pair and a self-signed X.509 (v1) certificate for it, written in DER by hand (the JDK has no public
 * certificate builder), as a subscriber to notifications with resource data makes them: RSA (SHA256withRSA) or, to be
 * refused, EC (SHA256withECDSA).
 */
public record SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {

    private static final byte[] SHA256_WITH_RSA = {
        0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B
    };
    private static final byte[] SHA256_WITH_ECDSA = {
        0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02
    };
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    public static SelfSignedCertificate rsa(String commonName) {
        return make("RSA", 2048, commonName);
    }

    public static SelfSignedCertificate ec(String commonName) {
        return make("EC", 256, commonName);
    }

    /** Standard base64 of the certificate's DER, as a subscription's encryptionCertificate. */
    public String base64() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SelfSignedCertificate make(String algorithm, int size, String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            KeyPair keys = generator.generateKeyPair();
            boolean rsa = algorithm.equals("RSA");
            byte[] signatureAlgorithm =
                    rsa ? tlv(0x30, SHA256_WITH_RSA, new byte[] {0x05, 0x00}) : tlv(0x30, SHA256_WITH_ECDSA);
            byte[] name = tlv(
                    0x30, tlv(0x31, tlv(0x30, COMMON_NAME, tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] validity = tlv(
                    0x30,
                    tlv(0x17, UTC_TIME.format(now.minus(1, ChronoUnit.DAYS)).getBytes(StandardCharsets.US_ASCII)),
                    tlv(0x17, UTC_TIME.format(now.plus(30, ChronoUnit.DAYS)).getBytes(StandardCharsets.US_ASCII)));
            byte[] serial = tlv(
                    0x02,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray());
            byte[] tbs = tlv(
                    0x30,
                    serial,
                    signatureAlgorithm,
                    name,
                    validity,
                    name,
                    keys.getPublic().getEncoded());
            Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] der = tlv(0x30, tbs, signatureAlgorithm, tlv(0x03, bits));
            X509Certificate certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(keys.getPublic());
            return new SelfSignedCertificate(keys, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DER tag-length-value of the parts' concatenation. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xFF);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xFF);
            out.write(length & 0xFF);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
