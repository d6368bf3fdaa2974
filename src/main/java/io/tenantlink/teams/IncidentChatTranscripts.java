package io.tenantlink.teams;

import io.tenantlink.microsoft.DelegatedAccess;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import io.tenantlink.microsoft.GraphGateway.GraphRefusal;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.review.ChatTranscripts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * An incident chat's messages for its post-incident review, read as the person who clicks (their delegated token from
 * their own sign-in to the ChatOps app in the chat's tenant, as for posting): GET /chats/{id}/messages in pages of 50,
 * newest first, following Graph's nextLinks. Chat.Read is the least privileged delegated permission Graph documents
 * for listing a chat's messages.
 */
@ApplicationScoped
public class IncidentChatTranscripts implements ChatTranscripts {

    private static final Logger LOG = Logger.getLogger(IncidentChatTranscripts.class.getName());

    /** What the export needs of the ChatOps app's delegated permissions (catalog: feature "chatops"). */
    public static final Set<String> SCOPES = Set.of("Chat.Read");

    @Inject
    IncidentChatStore store;

    @Inject
    DelegatedAccess delegated;

    @Override
    public Outcome export(long incidentId, long accountId, int max) throws InterruptedException {
        IncidentChat chat =
                store.chatOf(incidentId).filter(IncidentChat::active).orElse(null);
        if (chat == null) {
            return new Refused("review.export.noChat", List.of());
        }
        TeamsIdentity identity =
                store.identity(accountId, chat.getConnectionId()).orElse(null);
        if (identity == null) {
            return new SignInNeeded();
        }
        DelegatedAccess.Access access;
        try {
            access = delegated.chatOps(identity.getTenantId(), identity.getHomeAccountId(), SCOPES);
        } catch (IllegalStateException unanswered) {
            return new Refused("review.export.noAnswer", List.of());
        }
        if (access instanceof DelegatedAccess.SignInNeeded) {
            return new SignInNeeded();
        }
        if (access instanceof DelegatedAccess.ConsentNeeded) {
            return new Refused("review.export.consent", List.of());
        }
        GraphGateway gateway = ((DelegatedAccess.Granted) access).gateway();
        List<ChatMessageInfo> read;
        try {
            // One more than asked for: whether older messages were left out.
            read = gateway.all(
                    new GraphRequest.ChatMessages(chat.getChatId(), GraphRequest.CHAT_MESSAGES_PAGE), max + 1);
        } catch (GraphRefusal refused) {
            LOG.info("Graph refused the messages of chat row " + chat.getId() + ": " + refused.getMessage());
            return new Refused(
                    "review.export.graph",
                    List.of(
                            refused.status(),
                            Optional.ofNullable(refused.code()).orElse("")));
        } catch (IOException unanswered) {
            return new Refused("review.export.noAnswer", List.of());
        }
        List<Message> messages = read.stream()
                .limit(max)
                .filter(ChatMessageInfo::written)
                .map(m -> new Message(m.senderName(), m.sentAt(), m.content(), m.html()))
                .toList();
        return new Exported(messages, read.size() > max);
    }
}
