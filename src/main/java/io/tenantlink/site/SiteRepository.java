package io.tenantlink.site;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface SiteRepository {
    Optional<Site> find(long id);

    boolean nameTaken(String name, Long exceptId);

    List<Site> findAll();

    List<Site> findByIds(Collection<Long> ids);

    void add(Site site);
}
