package io.tenantlink.teams.web;

import io.tenantlink.teams.ChatNotificationInbox;
import io.tenantlink.teams.ChatNotifications;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Where Microsoft Graph posts change notifications about incident chats' messages and lifecycle notifications about
 * their subscriptions (notification mode, io.tenantlink.teams.ChatReceiveMode): under /api/ because no session or
 * CSRF token comes with them and their body is JSON. Graph's validation request ({@code ?validationToken=…}) is
 * answered 200 with the token as text/plain, at once. Notifications are answered 202 at once; what they ask is checked
 * here (subscription id and clientState, {@link ChatNotificationInbox}) and done in the background. A forged one is
 * answered 202 too (the sender learns nothing), ignored and audited.
 */
@Path("api/microsoft")
@RequestScoped
public class ChatNotificationEndpoint {

    @Inject
    ChatNotificationInbox inbox;

    @Context
    HttpServletRequest request;

    @POST
    @Path("chat-notifications")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response changed(@QueryParam("validationToken") String validationToken, String body) {
        return receive(validationToken, body, false);
    }

    @POST
    @Path("chat-lifecycle")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response lifecycle(@QueryParam("validationToken") String validationToken, String body) {
        return receive(validationToken, body, true);
    }

    private Response receive(String validationToken, String body, boolean lifecycle) {
        if (validationToken != null) {
            String answer = ChatNotifications.validationAnswer(validationToken);
            if (answer == null) {
                return Response.status(400).build();
            }
            return Response.ok(answer, MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
                    .build();
        }
        ChatNotifications.Batch batch;
        try {
            batch = ChatNotifications.parseBatch(body);
        } catch (IllegalArgumentException notNotifications) {
            return Response.status(400).build();
        }
        inbox.accept(batch, lifecycle, request.getRemoteAddr());
        return Response.accepted().build();
    }
}
