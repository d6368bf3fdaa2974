package io.tenantlink.api.token;

import io.tenantlink.platform.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of API tokens: a token is {@code tlk_} and 256 random bits (base64url); only its SHA-256 is stored; scopes
 * are written space-separated. Pure functions, so they are tested without a server.
 */
public final class ApiTokens {

    public static final String PREFIX = "tlk_";
    private static final Pattern FORM = Pattern.compile("tlk_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the text has the form of a token at all (checked before any lookup). */
    public static boolean wellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    /** The lower-case hex SHA-256 of the token, as stored. */
    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scopes from their written form (space-separated); an unknown one or none at all is refused. */
    public static Set<ApiScope> parseScopes(String text) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        if (text != null) {
            for (String part : text.trim().split("\\s+")) {
                if (part.isEmpty()) {
                    continue;
                }
                scopes.add(ApiScope.ofWire(part).orElseThrow(() -> new InvalidInputException("apiToken.error.scopes")));
            }
        }
        if (scopes.isEmpty()) {
            throw new InvalidInputException("apiToken.error.scopes");
        }
        return scopes;
    }

    public static String writeScopes(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::wire).collect(Collectors.joining(" "));
    }

    /** A write scope implies its read scope: a token that may change incidents may read them. */
    public static boolean grants(Set<ApiScope> held, ApiScope needed) {
        if (held.contains(needed)) {
            return true;
        }
        return switch (needed) {
            case INCIDENTS_READ -> held.contains(ApiScope.INCIDENTS_WRITE);
            case PEOPLE_READ -> held.contains(ApiScope.PEOPLE_WRITE);
            default -> false;
        };
    }
}
