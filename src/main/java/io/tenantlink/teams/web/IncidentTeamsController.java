package io.tenantlink.teams.web;

import io.tenantlink.access.Permission;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.web.FlowSession;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.preference.TeamsAvailability;
import io.tenantlink.project.ProjectAccess;
import io.tenantlink.teams.ChatCommandPoller;
import io.tenantlink.teams.IncidentChat;
import io.tenantlink.teams.IncidentChatService;
import io.tenantlink.teams.IncidentChatService.Result;
import io.tenantlink.teams.IncidentChatStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The Microsoft Teams buttons of an incident's page: create the chat, add people, start a meeting, sign in. */
@Controller
@Path("sites/{siteId}/projects/{projectId}/incidents/{number}/teams")
@RequestScoped
public class IncidentTeamsController {

    @PathParam("siteId")
    long siteId;

    @PathParam("projectId")
    long projectId;

    @PathParam("number")
    long number;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    IncidentService incidents;

    @Inject
    IncidentChatService chats;

    @Inject
    TeamsAvailability availability;

    @Inject
    ConnectionService connections;

    @Inject
    SignInFlow signInFlow;

    @Inject
    FlowSession flowSession;

    @Inject
    TeamsReturn teamsReturn;

    @Inject
    CurrentUser currentUser;

    @Inject
    Flash flash;

    @Inject
    IncidentChatStore store;

    @Inject
    ChatCommandPoller poller;

    @POST
    @Path("chat")
    public Response createChat() throws InterruptedException {
        Incident incident = incident();
        return answer(chats.createChat(siteId, incident, currentUser.accountId(), currentUser.actor()));
    }

    @POST
    @Path("members")
    public Response addMembers() throws InterruptedException {
        Incident incident = incident();
        return answer(chats.addMembers(siteId, incident, currentUser.accountId(), currentUser.actor()));
    }

    @POST
    @Path("meeting")
    public Response startMeeting() throws InterruptedException {
        Incident incident = incident();
        return answer(chats.startMeeting(siteId, incident, currentUser.accountId(), currentUser.actor()));
    }

    /** Reads the chat's new commands now (they are read on a timer too). */
    @POST
    @Path("read")
    public Response readChat() throws InterruptedException {
        Incident incident = incident();
        IncidentChat chat =
                store.chatOf(incident.getId()).filter(IncidentChat::active).orElse(null);
        if (chat == null) {
            flash.error("teams.read.noChat");
            return Views.redirect(incidentPath());
        }
        if (chat.getCreatorIdentityId() == null
                && availability.forProject(projectId) instanceof TeamsAvailability.Yes yes) {
            // An automation's chat: the first person who works it in Teams posts and reads from now on.
            store.identity(currentUser.accountId(), yes.connection().getId())
                    .ifPresent(identity -> store.adopt(chat.getId(), identity.getId()));
        }
        ChatCommandPoller.Read read = poller.read(chat.getId());
        if (read.problemKey() != null) {
            flash.error(read.problemKey());
        } else {
            flash.success("teams.read.done", read.messages(), read.commands());
        }
        return Views.redirect(incidentPath());
    }

    /** Sends the person to Microsoft to sign in to the ChatOps app in the project's tenant, then back here. */
    @POST
    @Path("sign-in")
    public Response signIn() {
        incident();
        if (!(availability.forProject(projectId) instanceof TeamsAvailability.Yes yes)) {
            flash.error("teams.panel.unavailable");
            return Views.redirect(incidentPath());
        }
        return toMicrosoft(yes.connection().getId(), yes.connection().getTenantId());
    }

    private Response answer(Result result) {
        if (result.kind() == Result.Kind.SIGN_IN) {
            flash.error("teams.signIn.needed");
            return Views.redirect(incidentPath());
        }
        Object[] arguments = result.arguments().toArray();
        if (result.kind() == Result.Kind.DONE) {
            flash.success(result.messageKey(), arguments);
        } else {
            flash.error(result.messageKey(), arguments);
        }
        if (!result.leftOut().isEmpty()) {
            flash.error("teams.leftOut.flash", IncidentChatService.describe(result.leftOut()));
        }
        return Views.redirect(incidentPath());
    }

    private Response toMicrosoft(long connectionId, String tenantId) {
        teamsReturn.remember(incidentPath());
        ConnectionService.Started started = connections.startSignIn(
                SignInPurpose.TEAMS_SIGN_IN,
                flowSession.binding(),
                currentUser.accountId(),
                siteId,
                connectionId,
                null,
                tenantId);
        URI url = signInFlow.authorizeUrl(
                tenantId, TeamsSignIn.SCOPES, started.state(), started.nonce(), started.verifier(), null);
        return Response.seeOther(url).build();
    }

    private Incident incident() {
        projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        return incidents.find(projectId, number).orElseThrow(NotFoundException::new);
    }

    private String incidentPath() {
        return "/sites/" + siteId + "/projects/" + projectId + "/incidents/" + number;
    }
}
