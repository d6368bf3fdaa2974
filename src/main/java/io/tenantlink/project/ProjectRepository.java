package io.tenantlink.project;

import java.util.List;
import java.util.Optional;

public interface ProjectRepository {
    Optional<ServiceProject> find(long id);

    List<ServiceProject> findBySite(long siteId);

    boolean keyTaken(long siteId, String key);

    void add(ServiceProject project);
}
