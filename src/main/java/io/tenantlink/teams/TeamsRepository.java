package io.tenantlink.teams;

import java.util.Optional;

/** Teams identities of portal accounts and incident chats. */
public interface TeamsRepository {

    Optional<TeamsIdentity> identity(long accountId, long connectionId);

    Optional<TeamsIdentity> identity(long id);

    void add(TeamsIdentity identity);

    Optional<IncidentChat> chatOf(long incidentId);

    Optional<IncidentChat> chat(long id);

    /** Adds the chat row now (flushed): a second one for the incident fails on the unique key. */
    void add(IncidentChat chat);

    void remove(IncidentChat chat);
}
