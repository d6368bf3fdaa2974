-- The certificates Microsoft Graph encrypts the content of chat-message change notifications to (issue 14: the message
-- arrives in its notification, no read needed). Made by the portal itself (RSA 2048, self-signed) and shared by every
-- instance; the private key is AES-GCM ciphertext under TENANTLINK_TOKEN_KEY, never plain in the database.
CREATE TABLE notification_certificate (
    -- the encryptionCertificateId given to Graph and named in each notification
    certificate_id VARCHAR(64) NOT NULL PRIMARY KEY,
    -- the X.509 certificate, DER
    certificate    LONGBLOB    NOT NULL,
    -- the PKCS#8 private key, encrypted
    private_key    LONGBLOB    NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    expires_at     DATETIME(6) NOT NULL
);
