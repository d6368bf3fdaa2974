package io.tenantlink.platform.security;

import io.tenantlink.platform.RunMode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PBKDF2-HMAC-SHA256 password hashes (Jakarta Security's Pbkdf2PasswordHash), with OWASP's iteration count. Sandbox
 * mode may use fewer ({@code TENANTLINK_PASSWORD_PBKDF2_ITERATIONS}: the integration tests sign in hundreds of times);
 * with a Microsoft app registration, never fewer than OWASP's. A stored hash names its own count, so hashes made with
 * another count keep verifying.
 */
@ApplicationScoped
public class PasswordHashing {

    static final int OWASP_ITERATIONS = 600_000;
    /** The fewest Jakarta Security's Pbkdf2PasswordHash accepts. */
    static final int MIN_ITERATIONS = 1024;

    private static final Logger LOG = Logger.getLogger(PasswordHashing.class.getName());

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    RunMode runMode;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "tenantlink.password.pbkdf2-iterations", defaultValue = "600000")
    int configuredIterations;

    /**
     * A hash of a password nobody knows, checked for unknown users so their timing matches known ones. Formed on the
     * container's executor: nothing needs it before the first sign-in by an unknown name, and forming it on the
     * calling thread cost a first start (whose operator account is hashed here too) a whole PBKDF2 on its boot path.
     */
    private CompletableFuture<String> decoy;

    /** The iterations of new hashes: as configured, but OWASP's count at least outside sandbox mode. */
    static int iterations(int configured, boolean sandbox) {
        return sandbox ? Math.max(MIN_ITERATIONS, configured) : Math.max(OWASP_ITERATIONS, configured);
    }

    @PostConstruct
    void init() {
        int iterations = iterations(configuredIterations, runMode.isSandbox());
        if (iterations != configuredIterations) {
            LOG.warning(() -> "tenantlink.password.pbkdf2-iterations=" + configuredIterations
                    + " not used (fewer than OWASP's count" + " only count in sandbox mode): " + iterations
                    + " iterations");
        } else if (iterations < OWASP_ITERATIONS) {
            LOG.warning(() -> "Sandbox mode: password hashes with " + iterations
                    + " PBKDF2 iterations (fewer than OWASP's " + OWASP_ITERATIONS + ")");
        }
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoy = formDecoy();
    }

    private CompletableFuture<String> formDecoy() {
        char[] unknown = java.util.UUID.randomUUID().toString().toCharArray();
        try {
            return CompletableFuture.supplyAsync(() -> pbkdf2.generate(unknown), executor);
        } catch (RejectedExecutionException shuttingDown) {
            return CompletableFuture.completedFuture(pbkdf2.generate(unknown));
        }
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean matches(String password, String storedHash) {
        return password != null && storedHash != null && pbkdf2.verify(password.toCharArray(), storedHash);
    }

    public void spendTimeOnUnknownUser(String password) {
        pbkdf2.verify(password == null ? new char[0] : password.toCharArray(), decoy.join());
    }
}
