package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.SandboxControl;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.text.ParseException;
import java.util.Map;

/**
 * Fault injection of the Graph stand-in, for tests and the operator ({@link SandboxGraphFaults}):
 * {@code POST /sandbox/graph-control/faults} with a JSON object of the settings to change
 * ({@code latencyMillis}, {@code errorRate} 0..1, {@code errorStatus} 500|503, {@code throttleNextRequests},
 * {@code hangNextRequests}, {@code hangMillis}; and {@code retryAfterSeconds}, {@code requestsPer10s}),
 * {@code DELETE} to reset, {@code GET} to read. Loopback callers with the header X-Sandbox-Control: 1
 * only (a cross-site form cannot send it), as for /sandbox/control; otherwise 403.
 */
@Path("graph-control")
@RequestScoped
public class GraphControlResource {

    @Inject
    SandboxGraphFaults faults;

    @Inject
    SandboxSubscriptions subscriptions;

    @Context
    HttpServletRequest request;

    @GET
    @Path("faults")
    public Response read(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        return current();
    }

    @POST
    @Path("faults")
    @Consumes(MediaType.WILDCARD)
    public Response set(@HeaderParam(SandboxControl.HEADER) String header, String body) {
        if (!allowed(header)) {
            return forbidden();
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(body == null || body.isBlank() ? "{}" : body);
            faults.update(json);
        } catch (ParseException | IllegalArgumentException e) {
            return json(
                    400,
                    Map.of("error", e instanceof ParseException ? "The body must be a JSON object." : e.getMessage()));
        }
        return current();
    }

    @DELETE
    @Path("faults")
    public Response reset(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        faults.reset();
        return current();
    }

    /** The HTTP requests Graph served since they were last forgotten, by method and path shape. */
    @GET
    @Path("requests")
    public Response served(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        return json(200, faults.servedCounts());
    }

    @DELETE
    @Path("requests")
    public Response forgetServed(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        faults.forgetServed();
        return json(200, faults.servedCounts());
    }

    // --- change notifications -----------------------------------------------------------------------------------

    /**
     * The notification faults: {@code loseNext}, {@code duplicateNext}, {@code failNextRequests}, {@code failStatus},
     * {@code tamperNext} (the next N notifications with encryptedContent get one byte of their data flipped).
     */
    @GET
    @Path("notifications/faults")
    public Response notificationFaults(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        return json(200, subscriptions.faults().toJson());
    }

    @POST
    @Path("notifications/faults")
    @Consumes(MediaType.WILDCARD)
    public Response setNotificationFaults(@HeaderParam(SandboxControl.HEADER) String header, String body) {
        if (!allowed(header)) {
            return forbidden();
        }
        try {
            subscriptions.updateFaults(JSONObjectUtils.parse(body == null || body.isBlank() ? "{}" : body));
        } catch (ParseException | IllegalArgumentException e) {
            return json(
                    400,
                    Map.of("error", e instanceof ParseException ? "The body must be a JSON object." : e.getMessage()));
        }
        return json(200, subscriptions.faults().toJson());
    }

    @DELETE
    @Path("notifications/faults")
    public Response resetNotificationFaults(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        subscriptions.updateFaults(
                Map.of("loseNext", 0, "duplicateNext", 0, "failNextRequests", 0, "failStatus", 503, "tamperNext", 0));
        return json(200, subscriptions.faults().toJson());
    }

    /** The notifications sent lately (each with its URL, the portal's status and the JSON body) and how many were lost. */
    @GET
    @Path("notifications")
    public Response notifications(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        return json(200, subscriptions.deliveredJson());
    }

