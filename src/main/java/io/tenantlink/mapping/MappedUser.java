package io.tenantlink.mapping;

/** The Microsoft user a person is mapped to in one tenant: its object id, name and e-mail as the directory gave them. */
public record MappedUser(String objectId, String displayName, String mail) {}
