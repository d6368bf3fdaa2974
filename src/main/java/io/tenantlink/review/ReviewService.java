package io.tenantlink.review;

import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.people.PersonReferences;
import io.tenantlink.people.PersonService;
import io.tenantlink.people.PersonView;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.review.ReviewRules.Mode;
import io.tenantlink.review.ReviewViews.ActionItemView;
import io.tenantlink.review.ReviewViews.ChatLineView;
import io.tenantlink.review.ReviewViews.ReviewPanelView;
import io.tenantlink.review.ReviewViews.ReviewView;
import io.tenantlink.site.SitePlan;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Post-incident reviews: read one as a person gets it ({@link ReviewRules.Mode}), write its summary, add, tick and
 * remove action items, replace its chat export. Every change checks the site's plan ({@link ReviewRules#requireOpen})
 * and goes on the incident's timeline (a REVIEW entry: who, when, what). Callers have checked that the person may
 * work the incident (WORK_INCIDENTS).
 */
@ApplicationScoped
@Transactional
public class ReviewService implements PersonReferences {

    /** Timeline texts are written once, in the portal's language (as the Teams entries are). */
    static final Locale TIMELINE_LOCALE = Locale.ENGLISH;

    @Inject
    ReviewRepository reviews;

    @Inject
    IncidentService incidents;

    @Inject
    SiteRepository sites;

    @Inject
    PersonService people;

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReviewView view(Incident incident, boolean mayWork) {
        SitePlan plan = plan(incident);
        PostIncidentReview review = reviews.findByIncident(incident.getId()).orElse(null);
        Mode mode = ReviewRules.mode(plan, review != null, mayWork);
        if (review == null) {
            return new ReviewView(mode, false, "", null, null, List.of(), List.of(), null, null, false);
        }
        Map<Long, String> names = people.onSite(incident.getSiteId()).stream()
                .collect(Collectors.toMap(PersonView::id, PersonView::name));
        LocalDate today = LocalDate.ofInstant(Clock.now(), ZoneOffset.UTC);
        List<ActionItemView> items = new ArrayList<>();
        for (ActionItem i : reviews.items(review.getId())) {
            boolean person = i.getOwnerPersonId() != null;
            items.add(new ActionItemView(
                    i.getId(),
                    i.getDescription(),
                    person ? names.getOrDefault(i.getOwnerPersonId(), "#" + i.getOwnerPersonId()) : i.getOwnerText(),
                    person,
                    i.getDueDate(),
                    i.isDone(),
                    ReviewRules.overdue(i.getDueDate(), i.isDone(), today),
                    i.getCreatedBy()));
        }
        List<ChatLineView> chat = reviews.chat(review.getId()).stream()
                .map(m -> new ChatLineView(m.getSenderName(), m.getSentAt(), m.getBody()))
                .toList();
        return new ReviewView(
                mode,
                true,
                review.getSummary(),
                review.getUpdatedAt(),
                review.getUpdatedBy(),
                items,
                chat,
                review.getChatExportedAt(),
                review.getChatExportedBy(),
                review.isChatCut());
    }

