package io.tenantlink.api;

import io.tenantlink.api.ApiModels.PersonInput;
import io.tenantlink.api.token.ApiCaller;
import io.tenantlink.api.token.ApiScope;
import io.tenantlink.people.PersonDetails;
import io.tenantlink.people.PersonService;
import io.tenantlink.people.PersonView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The site's people, for the service desk: list, read, add, replace. */
@Path("api/v1/people")
@RequestScoped
@BearerToken
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "People", description = "Agents, responders and stakeholders of the token's site")
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "A site's API token (created by a site admin on the site's API tokens page)")
@SecurityRequirement(name = "bearer")
@APIResponse(
        responseCode = "401",
        description = "No token, or an unknown, expired or revoked one",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class PeopleResource {

    @Inject
    ApiAccess access;

    @Inject
    PersonService people;

    @GET
    @Operation(summary = "The site's people (scope people:read)")
    public List<PersonView> list() {
        ApiCaller caller = access.require(ApiScope.PEOPLE_READ);
        return people.onSite(caller.siteId());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One person (scope people:read)")
    @APIResponse(responseCode = "404", description = "No such person on the token's site")
    public PersonView get(@PathParam("id") long id) {
        ApiCaller caller = access.require(ApiScope.PEOPLE_READ);
        return people.find(caller.siteId(), id).orElseThrow(ApiAccess::notFound);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a person (scope people:write)")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(
            responseCode = "400",
            description = "Invalid input; nothing was written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks people:write")
    public Response add(PersonInput input) {
        ApiCaller caller = access.require(ApiScope.PEOPLE_WRITE);
        PersonView added = people.add(caller.actor(), caller.siteId(), details(input));
        return Response.created(URI.create("/api/v1/people/" + added.id()))
                .entity(added)
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set all fields of a person (scope people:write)")
    @APIResponse(responseCode = "404", description = "No such person on the token's site")
    public PersonView replace(@PathParam("id") long id, PersonInput input) {
        ApiCaller caller = access.require(ApiScope.PEOPLE_WRITE);
        people.find(caller.siteId(), id).orElseThrow(ApiAccess::notFound);
        return people.change(caller.actor(), caller.siteId(), id, details(input));
    }

    private static PersonDetails details(PersonInput input) {
        ApiAccess.body(input);
        List<String> alternatives = ApiAccess.texts("alternativeEmails", input.alternativeEmails());
        return new PersonDetails(
                ApiAccess.text("name", input.name(), false),
                ApiAccess.text("email", input.email(), false),
                alternatives == null ? "" : String.join(",", alternatives),
                Boolean.TRUE.equals(input.agent()),
                input.responder() == null || input.responder(),
                Boolean.TRUE.equals(input.stakeholder()));
    }
}
