package io.tenantlink.microsoft;

import com.microsoft.graph.core.models.DecryptableContent;
import com.microsoft.graph.models.ChangeNotificationEncryptedContent;
import com.microsoft.graph.models.ChatMessage;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.function.Function;

/**
 * The chat message a change notification with resource data carries, decrypted as Graph documents it ("Decrypting
 * resource data from change notifications") by the Graph SDK's own {@link DecryptableContent}: the symmetric key
 * unwrapped with the certificate's private key (RSA-OAEP), the HMAC-SHA256 signature of the data checked with it, then
 * the data decrypted (AES-CBC) and read as a chatMessage.
 */
public final class NotificationContent {

    /** What a notification's {@code encryptedContent} holds (absent fields null). */
    public record Encrypted(
            String data, String dataKey, String dataSignature, String certificateId, String thumbprint) {

        public boolean complete() {
            return data != null && dataKey != null && dataSignature != null && certificateId != null;
        }
    }

    /** The content could not be trusted or read; the message says why (never the content). */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String why, Throwable cause) {
            super(why, cause, false, false);
        }
    }

    private NotificationContent() {}

    /**
     * The message, or Rejected when the certificate is not the portal's, the signature does not match, or the data is
     * not a chat message.
     */
    public static ChatMessageInfo chatMessage(Encrypted encrypted, Function<String, Optional<PrivateKey>> privateKeys)
            throws Rejected {
        if (encrypted == null || !encrypted.complete()) {
            throw new Rejected("encryptedContent lacks data, dataKey, dataSignature or encryptionCertificateId", null);
        }
        PrivateKey key = privateKeys.apply(encrypted.certificateId()).orElse(null);
        if (key == null) {
            throw new Rejected("encrypted to a certificate the portal does not have", null);
        }
        ChangeNotificationEncryptedContent content = new ChangeNotificationEncryptedContent();
        content.setData(encrypted.data());
        content.setDataKey(encrypted.dataKey());
        content.setDataSignature(encrypted.dataSignature());
        content.setEncryptionCertificateId(encrypted.certificateId());
        content.setEncryptionCertificateThumbprint(encrypted.thumbprint());
        String json;
        try {
            json = DecryptableContent.decryptAsString(content, (id, thumbprint) -> key);
        } catch (Exception e) {
            // The SDK says "Signature does not match" for a changed data or signature, a cipher error for a wrong key.
            throw new Rejected(
                    "the encrypted content does not verify (" + e.getClass().getSimpleName() + ")", e);
        }
        ChatMessage message;
        try {
            message = new JsonParseNodeFactory()
                    .getParseNode("application/json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                    .getObjectValue(ChatMessage::createFromDiscriminatorValue);
        } catch (RuntimeException e) {
            throw new Rejected("the decrypted content is not a chat message", e);
        }
        if (message == null || message.getId() == null) {
            throw new Rejected("the decrypted content is not a chat message", null);
        }
        return GraphGateway.chatMessage(message);
    }
}
