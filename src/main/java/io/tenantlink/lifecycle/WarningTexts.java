package io.tenantlink.lifecycle;

import io.tenantlink.connection.MicrosoftErrors;
import io.tenantlink.platform.web.Messages;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/** A warning in plain words (messages bundle): what, why it matters, and the fix with its link. */
public final class WarningTexts {

    /** Where Microsoft Entra lists app registrations (new secrets and certificates are added there). */
    public static final String ENTRA_APP_REGISTRATIONS =
            "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * {@code fixPath}: a portal path ("/sites/…") or, when {@code external}, a full URL; {@code aheadPath}: for a
     * re-consent forecast, the portal page where a site admin gets the consent-ahead link (otherwise null).
     */
    public record Text(
            String title, String reason, String fixLabel, String fixPath, boolean external, String aheadPath) {

        public Text(String title, String reason, String fixLabel, String fixPath, boolean external) {
            this(title, reason, fixLabel, fixPath, external, null);
        }
    }

    private WarningTexts() {}

    public static Text of(LifecycleWarning w, Map<Long, String> tenantNames) {
        return switch (w.getKind()) {
            case CREDENTIAL_EXPIRY -> credential(w);
            case CONNECTION_SIGN_IN ->
                new Text(
                        text("lifecycle.title.signIn", tenant(w, tenantNames)),
                        signInReason(w.getDetail()),
                        text("lifecycle.fix.signIn"),
                        "/sites/" + w.getSiteId() + "/chat-tools/teams/" + w.getSubject(),
                        false);
            case CONNECTION_ATTENTION ->
                new Text(
                        text("lifecycle.title.attention", tenant(w, tenantNames)),
                        attentionReason(w.getDetail()),
                        text("lifecycle.fix.attention"),
                        "/sites/" + w.getSiteId() + "/chat-tools/teams/" + w.getSubject() + "/consent",
                        false);
            case CONSENT_FORECAST -> forecast(w, tenantNames);
        };
    }

    /**
     * subject "chatops-secret" (from the settings) or "chatops-secret/{keyId}" (read from Microsoft Graph, detail: how
     * Entra names it, e.g. “TenantLink portal” (abc…)).
     */
    private static Text credential(LifecycleWarning w) {
        int slash = w.getSubject().indexOf('/');
        String credential = text("lifecycle.credential."
                + (slash < 0 ? w.getSubject() : w.getSubject().substring(0, slash)));
        String stage = text("lifecycle.stage." + w.getStage(), DATE.format(w.getExpiresAt()));
        if (slash < 0) {
            return new Text(
                    text("lifecycle.title.credential", credential, stage),
                    text("lifecycle.reason.credential"),
                    text("lifecycle.fix.credential"),
                    ENTRA_APP_REGISTRATIONS,
                    true);
        }
        return new Text(
                text("lifecycle.title.credentialNamed", credential, w.getDetail() == null ? "" : w.getDetail(), stage),
                text("lifecycle.reason.credentialGraph"),
                text("lifecycle.fix.credentialGraph"),
                ENTRA_APP_REGISTRATIONS,
                true);
    }

    /**
     * Where the credential dates come from, in sentences for the Warnings section: nothing is asked of Graph without a
     * publisher tenant; otherwise, for each configured app ({@code apps}: "chatops", "management"), what its last check
     * found ({@code sources}, by app; a row not yet written: not checked yet).
     */
    public static java.util.List<String> sources(
            boolean publisherTenant, java.util.Collection<String> apps, Map<String, CredentialSource> sources) {
        if (!publisherTenant) {
            return java.util.List.of(text("lifecycle.sources.unset"));
        }
        java.util.List<String> sentences = new java.util.ArrayList<>();
        for (String app : apps) {
            String name = text("lifecycle.app." + app);
            CredentialSource source = sources.get(app);
            if (source == null || source.getOutcome() == null || source.getCheckedAt() == null) {
                sentences.add(text("lifecycle.sources.notChecked", name));
            } else if (source.getOutcome() == RegistrationRead.Outcome.READ) {
                sentences.add(text(
                        "lifecycle.sources.graph",
                        name,
                        DATE.format(source.getCheckedAt()),
                        source.getSecrets() == null ? 0 : source.getSecrets(),
                        source.getCertificates() == null ? 0 : source.getCertificates()));
            } else {
                sentences.add(text(
                        "lifecycle.sources.settings",
                        name,
                        DATE.format(source.getCheckedAt()),
                        text(
                                "lifecycle.sources.why." + source.getOutcome(),
                                source.getDetail() == null ? "-" : source.getDetail())));
            }
        }
        return sentences;
    }

    /** subject "connectionId/featureKey", detail "catalog version: missing permissions". */
    private static Text forecast(LifecycleWarning w, Map<Long, String> tenantNames) {
        String[] subject = w.getSubject().split("/", 2);
        String feature = subject.length == 2 ? subject[1] : w.getSubject();
        String featureName =
                bundle().containsKey("feature." + feature + ".name") ? text("feature." + feature + ".name") : feature;
        String detail = w.getDetail() == null ? "" : w.getDetail();
        int colon = detail.indexOf(": ");
        String version = colon < 0 ? "" : detail.substring(0, colon);
        String missing = colon < 0 ? detail : detail.substring(colon + 2);
        String tenant;
        try {
            tenant = tenantNames.getOrDefault(Long.parseLong(subject[0]), subject[0]);
        } catch (NumberFormatException e) {
            tenant = subject[0];
        }
        String featurePath = "/sites/" + w.getSiteId() + "/chat-tools/teams/" + subject[0] + "/features/" + feature;
        return new Text(
                text("lifecycle.title.forecast", tenant, featureName, version),
                text("lifecycle.reason.forecast", missing),
                text("lifecycle.fix.forecast"),
                featurePath,
                false,
                featurePath + "/ahead");
    }

    /**
     * The plain reason of a refused sign-in from the code the connection recorded ("AADSTS700082", "stored sign-in
     * unreadable"): AADSTS700082 reads "the connection's sign-in expired; a tenant admin signs in again".
     */
    static String signInReason(String recorded) {
        if (recorded == null || recorded.isBlank()) {
            return text("lifecycle.signIn.other", "-");
        }
        if (recorded.contains("unreadable")) {
            return text("lifecycle.signIn.unreadable");
        }
        Integer code = MicrosoftErrors.codeOf(recorded).orElse(null);
        if (code != null && bundle().containsKey("lifecycle.signIn." + code)) {
            return text("lifecycle.signIn." + code);
        }
        return text("lifecycle.signIn.other", recorded);
    }

    static String attentionReason(String code) {
        String key = "doctor.attention." + code;
        return code != null && bundle().containsKey(key) ? text(key) : text("lifecycle.attention.other");
    }

    private static String tenant(LifecycleWarning w, Map<Long, String> names) {
        try {
            return names.getOrDefault(Long.parseLong(w.getSubject()), w.getSubject());
        } catch (NumberFormatException e) {
            return w.getSubject();
        }
    }

    private static ResourceBundle bundle() {
        return Messages.bundle(Locale.ENGLISH);
    }

    static String text(String key, Object... args) {
        return Messages.get(Locale.ENGLISH, key, args);
    }
}
