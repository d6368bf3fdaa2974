package io.tenantlink.mapping;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import java.util.List;

/** A person on the mapping page: who, the outcome, the reason's message key, the user or the candidates. */
public record MappingPersonRow(
        long personId,
        String name,
        String email,
        MappingKind kind,
        String reasonKey,
        MappedUser user,
        List<MappedUser> candidates,
        String overrideBy) {}
