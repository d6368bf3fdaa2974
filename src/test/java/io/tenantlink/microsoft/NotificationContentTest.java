package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import io.tenantlink.microsoft.NotificationContent.Encrypted;
import io.tenantlink.microsoft.NotificationContent.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resource data as Graph encrypts it ("Decrypting resource data from change notifications"), read back. */
class NotificationContentTest {

    static final String MESSAGE = "{\"id\":\"1733561234567\",\"messageType\":\"message\","
            + "\"createdDateTime\":\"2026-12-07T05:00:00Z\",\"lastModifiedDateTime\":\"2026-12-07T05:00:00Z\","
            + "\"from\":{\"user\":{\"id\":\"5bb3a9f7-0f0e-4e8a-9d9b-1b2c3d4e5f60\",\"displayName\":\"Megan Bowen\"}},"
            + "\"body\":{\"contentType\":\"text\",\"content\":\"!note the database is back\"}}";

    static KeyPair pair;
    static Function<String, Optional<PrivateKey>> keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
        keys = id -> "cert-1".equals(id) ? Optional.of(pair.getPrivate()) : Optional.empty();
    }

    /** What Graph sends: AES-256-CBC (IV: the key's first 16 bytes), the key RSA-OAEP wrapped, HMAC-SHA256. */
    static Encrypted encrypt(String json, PublicKey to, String certificateId) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        byte[] data = aes.doFinal(json.getBytes(StandardCharsets.UTF_8));
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA1AndMGF1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, to);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        Base64.Encoder b64 = Base64.getEncoder();
        return new Encrypted(
                b64.encodeToString(data),
                b64.encodeToString(rsa.doFinal(key)),
                b64.encodeToString(mac.doFinal(data)),
                certificateId,
                "ABCDEF");
    }

    @Test
    void theMessageComesOutWithItsSenderTextAndTime() throws Exception {
        ChatMessageInfo m = NotificationContent.chatMessage(encrypt(MESSAGE, pair.getPublic(), "cert-1"), keys);
        assertEquals("1733561234567", m.id());
        assertEquals("!note the database is back", m.content());
        assertEquals("5bb3a9f7-0f0e-4e8a-9d9b-1b2c3d4e5f60", m.senderUserId());
        assertEquals("Megan Bowen", m.senderName());
        assertEquals(Instant.parse("2026-12-07T05:00:00Z"), m.sentAt());
        assertTrue(m.written());
        assertFalse(m.html());
    }

    @Test
    void changedDataOrAnotherCertificateOrKeyIsRejected() throws Exception {
        Encrypted good = encrypt(MESSAGE, pair.getPublic(), "cert-1");
        byte[] data = Base64.getDecoder().decode(good.data());
        data[data.length / 2] ^= 1;
        Encrypted flipped = new Encrypted(
                Base64.getEncoder().encodeToString(data),
                good.dataKey(),
                good.dataSignature(),
                good.certificateId(),
                good.thumbprint());
        Rejected changed = assertThrows(Rejected.class, () -> NotificationContent.chatMessage(flipped, keys));
        assertFalse(changed.getMessage().contains("database"), "never the content: " + changed.getMessage());

        Encrypted unknown = encrypt(MESSAGE, pair.getPublic(), "cert-2");
        assertTrue(assertThrows(Rejected.class, () -> NotificationContent.chatMessage(unknown, keys))
                .getMessage()
                .contains("certificate"));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Encrypted toAnotherKey = encrypt(MESSAGE, generator.generateKeyPair().getPublic(), "cert-1");
        assertThrows(Rejected.class, () -> NotificationContent.chatMessage(toAnotherKey, keys));

        assertThrows(
                Rejected.class,
                () -> NotificationContent.chatMessage(
                        new Encrypted(good.data(), null, good.dataSignature(), "cert-1", null), keys));
    }

    @Test
    void contentThatIsNoChatMessageIsRejected() throws Exception {
        Encrypted notAMessage = encrypt("{\"displayName\":\"a chat\"}", pair.getPublic(), "cert-1");
        assertThrows(Rejected.class, () -> NotificationContent.chatMessage(notAMessage, keys));
        Encrypted notJson = encrypt("not json", pair.getPublic(), "cert-1");
        assertThrows(Rejected.class, () -> NotificationContent.chatMessage(notJson, keys));
    }
}
