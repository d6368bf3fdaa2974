package io.tenantlink.review.web;

import io.tenantlink.incident.IncidentPagePart;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.review.ReviewService;
import io.tenantlink.site.PlanGates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The post-incident review panel of an incident's page: the plan's gate, or the review's state and a link to it. */
@ApplicationScoped
public class ReviewIncidentPart implements IncidentPagePart {

    @Inject
    ReviewService reviews;

    @Override
    public String template() {
        return "reviews/incident-panel";
    }

    @Override
    public void contribute(long siteId, IncidentDetail incident, boolean canWork, Map<String, Object> model) {
        model.put("reviewPanel", reviews.panel(siteId, incident.id(), canWork));
        model.put("reviewPlan", PlanGates.lowestForPostIncidentReview().name());
    }
}
