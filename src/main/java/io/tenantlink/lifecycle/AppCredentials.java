package io.tenantlink.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * When the portal's own app credentials expire, from its settings (and, with {@link #merge}, from Microsoft Graph where
 * {@link PublisherCredentials} could read the app registrations): a client secret's expiry as configured
 * ({@code TENANTLINK_MICROSOFT_CLIENT_SECRET_EXPIRES}, {@code TENANTLINK_MICROSOFT_MANAGEMENT_CLIENT_SECRET_EXPIRES}:
 * a date, {@code 2027-03-01}, meaning its start in UTC, or an ISO instant), a certificate's {@code notAfter} read from
 * the configured PKCS#12 file itself (the JDK's KeyStore). Read on every run, so a renewed file counts without a
 * restart. Never reads or keeps a secret's value.
 */
public final class AppCredentials {

    private static final Logger LOG = Logger.getLogger(AppCredentials.class.getName());

    /**
     * One credential and when it expires. {@code subject}: from the settings "chatops-secret", "management-certificate";
     * read from Microsoft Graph the same followed by "/" and the credential's key id ("chatops-secret/{keyId}", one per
     * secret or certificate of the app registration). {@code label}: how Entra names a credential read from Graph (its
     * description, a secret's first characters), null for the settings' ones.
     */
    public record Expiry(String subject, Instant expiresAt, String label) {

        public Expiry(String subject, Instant expiresAt) {
            this(subject, expiresAt, null);
        }

        /** The app it belongs to: "chatops" or "management". */
        public String app() {
            return subject.substring(0, subject.indexOf('-'));
        }
    }

    private AppCredentials() {}

    /** The expiries configured, read through {@code setting} (a MicroProfile Config lookup). */
    public static List<Expiry> read(Function<String, Optional<String>> setting) {
        List<Expiry> found = new ArrayList<>();
        for (String app : List.of("chatops", "management")) {
            String prefix = app.equals("chatops") ? "tenantlink.microsoft." : "tenantlink.microsoft.management-";
            setting.apply(prefix + "client-secret-expires")
                    .filter(v -> !v.isBlank())
                    .flatMap(AppCredentials::parseDate)
                    .ifPresent(at -> found.add(new Expiry(app + "-secret", at)));
            setting.apply(prefix + "client-certificate")
                    .filter(v -> !v.isBlank())
                    .flatMap(file -> notAfter(
                            Path.of(file.strip()),
                            setting.apply(prefix + "client-certificate-password")
                                    .orElse("")))
                    .ifPresent(at -> found.add(new Expiry(app + "-certificate", at)));
        }
        return Collections.unmodifiableList(found);
    }

    /**
     * The dates to watch: for an app whose registration Microsoft Graph read ({@code read}), every secret and
     * certificate Graph listed, in place of the settings' and the certificate file's dates of that app (the portal
     * signed in with its configured credential to read them, so Graph lists that credential too: it is warned once,
     * with Graph's date); for the other apps, the settings' and files' dates.
     */
    public static List<Expiry> merge(List<Expiry> fromSettings, List<RegistrationRead> read) {
        List<Expiry> merged = new ArrayList<>();
        java.util.Set<String> fromGraph = new java.util.HashSet<>();
        for (RegistrationRead r : read) {
            if (r.outcome() == RegistrationRead.Outcome.READ) {
                fromGraph.add(r.app());
                merged.addAll(r.expiries());
            }
        }
        for (Expiry e : fromSettings) {
            if (!fromGraph.contains(e.app())) {
                merged.add(e);
            }
        }
        return Collections.unmodifiableList(merged);
    }

    /** {@code 2027-03-01} (its start, UTC) or {@code 2027-03-01T12:00:00Z}; empty (and logged) otherwise. */
    public static Optional<Instant> parseDate(String value) {
        String v = value.strip();
        try {
            return Optional.of(
                    v.length() == 10
                            ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                            : Instant.parse(v));
        } catch (DateTimeParseException e) {
            LOG.warning(() -> "Lifecycle warnings: a secret's expiry setting is not a date (yyyy-mm-dd): " + v);
            return Optional.empty();
        }
    }

    /** The earliest notAfter of the certificates in a PKCS#12 file; empty (and logged) when it cannot be read. */
    public static Optional<Instant> notAfter(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            Instant earliest = null;
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                Certificate first = chain != null && chain.length > 0 ? chain[0] : store.getCertificate(alias);
                if (first instanceof X509Certificate x509) {
                    Instant at = x509.getNotAfter().toInstant();
                    earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                }
            }
            return Optional.ofNullable(earliest);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warning(() -> "Lifecycle warnings: the certificate file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
