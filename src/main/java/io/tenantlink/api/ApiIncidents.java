package io.tenantlink.api;

import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentKey;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The API's way to a project or an incident of the token's site by key ("OPS", "OPS-42"); others answer 404. */
@ApplicationScoped
public class ApiIncidents {

    @Inject
    IncidentService incidents;

    @Inject
    ProjectRepository projects;

    public Optional<ServiceProject> projectByKey(long siteId, String key) {
        return projects.findBySite(siteId).stream()
                .filter(p -> p.getKey().equals(key))
                .findFirst();
    }

    /** The incident with that key on the site; 404 problem JSON for a malformed key or one of another site. */
    public Incident byKey(long siteId, String key) {
        IncidentKey parsed = IncidentKey.parse(key).orElseThrow(ApiAccess::notFound);
        ServiceProject project = projectByKey(siteId, parsed.projectKey()).orElseThrow(ApiAccess::notFound);
        return incidents.find(project.getId(), parsed.number()).orElseThrow(ApiAccess::notFound);
    }
}
