package io.tenantlink.microsoft;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** One certificate Graph encrypts notification content to; the private key only as ciphertext. */
@Entity
@Table(name = "notification_certificate")
public class NotificationCertificateRow {

    @Id
    @Column(name = "certificate_id")
    private String certificateId;

    @Lob
    @Column(name = "certificate", nullable = false)
    private byte[] certificate;

    @Lob
    @Column(name = "private_key", nullable = false)
    private byte[] encryptedPrivateKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected NotificationCertificateRow() {}

    public NotificationCertificateRow(
            String certificateId,
            byte[] certificate,
            byte[] encryptedPrivateKey,
            Instant createdAt,
            Instant expiresAt) {
        this.certificateId = certificateId;
        this.certificate = certificate.clone();
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String certificateId() {
        return certificateId;
    }

    public byte[] certificate() {
        return certificate.clone();
    }

    public byte[] encryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
