package io.tenantlink.teams.web;

import io.tenantlink.incident.IncidentPagePart;
import io.tenantlink.incident.IncidentStatus;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.IncidentWorkflow;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.preference.TeamsAvailability;
import io.tenantlink.teams.ChatReceiveMode;
import io.tenantlink.teams.ChatSubscriptionStore;
import io.tenantlink.teams.IncidentChat;
import io.tenantlink.teams.IncidentChatStore;
import io.tenantlink.teams.TeamsIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The Microsoft Teams panel of an incident's page: why Teams is not available, or the chat, meeting and buttons. */
@ApplicationScoped
public class TeamsIncidentPart implements IncidentPagePart {

    /** What the panel shows; {@code reasonKey} is set when Teams is not available for the project. */
    public record TeamsPanel(
            String reasonKey,
            String signedInAs,
            boolean chatActive,
            boolean chatCreating,
            String chatUrl,
            String meetingJoinUrl,
            boolean canWork,
            long pollSeconds,
            java.time.Instant lastReadAt,
            String readProblemKey,
            boolean notifications,
            boolean subscribed,
            String subscriptionProblemKey) {}

    @Inject
    TeamsAvailability availability;

    @Inject
    IncidentChatStore store;

    @Inject
    CurrentUser currentUser;

    @Inject
    ChatReceiveMode mode;

    @Inject
    ChatSubscriptionStore subscriptions;

    @Override
    public String template() {
        return "teams/incident-panel";
    }

    @Override
    public void contribute(long siteId, IncidentDetail incident, boolean canWork, Map<String, Object> model) {
        IncidentChat chat = store.chatOf(incident.id()).orElse(null);
        boolean open = !IncidentWorkflow.isFinal(IncidentStatus.valueOf(incident.status()));
        String reasonKey = null;
        String signedInAs = null;
        TeamsAvailability.Answer answer = availability.forProject(incident.projectId());
        if (answer instanceof TeamsAvailability.No no) {
            reasonKey = no.reason().messageKey();
        } else if (currentUser.isSignedIn()) {
            signedInAs = store.identity(
                            currentUser.accountId(),
                            ((TeamsAvailability.Yes) answer).connection().getId())
                    .map(TeamsIncidentPart::describe)
                    .orElse(null);
        }
        io.tenantlink.teams.ChatPoll poll =
                chat == null || !chat.active() ? null : store.poll(chat.getId()).orElse(null);
        boolean notifications = mode.notifications();
        ChatSubscriptionStore.SubscriptionState subscription = !notifications || chat == null || !chat.active()
                ? null
                : subscriptions.of(chat.getId()).orElse(null);
        model.put(
                "teams",
                new TeamsPanel(
                        reasonKey,
                        signedInAs,
                        chat != null && chat.active(),
                        chat != null && !chat.active(),
                        chat == null ? null : chat.getWebUrl(),
                        chat == null ? null : chat.getMeetingJoinUrl(),
                        canWork && open,
                        mode.pollSeconds(),
                        poll == null ? null : poll.getLastPollAt(),
                        poll == null ? null : poll.getLastProblem(),
                        notifications,
                        subscription != null && subscription.live(io.tenantlink.platform.Clock.now()),
                        subscription == null || subscription.live(io.tenantlink.platform.Clock.now())
                                ? null
                                : subscription.lastProblem()));
    }

    private static String describe(TeamsIdentity identity) {
        return identity.getUsername() != null ? identity.getUsername() : identity.getDisplayName();
    }
}
