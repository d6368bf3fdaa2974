package io.tenantlink.microsoft;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error answer of Microsoft's token endpoint: {@code error} (the OAuth error),
 * {@code error_codes} / the leading {@code AADSTSnnnn} of {@code error_description} (the
 * numeric code), and the description itself (display as text, never as markup).
 * Parsed with nimbus's bundled JSON, since no jakarta.json implementation runs outside Payara.
 */
public record AadstsError(String error, int code, String description) {

    /** Refresh token expired from inactivity, grant revoked, bad grant, code already redeemed. */
    private static final Set<Integer> SIGN_IN_AGAIN_CODES = Set.of(700082, 50173, 70000, 54005);

    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*AADSTS(\\d{1,9})\\b");

    /** The error of a token-endpoint body, or empty when the body is not such an error. */
    public static Optional<AadstsError> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(body);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
        Object error = json.get("error");
        if (!(error instanceof String errorText) || errorText.isBlank()) {
            return Optional.empty();
        }
        Object description = json.get("error_description");
        String descriptionText = description instanceof String s ? s : null;
        return Optional.of(
                new AadstsError(errorText, codeOf(json.get("error_codes"), descriptionText), descriptionText));
    }

    /**
     * From what msal4j keeps of the body: {@code MsalServiceException.errorCode()} is
     * {@code error} and {@code getMessage()} is {@code error_description}; the code comes from the
     * description's leading {@code AADSTSnnnn}.
     */
    public static AadstsError of(String error, String description) {
        return new AadstsError(error, codeOf(null, description), description);
    }

    private static int codeOf(Object errorCodes, String description) {
        if (errorCodes instanceof List<?> codes
                && !codes.isEmpty()
                && codes.get(0) instanceof Number n
                && n.longValue() >= 0
                && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (description != null) {
            Matcher m = LEADING_CODE.matcher(description);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    /**
     * Whether the stored refresh token is dead and the connection needs an interactive sign-in
     * (and the token must be deleted) rather than a retry.
     */
    public boolean needsSignInAgain() {
        return !consentMissing() && ("invalid_grant".equals(error) || SIGN_IN_AGAIN_CODES.contains(code));
    }

    /**
     * AADSTS65001 (consent_required, sent as invalid_grant): the refresh token is fine, the tenant
     * has just not consented to what was asked.
     */
    public boolean consentMissing() {
        return code == 65001;
    }
}
