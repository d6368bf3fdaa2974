package io.tenantlink.review.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.account.ActorNames;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.IncidentViews;
import io.tenantlink.incident.IncidentViews.TimelineItem;
import io.tenantlink.people.PersonService;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.platform.web.Views;
import io.tenantlink.project.ProjectAccess;
import io.tenantlink.project.ProjectView;
import io.tenantlink.project.ServiceProject;
import io.tenantlink.review.ChatTranscripts;
import io.tenantlink.review.ReviewRules;
import io.tenantlink.review.ReviewService;
import io.tenantlink.review.ReviewViews.ActionItemView;
import io.tenantlink.review.ReviewViews.ReviewView;
import io.tenantlink.site.PlanGates;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An incident's post-incident review: the page (everyone who may read the incident), and its changes (people who may
 * work the incident, while the site's plan opens reviews): summary, action items (add, tick, remove after a
 * confirmation), the chat's messages exported.
 */
@Controller
@Path("sites/{siteId}/projects/{projectId}/incidents/{number}/review")
@RequestScoped
public class ReviewController {

    /** The form's values, shown again with what was wrong. */
    public record ItemForm(String description, String owner, String ownerText, String due) {
        static ItemForm blank() {
            return new ItemForm("", "", "", "");
        }
    }

    @PathParam("siteId")
    long siteId;

    @PathParam("projectId")
    long projectId;

    @PathParam("number")
    long number;

    @Inject
    Models models;

    @Inject
    ActorNames actorNames;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    AccessGuard access;

    @Inject
    SiteRepository sites;

    @Inject
    IncidentService incidents;

    @Inject
    ReviewService reviews;

    @Inject
    PersonService people;

    @Inject
    CurrentUser currentUser;

    @Inject
    Flash flash;

    /** Reads the incident chat (Microsoft Teams); unsatisfied when no such feature is deployed. */
    @Inject
    @Any
    Instance<ChatTranscripts> transcripts;

