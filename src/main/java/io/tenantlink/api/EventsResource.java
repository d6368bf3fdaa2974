package io.tenantlink.api;

import io.tenantlink.api.token.ApiCaller;
import io.tenantlink.api.token.ApiScope;
import io.tenantlink.webhook.WebhookEvent;
import io.tenantlink.webhook.WebhookService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The site's events, the same the webhooks deliver (docs/webhooks.md), as a feed a service desk reads from where it
 * left off: each carries its {@code sequence}; ask again with {@code after} = the last one read.
 */
@Path("api/v1/events")
@RequestScoped
@BearerToken
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "The site's incident events, as its webhooks deliver them")
@SecurityRequirement(name = "bearer")
@APIResponse(
        responseCode = "401",
        description = "No token, or an unknown, expired or revoked one",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token lacks incidents:read")
public class EventsResource {

    static final int MAX_LIMIT = 500;

    @Inject
    ApiAccess access;

    @Inject
    WebhookService webhooks;

    @GET
    @Operation(
            summary = "Events after a sequence number, oldest first (scope incidents:read)",
            description = "Answers {\"events\": [...], \"next\": n}: each event is the webhook's JSON plus its"
                    + " \"sequence\"; read on with after=next. The id is the idempotency key webhooks carry.")
    @APIResponse(
            responseCode = "400",
            description = "after or limit is not a number in range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JsonObject events(
            @Parameter(description = "the last sequence read (0 to start)") @QueryParam("after") String after,
            @Parameter(description = "at most this many, 1 to 500 (100)") @QueryParam("limit") String limit) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_READ);
        long afterSequence = number("after", after, 0, 0, Long.MAX_VALUE);
        int max = (int) number("limit", limit, 100, 1, MAX_LIMIT);
        List<WebhookEvent> events = webhooks.eventsAfter(caller.siteId(), afterSequence, max);
        JsonArrayBuilder out = Json.createArrayBuilder();
        long next = afterSequence;
        for (WebhookEvent event : events) {
            try (JsonReader reader = Json.createReader(new StringReader(event.getPayload()))) {
                out.add(Json.createObjectBuilder(reader.readObject()).add("sequence", event.getId()));
            }
            next = event.getId();
        }
        return Json.createObjectBuilder().add("events", out).add("next", next).build();
    }

    private static long number(String name, String value, long absent, long min, long max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiProblem(
                400,
                "invalid-parameter",
                "Invalid parameter",
                name + " must be a whole number from " + min + " to " + max);
    }
}