    /** The incident page's panel: the mode, and the action items counted. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ReviewPanelView panel(long siteId, long incidentId, boolean mayWork) {
        SitePlan plan = sites.find(siteId).orElseThrow().getPlan();
        PostIncidentReview review = reviews.findByIncident(incidentId).orElse(null);
        List<ActionItem> items = review == null ? List.of() : reviews.items(review.getId());
        return new ReviewPanelView(
                ReviewRules.mode(plan, review != null, mayWork),
                review != null,
                items.size(),
                items.stream().filter(i -> !i.isDone()).count());
    }

    public void saveSummary(String actor, Incident incident, String text) {
        String summary = ReviewRules.summary(text);
        PostIncidentReview review = open(actor, incident);
        if (summary.equals(review.getSummary())) {
            return;
        }
        review.summary(summary, actor);
        timeline(actor, incident, summary.isEmpty() ? "review.timeline.summaryCleared" : "review.timeline.summary");
    }

    /** Adds an action item; the owner, when a person, must be of the incident's site. */
    public void addItem(
            String actor, Incident incident, String description, Long ownerPersonId, String ownerText, String due) {
        ReviewRules.Item item = ReviewRules.item(description, ownerPersonId, ownerText, due);
        String owner = item.ownerText();
        if (item.ownerPersonId() != null) {
            owner = people.find(incident.getSiteId(), item.ownerPersonId())
                    .map(PersonView::name)
                    .orElseThrow(() -> new InvalidInputException("review.error.owner"));
        }
        PostIncidentReview review = open(actor, incident);
        reviews.addItem(new ActionItem(review.getId(), item, actor));
        review.touch(actor);
        timeline(
                actor,
                incident,
                "review.timeline.itemAdded",
                item.description(),
                owner,
                item.due() == null
                        ? Messages.get(TIMELINE_LOCALE, "review.item.noDue")
                        : item.due().toString());
    }

    public void markItem(String actor, Incident incident, long itemId, boolean done) {
        PostIncidentReview review = open(actor, incident);
        ActionItem item = item(review, itemId);
        if (item.isDone() == done) {
            return;
        }
        item.done(done);
        review.touch(actor);
        timeline(
                actor,
                incident,
                done ? "review.timeline.itemDone" : "review.timeline.itemReopened",
                item.getDescription());
    }

    public void removeItem(String actor, Incident incident, long itemId) {
        PostIncidentReview review = open(actor, incident);
        ActionItem item = item(review, itemId);
        reviews.removeItem(item);
        review.touch(actor);
        timeline(actor, incident, "review.timeline.itemRemoved", item.getDescription());
    }

    /** The action item's description, for the confirmation page; empty when the incident's review has no such item. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<ActionItemView> item(Incident incident, long itemId, boolean mayWork) {
        return view(incident, mayWork).items().stream()
                .filter(i -> i.id() == itemId)
                .findFirst();
    }

    /** Replaces the review's chat export with these messages; how many were kept. */
    public int replaceChat(String actor, Incident incident, ChatTranscripts.Exported exported) {
        List<ReviewRules.Line> lines = ReviewRules.lines(exported.newestFirst());
        boolean cut = exported.more() || exported.newestFirst().size() > lines.size();
        PostIncidentReview review = open(actor, incident);
        List<ReviewChatMessage> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(new ReviewChatMessage(review.getId(), i, lines.get(i)));
        }
        reviews.replaceChat(review.getId(), rows);
        review.chatExported(actor, cut);
        timeline(
                actor,
                incident,
                cut ? "review.timeline.chatExportedCut" : "review.timeline.chatExported",
                lines.size());
        return lines.size();
    }

    /** The plan's gate for a change: the review may be written (made when it does not exist yet). */
    public void requireOpen(Incident incident) {
        ReviewRules.requireOpen(plan(incident));
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(long personId) {
        return reviews.countOwnedBy(personId);
    }

    private PostIncidentReview open(String actor, Incident incident) {
        requireOpen(incident);
        return reviews.findByIncident(incident.getId()).orElseGet(() -> {
            PostIncidentReview created = new PostIncidentReview(incident.getId(), actor);
            reviews.add(created);
            timeline(actor, incident, "review.timeline.started");
            return created;
        });
    }

    private ActionItem item(PostIncidentReview review, long itemId) {
        return reviews.findItem(review.getId(), itemId)
                .orElseThrow(() -> new InvalidInputException("review.error.noItem"));
    }

    private SitePlan plan(Incident incident) {
        return sites.find(incident.getSiteId()).orElseThrow().getPlan();
    }

    private void timeline(String actor, Incident incident, String key, Object... arguments) {
        incidents.record(
                actor, incident.getId(), TimelineEntryType.REVIEW, Messages.get(TIMELINE_LOCALE, key, arguments));
    }
}
