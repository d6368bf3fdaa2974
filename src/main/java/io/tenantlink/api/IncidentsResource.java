package io.tenantlink.api;

import io.tenantlink.api.ApiModels.ChangeOut;
import io.tenantlink.api.ApiModels.IncidentInput;
import io.tenantlink.api.ApiModels.IncidentOut;
import io.tenantlink.api.ApiModels.IncidentUpdate;
import io.tenantlink.api.ApiModels.NoteInput;
import io.tenantlink.api.ApiModels.TimelineOut;
import io.tenantlink.api.token.ApiCaller;
import io.tenantlink.api.token.ApiScope;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentChange;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.IncidentStatus;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.Priority;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Incidents of the token's site: list, read, create, change, notes and replies, timeline. */
@Path("api/v1/incidents")
@RequestScoped
@BearerToken
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Incidents", description = "Incidents of the Incidents projects of the token's site")
@SecurityRequirement(name = "bearer")
@APIResponse(
        responseCode = "401",
        description = "No token, or an unknown, expired or revoked one",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IncidentsResource {

    private static final int MAX_LIST = 500;

    @Inject
    ApiAccess access;

    @Inject
    ApiIncidents lookup;

    @Inject
    IncidentService incidents;

    @Inject
    ProjectRepository projects;

    @GET
    @Operation(summary = "Incidents of the site, newest first, at most 500 (scope incidents:read)")
    public List<IncidentOut> list(
            @Parameter(description = "a project key") @QueryParam("project") String project,
            @Parameter(description = "OPEN, ACKNOWLEDGED, RESOLVED or CLOSED") @QueryParam("status") String status) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_READ);
        IncidentStatus filter = status == null || status.isEmpty() ? null : status(status);
        Map<Long, String> keys = projectKeys(caller.siteId());
        List<Incident> found;
        if (project != null && !project.isEmpty()) {
            ServiceProject p = lookup.projectByKey(caller.siteId(), project).orElseThrow(ApiAccess::notFound);
            found = incidents.incidentsOf(p.getId(), filter);
        } else {
            found = incidents.incidentsOnSite(caller.siteId(), filter, MAX_LIST);
        }
        return found.stream().map(i -> out(incidents.detail(i), keys)).toList();
    }

    @GET
    @Path("{key}")
    @Operation(summary = "One incident by its key, such as INC-42 (scope incidents:read)")
    @APIResponse(responseCode = "404", description = "No such incident on the token's site")
    public IncidentOut get(@PathParam("key") String key) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_READ);
        return out(incidents.detail(lookup.byKey(caller.siteId(), key)), projectKeys(caller.siteId()));
    }

    @GET
    @Path("{key}/timeline")
    @Operation(summary = "The incident's timeline, oldest first (scope incidents:read)")
    public List<TimelineOut> timeline(@PathParam("key") String key) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_READ);
        Incident incident = lookup.byKey(caller.siteId(), key);
        return incidents.timeline(incident.getId()).stream()
                .map(e -> new TimelineOut(
                        e.occurredAt(),
                        e.actor(),
                        e.type(),
                        e.body(),
                        e.changes().stream()
                                .map(c -> new ChangeOut(c.field(), c.from(), c.to()))
                                .toList()))
                .toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an incident in an Incidents project (scope incidents:write)")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(
            responseCode = "400",
            description = "Invalid input (also: major on a plan below Premium); nothing was written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks incidents:write")
    public Response create(IncidentInput input) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_WRITE);
        ApiAccess.body(input);
        ServiceProject project = lookup.projectByKey(caller.siteId(), ApiAccess.text("project", input.project(), false))
                .orElseThrow(() -> ApiAccess.invalid("The site has no project with that key."));
        IncidentChange request = new IncidentChange(
                ApiAccess.text("summary", input.summary(), false),
                ApiAccess.text("description", input.description(), true),
                input.priority() == null ? Priority.P3 : priority(input.priority()),
                IncidentStatus.OPEN,
                input.assigneeId(),
                input.responderIds(),
                input.stakeholderIds(),
                Boolean.TRUE.equals(input.major()));
        IncidentDetail created = incidents.create(caller.actor(), project, request);
        return Response.created(URI.create("/api/v1/incidents/" + created.key()))
                .entity(out(created, projectKeys(caller.siteId())))
                .build();
    }

    @PATCH
    @Path("{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an incident: the fields given (scope incidents:write)")
    @APIResponse(
            responseCode = "400",
            description = "Invalid input, a status change the rules forbid, or the major flag below Premium",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such incident on the token's site")
    public IncidentOut update(@PathParam("key") String key, IncidentUpdate input) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_WRITE);
        Incident incident = lookup.byKey(caller.siteId(), key);
        ApiAccess.body(input);
        IncidentChange now = incident.current();
        IncidentChange request = new IncidentChange(
                input.summary() == null ? now.summary() : ApiAccess.text("summary", input.summary(), false),
                input.description() == null
                        ? now.description()
                        : ApiAccess.text("description", input.description(), true),
                input.priority() == null ? now.priority() : priority(input.priority()),
                input.status() == null ? now.status() : status(input.status()),
                Boolean.TRUE.equals(input.unassign())
                        ? null
                        : input.assigneeId() == null ? now.assigneeId() : input.assigneeId(),
                input.responderIds() == null ? now.responderIds() : input.responderIds(),
                input.stakeholderIds() == null ? now.stakeholderIds() : input.stakeholderIds(),
                input.major() == null ? now.major() : input.major());
        return out(incidents.change(caller.actor(), incident.getId(), request), projectKeys(caller.siteId()));
    }

    @POST
    @Path("{key}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an internal note or a reply to the customer (scope incidents:write)")
    @APIResponse(responseCode = "201", description = "Added to the timeline")
    public Response addNote(@PathParam("key") String key, NoteInput input) {
        ApiCaller caller = access.require(ApiScope.INCIDENTS_WRITE);
        Incident incident = lookup.byKey(caller.siteId(), key);
        ApiAccess.body(input);
        TimelineEntryType type;
        if (input.kind() == null || "NOTE".equals(input.kind())) {
            type = TimelineEntryType.NOTE;
        } else if ("REPLY".equals(input.kind())) {
            type = TimelineEntryType.REPLY;
        } else {
            throw ApiAccess.invalid("kind is NOTE or REPLY.");
        }
        incidents.addNote(caller.actor(), incident.getId(), type, ApiAccess.text("text", input.text(), true));
        return Response.created(URI.create("/api/v1/incidents/" + incident.getKey() + "/timeline"))
                .build();
    }

    private Map<Long, String> projectKeys(long siteId) {
        return projects.findBySite(siteId).stream()
                .collect(Collectors.toMap(ServiceProject::getId, ServiceProject::getKey));
    }

    private static IncidentOut out(IncidentDetail d, Map<Long, String> projectKeys) {
        return new IncidentOut(
                d.key(),
                projectKeys.get(d.projectId()),
                d.summary(),
                d.description(),
                d.priority(),
                d.status(),
                d.assignee(),
                d.responders(),
                d.stakeholders(),
                d.major(),
                d.createdAt(),
                d.createdBy(),
                d.updatedAt());
    }

    private static Priority priority(String value) {
        try {
            return Priority.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiAccess.invalid("priority is one of P1, P2, P3, P4, P5.");
        }
    }

    private static IncidentStatus status(String value) {
        try {
            return IncidentStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiAccess.invalid("status is one of OPEN, ACKNOWLEDGED, RESOLVED, CLOSED.");
        }
    }
}
