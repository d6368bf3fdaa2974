package io.tenantlink.platform.security;

import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/** PBKDF2-HMAC-SHA256 password hashes (Jakarta Security's Pbkdf2PasswordHash), with OWASP's iteration count. */
@ApplicationScoped
public class PasswordHashing {

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    /** A hash of a password nobody knows, checked for unknown users so their timing matches known ones. */
    private String decoy;

    @PostConstruct
    void init() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "600000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoy = pbkdf2.generate(java.util.UUID.randomUUID().toString().toCharArray());
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean matches(String password, String storedHash) {
        return password != null && storedHash != null && pbkdf2.verify(password.toCharArray(), storedHash);
    }

    public void spendTimeOnUnknownUser(String password) {
        pbkdf2.verify(password == null ? new char[0] : password.toCharArray(), decoy);
    }
}