    @GET
    public String show() {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.VIEW_INCIDENTS);
        page(project, incident());
        return "reviews/show.html";
    }

    /** The summary's text area is named body: the text input filter lets line breaks through only there. */
    @POST
    @Path("summary")
    public Response saveSummary(@FormParam("body") String summary) {
        return change(
                incident -> {
                    reviews.saveSummary(currentUser.actor(), incident, summary);
                    flash.success("review.summary.saved");
                },
                Map.of("summaryValue", summary == null ? "" : summary));
    }

    @POST
    @Path("items")
    public Response addItem(
            @FormParam("description") String description,
            @FormParam("owner") String owner,
            @FormParam("ownerText") String ownerText,
            @FormParam("due") String due) {
        return change(
                incident -> {
                    reviews.addItem(currentUser.actor(), incident, description, person(owner), ownerText, due);
                    flash.success("review.item.added");
                },
                Map.of("itemForm", new ItemForm(text(description), text(owner), text(ownerText), text(due))));
    }

    @POST
    @Path("items/{itemId}/done")
    public Response markItem(@PathParam("itemId") long itemId, @FormParam("done") String done) {
        return change(
                incident -> {
                    boolean value = "true".equals(done);
                    reviews.markItem(currentUser.actor(), incident, itemId, value);
                    flash.success(value ? "review.item.markedDone" : "review.item.reopened");
                },
                Map.of());
    }

    /** Asks before an action item is removed (GET changes nothing). */
    @GET
    @Path("items/{itemId}/remove")
    public String confirmRemove(@PathParam("itemId") long itemId) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incident();
        ActionItemView item = reviews.item(incident, itemId, true).orElseThrow(NotFoundException::new);
        common(project, incident);
        models.put("item", item);
        models.put(
                "breadcrumbs",
                projectAccess
                        .incidentTrail(project, incident.getNumber(), incident.getKey(), incident.getSummary())
                        .key("breadcrumbs.review", reviewPath())
                        .hereKey("review.item.remove.title"));
        return "reviews/remove-item.html";
    }

    @POST
    @Path("items/{itemId}/remove")
    public Response removeItem(@PathParam("itemId") long itemId) {
        return change(
                incident -> {
                    reviews.removeItem(currentUser.actor(), incident, itemId);
                    flash.success("review.item.removed");
                },
                Map.of());
    }

    /** Reads the incident chat's messages as the person who clicks and keeps them in the review (replacing any). */
    @POST
    @Path("chat-export")
    public Response exportChat() {
        return change(
                incident -> {
                    reviews.requireOpen(incident);
                    if (transcripts.isUnsatisfied()) {
                        throw new InvalidInputException("review.export.unavailable");
                    }
                    ChatTranscripts.Outcome outcome;
                    try {
                        outcome = transcripts
                                .get()
                                .export(incident.getId(), currentUser.accountId(), ReviewRules.MAX_CHAT_MESSAGES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InvalidInputException("review.export.noAnswer");
                    }
                    if (outcome instanceof ChatTranscripts.Exported exported) {
                        int kept = reviews.replaceChat(currentUser.actor(), incident, exported);
                        flash.success("review.export.done", kept);
                    } else if (outcome instanceof ChatTranscripts.Refused refused) {
                        flash.error(refused.messageKey(), refused.arguments().toArray());
                    } else {
                        flash.error("review.export.signIn");
                    }
                },
                Map.of());
    }

    // --- shared steps ----------------------------------------------------------------------------------------------

    private interface Change {
        void apply(Incident incident);
    }

    /**
     * A change by a person who may work the incident (others: 403, audited by the access guard): done, then back to
     * the review; refused by the plan's gate: the review page with the reason, 403; invalid: the page with the reason
     * and what was typed, 400; lost to a change made at the same moment: nothing of it written, back to the review
     * with the reason.
     */
    private Response change(Change change, Map<String, Object> typed) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incident();
        try {
            change.apply(incident);
            return Views.redirect(reviewPath());
        } catch (ReviewRules.GateClosed closed) {
            page(project, incident);
            models.put("error", Messages.get(Locale.ENGLISH, closed.messageKey(), closed.arguments()));
            return Response.status(Response.Status.FORBIDDEN)
                    .entity("reviews/show.html")
                    .build();
        } catch (InvalidInputException problem) {
            page(project, incident);
            typed.forEach(models::put);
            return Views.invalid(models, problem, "reviews/show.html");
        } catch (jakarta.transaction.TransactionalException | jakarta.persistence.PersistenceException concurrent) {
            // Two changes at once (the review made twice, an export beside another, an item changed meanwhile): the
            // later one is rolled back whole.
            flash.error("review.error.concurrent");
            return Views.redirect(reviewPath());
        }
    }

    private void page(ServiceProject project, Incident incident) {
        common(project, incident);
        boolean mayWork = access.policy().allowsOnProject(Permission.WORK_INCIDENTS, siteId, project.getId());
        ReviewView review = reviews.view(incident, mayWork);
        models.put("review", review);
        List<TimelineItem> timeline = incidents.timeline(incident.getId());
        models.put("timeline", timeline);
        List<String> actors = new ArrayList<>(IncidentViews.actors(incidents.detail(incident), timeline));
        actors.add(review.updatedBy());
        actors.add(review.chatExportedBy());
        models.put("names", actorNames.named(actors));
        models.put("people", review.writable() ? people.onSite(siteId) : java.util.List.of());
        models.put("chatAvailable", !transcripts.isUnsatisfied());
        models.put("summaryValue", review.summary());
        models.put("itemForm", ItemForm.blank());
        models.put("maxSummary", ReviewRules.MAX_SUMMARY);
        models.put("maxDescription", ReviewRules.MAX_DESCRIPTION);
        models.put("maxOwner", ReviewRules.MAX_OWNER);
    }

    private void common(ServiceProject project, Incident incident) {
        models.put("siteId", siteId);
        models.put("project", ProjectView.of(project));
        models.put("incident", incidents.detail(incident));
        models.put(
                "breadcrumbs",
                projectAccess
                        .incidentTrail(project, incident.getNumber(), incident.getKey(), incident.getSummary())
                        .hereKey("breadcrumbs.review"));
        models.put("plan", sites.find(siteId).orElseThrow().getPlan().name());
        models.put("reviewPlan", PlanGates.lowestForPostIncidentReview().name());
    }

    private Incident incident() {
        return incidents.find(projectId, number).orElseThrow(NotFoundException::new);
    }

    private String reviewPath() {
        return "/sites/" + siteId + "/projects/" + projectId + "/incidents/" + number + "/review";
    }

    private static Long person(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("review.error.owner");
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
