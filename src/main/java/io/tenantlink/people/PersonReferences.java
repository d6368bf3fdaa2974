package io.tenantlink.people;

/**
 * How often other features refer to a person (incidents: assignee, responder, stakeholder), so a person still in use is
 * not removed. The incident feature provides it (a CDI bean): people do not depend on incidents.
 */
public interface PersonReferences {
    long count(long personId);
}
