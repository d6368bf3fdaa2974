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

    /** {@code fixPath}: a portal path ("/sites/…") or, when {@code external}, a full URL. */
    public record Text(String title, String reason, String fixLabel, String fixPath, boolean external) {}

    private WarningTexts() {}

    public static Text of(LifecycleWarning w, Map<Long, String> tenantNames) {
        return switch (w.getKind()) {
            case CREDENTIAL_EXPIRY ->
                new Text(
                        text(
                                "lifecycle.title.credential",
                                text("lifecycle.credential." + w.getSubject()),
                                text("lifecycle.stage." + w.getStage(), DATE.format(w.getExpiresAt()))),
                        text("lifecycle.reason.credential"),
                        text("lifecycle.fix.credential"),
                        ENTRA_APP_REGISTRATIONS,
                        true);
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
        return new Text(
                text("lifecycle.title.forecast", tenant, featureName, version),
                text("lifecycle.reason.forecast", missing),
                text("lifecycle.fix.forecast"),
                "/sites/" + w.getSiteId() + "/chat-tools/teams/" + subject[0] + "/features/" + feature,
                false);
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
