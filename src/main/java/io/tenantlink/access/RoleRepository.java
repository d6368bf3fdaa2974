package io.tenantlink.access;

import java.util.List;
import java.util.Optional;

public interface RoleRepository {
    List<RoleAssignment> findByAccount(long accountId);

    List<RoleAssignment> findBySite(long siteId);

    Optional<RoleAssignment> find(long id);

    boolean exists(long accountId, RoleGrant grant);

    void add(RoleAssignment assignment);

    void remove(RoleAssignment assignment);
}
