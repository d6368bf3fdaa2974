package io.tenantlink.api;

import io.tenantlink.api.ApiModels.RecipientOut;
import io.tenantlink.api.ApiModels.UpdateInput;
import io.tenantlink.api.ApiModels.UpdateOut;
import io.tenantlink.api.token.ApiCaller;
import io.tenantlink.api.token.ApiScope;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.StakeholderUpdateService;
import io.tenantlink.incident.StakeholderUpdateViews.UpdateView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Stakeholder updates of an incident of the token's site: send one, list them with each e-mail's outcome. */
@Path("api/v1/incidents/{key}/updates")
@RequestScoped
@BearerToken
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Incidents", description = "Incidents of the Incidents projects of the token's site")
@SecurityRequirement(name = "bearer")
@APIResponse(
        responseCode = "401",
        description = "No token, or an unknown, expired or revoked one",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "No such incident on the token's site")
public class StakeholderUpdatesResource {

    @Inject
    ApiAccess access;

    @Inject
    ApiIncidents lookup;

    @Inject
    StakeholderUpdateService updates;

    @GET
    @Operation(
            summary = "The incident's stakeholder updates, oldest first, with each e-mail's outcome (scope"
                    + " incidents:read)")
    public List<UpdateOut> list(@PathParam("key") String key) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_READ);
        Incident incident = lookup.byKey(caller.siteId(), key);
        return updates.updatesOf(incident.getId()).stream()
                .map(u -> out(incident.getKey(), u))
                .toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Send a stakeholder update (scope incidents:write)",
            description = "Recorded on the timeline and posted to the incident chat; the e-mails to the stakeholders"
                    + " go out after the answer (their status is PENDING in it, or NOT_CONFIGURED without SMTP):"
                    + " read the outcome with GET.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the incident's updates")
    @APIResponse(
            responseCode = "400",
            description = "No text, too long, control characters, or a closed incident; nothing was written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks incidents:write")
    public Response post(@PathParam("key") String key, UpdateInput input) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_WRITE);
        Incident incident = lookup.byKey(caller.siteId(), key);
        ApiAccess.body(input);
        UpdateView posted = updates.post(
                caller.actor(), caller.tokenName(), incident.getId(), ApiAccess.text("text", input.text(), true));
        return Response.created(URI.create("/api/v1/incidents/" + incident.getKey() + "/updates"))
                .entity(out(incident.getKey(), posted))
                .build();
    }

    private static UpdateOut out(String key, UpdateView u) {
        return new UpdateOut(
                u.id(),
                key,
                u.createdAt(),
                u.author(),
                u.authorName(),
                u.text(),
                u.recipients().stream()
                        .map(r -> new RecipientOut(r.name(), r.address(), r.status(), r.reason()))
                        .toList());
    }
}
