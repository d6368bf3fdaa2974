-- Change notifications with resource data (includeResourceData): the subscriber's encryption certificate (standard
-- base64 of its DER) and the id it gave the certificate, which every encryptedContent names.
ALTER TABLE sandbox_subscription ADD COLUMN include_resource_data BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sandbox_subscription ADD COLUMN encryption_certificate VARCHAR(16000);
ALTER TABLE sandbox_subscription ADD COLUMN encryption_certificate_id VARCHAR(128);
