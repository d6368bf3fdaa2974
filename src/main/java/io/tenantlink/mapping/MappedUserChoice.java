package io.tenantlink.mapping;

/** A directory user the override form offers. */
public record MappedUserChoice(String objectId, String displayName, String mail, boolean guest, boolean enabled) {}
