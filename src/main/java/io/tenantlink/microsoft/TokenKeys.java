package io.tenantlink.microsoft;

import io.tenantlink.platform.RunMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AES-256 key that encrypts Microsoft tokens at rest: TENANTLINK_TOKEN_KEY (base64, 32 bytes).
 * In sandbox mode without one, a key is generated once into the data folder (never the database),
 * so the zero-setup start needs nothing; outside sandbox mode the key is required.
 */
@ApplicationScoped
public class TokenKeys {

    private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());
    static final String SANDBOX_KEY_FILE = "sandbox-token.key";

    @Inject
    @ConfigProperty(name = "tenantlink.token-key")
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = "tenantlink.data-dir", defaultValue = "./data")
    String dataDir;

    @Inject
    RunMode runMode;

    private volatile TokenCipher cipher;

    public TokenCipher cipher() {
        if (cipher == null) {
            synchronized (this) {
                if (cipher == null) {
                    cipher = TokenCipher.fromBase64(
                            configuredKey.filter(k -> !k.isBlank()).orElseGet(this::sandboxKey));
                }
            }
        }
        return cipher;
    }

    private String sandboxKey() {
        if (!runMode.isSandbox()) {
            throw new IllegalStateException("TENANTLINK_TOKEN_KEY is not set: Microsoft tokens cannot be stored. "
                    + "Set it to 32 random bytes in base64 (for example: openssl rand -base64 32).");
        }
        Path file = Path.of(dataDir, SANDBOX_KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[TokenCipher.KEY_BYTES];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's own permissions apply.
                }
                LOG.warning(() -> "Sandbox mode: generated the token encryption key " + file.toAbsolutePath()
                        + "; in production set TENANTLINK_TOKEN_KEY instead.");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the sandbox token key " + file.toAbsolutePath(), e);
        }
    }
}
