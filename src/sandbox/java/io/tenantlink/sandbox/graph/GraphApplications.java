package io.tenantlink.sandbox.graph;

import io.tenantlink.sandbox.directory.DirectoryData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The directory's app registrations as Graph's application objects show them ({@link GraphApplicationEndpoints}, the
 * control API): ids, and the client secrets and certificates with their dates; never a secret's value or a
 * certificate's key.
 */
public final class GraphApplications {

    /** When the secret made from an app's client secret ends: after any test or demo. */
    static final String DEFAULT_SECRET_END = "2099-12-31T23:59:59Z";

    static final String DEFAULT_SECRET_START = "2026-01-01T00:00:00Z";

    private GraphApplications() {}

    /** An app registration as Graph shows it (no secret's value, no certificate's key). */
    public static Map<String, Object> json(DirectoryData.Application app, String publisherDomain) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", objectId(app.appId));
        all.put("deletedDateTime", null);
        all.put("appId", app.appId);
        all.put("displayName", app.displayName);
        all.put("createdDateTime", DEFAULT_SECRET_START);
        all.put("publisherDomain", publisherDomain);
        all.put("signInAudience", "AzureADMultipleOrgs");
        List<Object> keys = new ArrayList<>();
        for (DirectoryData.Credential c :
                app.keyCredentials == null ? List.<DirectoryData.Credential>of() : app.keyCredentials) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("customKeyIdentifier", null);
            key.put("displayName", c.displayName);
            key.put("endDateTime", c.endDateTime);
            key.put("key", null);
            key.put("keyId", c.keyId);
            key.put("startDateTime", c.startDateTime);
            key.put("type", "AsymmetricX509Cert");
            key.put("usage", "Verify");
            keys.add(key);
        }
        all.put("keyCredentials", keys);
        List<Object> passwords = new ArrayList<>();
        for (DirectoryData.Credential c : secrets(app)) {
            Map<String, Object> password = new LinkedHashMap<>();
            password.put("customKeyIdentifier", null);
            password.put("displayName", c.displayName);
            password.put("endDateTime", c.endDateTime);
            password.put("hint", c.hint);
            password.put("keyId", c.keyId);
            password.put("secretText", null);
            password.put("startDateTime", c.startDateTime);
            passwords.add(password);
        }
        all.put("passwordCredentials", passwords);
        return all;
    }

    /** The registration's secrets: the directory's, or one made from its client secret. */
    public static List<DirectoryData.Credential> secrets(DirectoryData.Application app) {
        if (app.passwordCredentials != null) {
            return app.passwordCredentials;
        }
        if (app.clientSecret == null || app.clientSecret.isEmpty()) {
            return List.of();
        }
        DirectoryData.Credential secret = new DirectoryData.Credential();
        secret.keyId = derivedId("password:" + app.appId);
        secret.displayName = "Sandbox secret";
        secret.hint = hint(app.clientSecret);
        secret.startDateTime = DEFAULT_SECRET_START;
        secret.endDateTime = DEFAULT_SECRET_END;
        return List.of(secret);
    }

    /**
     * Credentials as the control API receives them, checked and completed: a key id when none is given (one derived
     * from the app, kind and position, so a test can repeat the call), dates that are ISO instants (else
     * IllegalArgumentException), and for secrets without a hint the client secret's first three characters.
     */
    public static List<DirectoryData.Credential> completed(
            DirectoryData.Application app, String kind, List<DirectoryData.Credential> given) {
        if (given == null) {
            return null;
        }
        List<DirectoryData.Credential> done = new ArrayList<>();
        int n = 0;
        for (DirectoryData.Credential c : given) {
            n++;
            if (c == null) {
                throw new IllegalArgumentException("A credential must be a JSON object.");
            }
            DirectoryData.Credential copy = new DirectoryData.Credential();
            copy.keyId = c.keyId == null || c.keyId.isBlank() ? derivedId(kind + ":" + app.appId + ":" + n) : c.keyId;
            copy.displayName = c.displayName;
            copy.hint =
                    "password".equals(kind) && (c.hint == null || c.hint.isBlank()) ? hint(app.clientSecret) : c.hint;
            copy.startDateTime = instant(c.startDateTime == null ? DEFAULT_SECRET_START : c.startDateTime);
            copy.endDateTime = instant(c.endDateTime);
            done.add(copy);
        }
        return done;
    }

    private static String instant(String value) {
        if (value == null) {
            throw new IllegalArgumentException("endDateTime is required (an ISO instant, e.g. 2027-03-01T00:00:00Z).");
        }
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not an ISO instant: " + value);
        }
    }

    private static String hint(String secret) {
        return secret == null ? null : secret.substring(0, Math.min(3, secret.length()));
    }

    /** The application object's id: stable per appId (Entra's object id differs from the client id). */
    public static String objectId(String appId) {
        return derivedId("application:" + appId.toLowerCase(java.util.Locale.ROOT));
    }

    private static String derivedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
