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

    /** The portal accounts signed in to Teams as this Microsoft user in this connection. */
    java.util.List<TeamsIdentity> identitiesOfUser(long connectionId, String objectId);

    /** Row ids of active chats whose incident is not resolved or closed: the ones whose commands are read. */
    java.util.List<Long> chatsToPoll();

    /** As {@link #chatsToPoll()}, of the chats created before {@code before}. */
    java.util.List<Long> chatsToPollCreatedBefore(java.time.Instant before);

    Optional<ChatPoll> poll(long chatRowId);

    void add(ChatPoll poll);

    boolean processed(long chatRowId, String messageId);

    void add(ChatMessageRecord record);

    Optional<ChatSubscription> subscription(long chatRowId);

    /** The subscription row that holds this Graph subscription id. */
    Optional<ChatSubscription> subscriptionById(String subscriptionId);

    void add(ChatSubscription subscription);

    /** Chat row ids that have a subscription row with a subscription id (live or not). */
    java.util.List<Long> subscribedChats();
}