    /** Every subscription (without its clientState): id, tenant, app, chat, changeType, expiry. */
    @GET
    @Path("subscriptions")
    public Response subscriptionList(@HeaderParam(SandboxControl.HEADER) String header) {
        if (!allowed(header)) {
            return forbidden();
        }
        java.util.List<Object> list = new java.util.ArrayList<>();
        for (SandboxSubscriptions.Subscription s : subscriptions.all()) {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("id", s.id());
            json.put("tenantId", s.tenantId());
            json.put("applicationId", s.appId());
            json.put("chatId", s.chatId());
            json.put("resource", s.resource());
            json.put("changeType", s.changeType());
            json.put("notificationUrl", s.notificationUrl());
            json.put("lifecycleNotificationUrl", s.lifecycleUrl());
            json.put("expirationDateTime", GraphChatEndpoints.time(s.expires()));
            json.put("includeResourceData", s.includeResourceData());
            json.put("encryptionCertificateId", s.encryptionCertificateId());
            list.add(json);
        }
        return json(200, Map.of("value", list));
    }

    /**
     * Sends a lifecycle notification of the subscription: {@code {"event": "reauthorizationRequired" |
     * "subscriptionRemoved" | "missed"}}. subscriptionRemoved deletes the subscription first, as Graph has by then.
     */
    @POST
    @Path("subscriptions/{id}/lifecycle")
    @Consumes(MediaType.WILDCARD)
    public Response lifecycle(
            @HeaderParam(SandboxControl.HEADER) String header, @jakarta.ws.rs.PathParam("id") String id, String body) {
        if (!allowed(header)) {
            return forbidden();
        }
        String event;
        try {
            Object e = JSONObjectUtils.parse(body == null || body.isBlank() ? "{}" : body)
                    .get("event");
            event = e instanceof String text ? text : "";
        } catch (ParseException e) {
            return json(400, Map.of("error", "The body must be a JSON object."));
        }
        if (!java.util.List.of("reauthorizationRequired", "subscriptionRemoved", "missed")
                .contains(event)) {
            return json(400, Map.of("error", "event must be reauthorizationRequired, subscriptionRemoved or missed"));
        }
        SandboxSubscriptions.Subscription s = subscriptions.find(id).orElse(null);
        if (s == null) {
            return json(404, Map.of("error", "No subscription " + id));
        }
        if (event.equals("subscriptionRemoved")) {
            subscriptions.delete(id);
        }
        subscriptions.lifecycle(s, event);
        return json(202, Map.of("sent", event));
    }

    /**
     * As if a Teams client edited or deleted a message (the stand-in serves neither through Graph): {@code
     * {"changeType": "updated" | "deleted"}} notifies the chat's subscriptions of that change to the message.
     */
    @POST
    @Path("chats/{chat}/messages/{message}/changed")
    @Consumes(MediaType.WILDCARD)
    public Response messageChanged(
            @HeaderParam(SandboxControl.HEADER) String header,
            @jakarta.ws.rs.PathParam("chat") String chatId,
            @jakarta.ws.rs.PathParam("message") String messageId,
            String body) {
        if (!allowed(header)) {
            return forbidden();
        }
        String change;
        try {
            Object c = JSONObjectUtils.parse(body == null || body.isBlank() ? "{}" : body)
                    .get("changeType");
            change = c instanceof String text ? text : "";
        } catch (ParseException e) {
            return json(400, Map.of("error", "The body must be a JSON object."));
        }
        if (!change.equals("updated") && !change.equals("deleted")) {
            return json(400, Map.of("error", "changeType must be updated or deleted"));
        }
        java.util.List<SandboxSubscriptions.Subscription> watching = subscriptions.all().stream()
                .filter(s -> s.chatId().equals(chatId))
                .toList();
        if (watching.isEmpty()) {
            return json(404, Map.of("error", "No subscription watches chat " + chatId));
        }
        subscriptions.changed(watching.get(0).tenantId(), chatId, messageId, change, java.time.Instant.now());
        return json(202, Map.of("sent", change));
    }

    private Response current() {
        return json(200, faults.settings().toJson(faults.limit()));
    }

    private boolean allowed(String header) {
        return SandboxControl.allowed(request, header);
    }

    private static Response forbidden() {
        return json(403, Map.of("error", "Loopback callers with the header " + SandboxControl.HEADER + ": 1 only."));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSONObjectUtils.toJSONString(body))
                .build();
    }
}
