package io.tenantlink.people;

import java.util.List;
import java.util.Optional;

public interface PersonRepository {
    Optional<Person> find(long id);

    /** The person with that id on that site only. */
    Optional<Person> findOnSite(long siteId, long id);

    List<Person> findBySite(long siteId);

    /** At most {@code max} people of the site with ids above {@code afterId}, by id (to go through many in parts). */
    List<Person> pageOfSite(long siteId, long afterId, int max);

    long countOnSite(long siteId);

    /** Whether another person of the site ({@code exceptId} aside) has the address (lower case) as e-mail. */
    boolean emailTaken(long siteId, String emailKey, Long exceptId);

    void add(Person person);

    void remove(Person person);
}
