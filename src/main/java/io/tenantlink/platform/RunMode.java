package io.tenantlink.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the portal runs against Microsoft Entra ID ({@code TENANTLINK_MICROSOFT=entra}) or against a Microsoft
 * stand-in ({@code sandbox}: a banner on every page, and settings only a test bed may use). Always explicit: there is
 * no default, so a deployment that forgets it refuses to start instead of guessing.
 */
@ApplicationScoped
public class RunMode {

    public static final String SETTING = "tenantlink.microsoft";

    public enum Kind {
        ENTRA,
        SANDBOX
    }

    @Inject
    @ConfigProperty(name = SETTING)
    Optional<String> setting;

    private volatile Kind kind;

    public Kind kind() {
        Kind known = kind;
        if (known == null) {
            known = parse(setting.orElse(null));
            kind = known;
        }
        return known;
    }

    public boolean isSandbox() {
        return kind() == Kind.SANDBOX;
    }

    /**
     * @throws IllegalStateException with a message naming the variable, for a missing or unknown value
     */
    public static Kind parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "TenantLink will not start: TENANTLINK_MICROSOFT is not set. Set it to 'entra' together with "
                            + "TENANTLINK_MICROSOFT_CLIENT_ID, TENANTLINK_MICROSOFT_CLIENT_SECRET (or TENANTLINK_MICROSOFT_CLIENT_CERTIFICATE), "
                            + "TENANTLINK_TOKEN_KEY and an https:// TENANTLINK_PUBLIC_URL; or run deploy/run-local.sh, which sets "
                            + "'sandbox' and starts the Microsoft stand-in.");
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "entra" -> Kind.ENTRA;
            case "sandbox" -> Kind.SANDBOX;
            default ->
                throw new IllegalStateException(
                        "TENANTLINK_MICROSOFT must be 'entra' or 'sandbox', not '" + value.strip() + "'.");
        };
    }
}
