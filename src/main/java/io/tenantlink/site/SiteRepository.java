package io.tenantlink.site;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface SiteRepository {
    Optional<Site> find(long id);

    boolean nameTaken(String name, Long exceptId);

    List<Site> findAll();

    List<Site> findByIds(Collection<Long> ids);

    /**
     * The number of sites among {@code ids} (null: every site) whose name contains {@code search} (null: any),
     * ignoring case.
     */
    long count(Collection<Long> ids, String search);

    /** Those sites ordered by name (then id), {@code size} of them after skipping {@code offset}. */
    List<Site> page(Collection<Long> ids, String search, int offset, int size);

    /** Names of these sites by id (a projection: no entities), for naming what records mention. */
    Map<Long, String> namesOf(Collection<Long> ids);

    /** Every site's name by id, ordered by name, at most {@code max} of them. */
    Map<Long, String> names(int max);

    /** The site of this name, ignoring case (names are unique ignoring case). */
    Optional<Long> idByName(String name);

    void add(Site site);
}
