package io.tenantlink.microsoft;

import io.tenantlink.platform.RunMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The Microsoft settings the portal cannot run without, read once and checked together so that a deployment missing
 * several learns all of them at once. Entra mode needs the app registration's client id and credential (a secret, or a
 * certificate as Microsoft recommends), the token encryption key and an https:// public URL; sandbox mode needs the
 * client id and secret of the stand-in's app registration and the routes to the stand-in. Routes are refused in Entra
 * mode: production never sends Microsoft's traffic anywhere but Microsoft.
 */
public record MicrosoftSettings(
        RunMode.Kind kind,
        Optional<String> clientId,
        Optional<String> clientSecret,
        Optional<String> clientCertificate,
        Optional<String> tokenKey,
        String publicUrl,
        Optional<String> routes) {

    static MicrosoftSettings read(Config config) {
        return new MicrosoftSettings(
                RunMode.parse(
                        config.getOptionalValue(RunMode.SETTING, String.class).orElse(null)),
                value(config, "tenantlink.microsoft.client-id"),
                value(config, "tenantlink.microsoft.client-secret"),
                value(config, "tenantlink.microsoft.client-certificate"),
                value(config, "tenantlink.token-key"),
                value(config, "tenantlink.public-url").orElse(""),
                value(config, "tenantlink.microsoft.routes"));
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** What is missing or wrong, one sentence each naming the variable; empty when the portal may start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (clientId.isEmpty()) {
            problems.add("TENANTLINK_MICROSOFT_CLIENT_ID is not set (the app registration's application id).");
        }
        if (kind == RunMode.Kind.ENTRA) {
            if (clientSecret.isEmpty() && clientCertificate.isEmpty()) {
                problems.add("Neither TENANTLINK_MICROSOFT_CLIENT_CERTIFICATE (a PKCS#12 file, recommended) nor "
                        + "TENANTLINK_MICROSOFT_CLIENT_SECRET is set.");
            }
            if (tokenKey.isEmpty()) {
                problems.add("TENANTLINK_TOKEN_KEY is not set (32 random bytes in base64: openssl rand -base64 32).");
            }
            if (!publicUrl.toLowerCase(Locale.ROOT).startsWith("https://")) {
                problems.add("TENANTLINK_PUBLIC_URL must be the portal's https:// address, not '" + publicUrl + "'.");
            }
            if (routes.isPresent()) {
                problems.add(
                        "TENANTLINK_MICROSOFT_ROUTES is for sandbox mode only: with TENANTLINK_MICROSOFT=entra the "
                                + "portal talks to Microsoft itself.");
            }
        } else {
            if (clientSecret.isEmpty() && clientCertificate.isEmpty()) {
                problems.add("TENANTLINK_MICROSOFT_CLIENT_SECRET is not set (the stand-in's app registration secret: "
                        + "deploy/sandbox.properties).");
            }
            if (routes.isEmpty()) {
                problems.add("TENANTLINK_MICROSOFT_ROUTES is not set: sandbox mode needs to know where the Microsoft "
                        + "stand-in serves login.microsoftonline.com and graph.microsoft.com.");
            }
        }
        routes.ifPresent(table -> {
            try {
                MicrosoftRoutes.parse(table);
            } catch (IllegalArgumentException e) {
                problems.add("TENANTLINK_MICROSOFT_ROUTES is not understood: " + e.getMessage());
            }
        });
        return problems;
    }

    public MicrosoftRoutes microsoftRoutes() {
        return routes.map(MicrosoftRoutes::parse).orElse(MicrosoftRoutes.none());
    }
}
