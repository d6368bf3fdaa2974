package io.tenantlink.microsoft;

import io.tenantlink.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate Microsoft Graph encrypts chat-message notifications to (a subscription's {@code
 * encryptionCertificate}): RSA 2048, self-signed (Graph only uses its public key), made by the portal the first time one
 * is needed and a new one 30 days before the current one ends. Kept in the database for every instance, the private key
 * encrypted with TENANTLINK_TOKEN_KEY; older certificates stay, so notifications of subscriptions made with them still
 * decrypt.
 */
@ApplicationScoped
public class NotificationCertificates {

    private static final Logger LOG = Logger.getLogger(NotificationCertificates.class.getName());

    static final Duration VALIDITY = Duration.ofDays(730);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String SUBJECT = "CN=TenantLink chat notifications";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** What a subscription names: the certificate's id and its DER in base64. */
    public record Current(String certificateId, String base64Certificate) {}

    @Inject
    NotificationCertificateStore store;

    @Inject
    TokenKeys keys;

    private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();

    /** The certificate in use and when it ends: read from the database once, not for every subscription. */
    private record InUse(Current current, Instant expiresAt) {}

    private InUse inUse;

    /** The certificate new subscriptions name; made now when there is none or the newest ends within 30 days. */
    public synchronized Current current() {
        Instant now = Clock.now();
        if (inUse != null && !inUse.expiresAt().isBefore(now.plus(RENEW_BEFORE))) {
            return inUse.current();
        }
        List<NotificationCertificateRow> all = store.all();
        NotificationCertificateRow newest = all.isEmpty() ? null : all.get(0);
        if (newest == null || newest.expiresAt().isBefore(now.plus(RENEW_BEFORE))) {
            newest = make(now);
            store.add(newest);
            LOG.info("Made notification certificate " + newest.certificateId() + " (until " + newest.expiresAt() + ")");
        }
        inUse = new InUse(
                new Current(newest.certificateId(), Base64.getEncoder().encodeToString(newest.certificate())),
                newest.expiresAt());
        return inUse.current();
    }

    /** The private key of the certificate with this id, or empty when the portal has no such certificate. */
    public Optional<PrivateKey> privateKey(String certificateId) {
        if (certificateId == null || certificateId.length() > 64) {
            return Optional.empty();
        }
        PrivateKey cached = privateKeys.get(certificateId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PrivateKey> key = store.find(certificateId).map(row -> {
            byte[] pkcs8 = keys.cipher().decrypt(row.encryptedPrivateKey(), binding(certificateId));
            try {
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("notification certificate " + certificateId + " has no usable key", e);
            }
        });
        key.ifPresent(k -> privateKeys.put(certificateId, k));
        return key;
    }

    private NotificationCertificateRow make(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            Instant until = now.plus(VALIDITY);
            X500Name subject = new X500Name(SUBJECT);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(until),
                    subject,
                    pair.getPublic());
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))
                    .getEncoded();
            byte[] suffix = new byte[4];
            RANDOM.nextBytes(suffix);
            String id = "tenantlink-" + DAY.format(now) + "-" + HexFormat.of().formatHex(suffix);
            byte[] encrypted = keys.cipher().encrypt(pair.getPrivate().getEncoded(), binding(id));
            privateKeys.put(id, pair.getPrivate());
            return new NotificationCertificateRow(id, der, encrypted, now, until);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("A notification certificate could not be made", e);
        }
    }

    /** The ciphertext is bound to its certificate: a key copied to another row does not decrypt. */
    private static String binding(String certificateId) {
        return "notification-certificate:" + certificateId;
    }
}
