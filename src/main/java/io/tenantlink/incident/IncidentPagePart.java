package io.tenantlink.incident;

import io.tenantlink.incident.IncidentViews.IncidentDetail;
import java.util.Map;

/**
 * Another feature's part of an incident's page (e.g. Microsoft Teams): a CDI bean the incident page asks for its
 * model values and includes the fragment of. The incident feature knows no such feature.
 */
public interface IncidentPagePart {

    /** The template holding a fragment named {@code panel}, e.g. "teams/incident-panel". */
    String template();

    /** Puts what the fragment shows into the page's model. */
    void contribute(long siteId, IncidentDetail incident, boolean canWork, Map<String, Object> model);
}
