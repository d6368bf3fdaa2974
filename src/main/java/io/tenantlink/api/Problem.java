package io.tenantlink.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error answer of the API (RFC 9457, {@code application/problem+json}). */
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
