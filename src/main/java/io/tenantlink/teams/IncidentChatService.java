package io.tenantlink.teams;

import io.tenantlink.connection.TenantConnection;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentChanged;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.IncidentViews.PersonRef;
import io.tenantlink.incident.IncidentWorkflow;
import io.tenantlink.incident.StakeholderUpdatePosted;
import io.tenantlink.mapping.PersonMappings;
import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import io.tenantlink.microsoft.DelegatedAccess;
import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.ChatInfo;
import io.tenantlink.microsoft.GraphGateway.GraphRefusal;
import io.tenantlink.microsoft.GraphGateway.MeetingInfo;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.platform.concurrent.SerialWorker;
import io.tenantlink.platform.web.Messages;
import io.tenantlink.preference.TeamsAvailability;
import io.tenantlink.teams.ChatMembers.Candidate;
import io.tenantlink.teams.ChatMembers.LeftOut;
import io.tenantlink.teams.ChatMembers.Plan;
import io.tenantlink.teams.ChatMessages.IncidentFacts;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An incident's Microsoft Teams chat and meeting, created as the portal user who clicks (their delegated token from
 * their own sign-in to the ChatOps app): Graph lets no application post chat messages without a user, and the person
 * who creates a chat is in it. Members are the incident's assignee and responders as the mapping knows them; people
 * without a Microsoft user are left out and named with the reason. Later posts (details after a change) are made as
 * the chat's creator.
 */
@ApplicationScoped
public class IncidentChatService {

    private static final Logger LOG = Logger.getLogger(IncidentChatService.class.getName());

    /** What the chat needs of the ChatOps app's delegated permissions (catalog: feature "chatops"). */
    public static final Set<String> SCOPES = Set.of(
            "Chat.Create",
            "ChatMember.ReadWrite",
            "ChatMessage.Send",
            "OnlineMeetings.ReadWrite",
            "TeamsAppInstallation.ReadWriteSelfForChat",
            "User.Read");

    /** A meeting started from an incident is booked for this long (people may stay longer). */
    static final Duration MEETING_LENGTH = Duration.ofHours(1);

    /** The texts of chat posts and timeline entries: written once, in the portal's language. */
    static final Locale POST_LOCALE = Locale.ENGLISH;

    /** What a Teams action did: done, refused (a messages key in plain words), or the person must sign in first. */
    public record Result(
            Kind kind, String messageKey, List<Object> arguments, List<LeftOut> leftOut, Long connectionId) {
        public enum Kind {
            DONE,
            REFUSED,
            SIGN_IN
        }

        public Result {
            arguments = List.copyOf(arguments);
            leftOut = List.copyOf(leftOut);
        }

        static Result done(String key, List<LeftOut> leftOut, Object... arguments) {
            return new Result(Kind.DONE, key, List.of(arguments), leftOut, null);
        }

        static Result refused(String key, Object... arguments) {
            return new Result(Kind.REFUSED, key, List.of(arguments), List.of(), null);
        }

        static Result signIn(long connectionId) {
            return new Result(Kind.SIGN_IN, "teams.signIn.needed", List.of(), List.of(), connectionId);
        }
    }

    @Inject
    IncidentService incidents;

    @Inject
    TeamsAvailability availability;

    @Inject
    IncidentChatStore store;

    /** Notification mode: the new chat's subscription (a no-op when polling). */
    @Inject
    ChatSubscriptions subscriptions;

    @Inject
    DelegatedAccess delegated;

    @Inject
    io.tenantlink.microsoft.ManagementAccess management;

    @Inject
    PersonMappings mappings;

    @Inject
    MicrosoftApps apps;

    /** The ChatOps Teams app's id in the organisation's app catalog: installed in every incident chat. */
    @Inject
    @ConfigProperty(name = "tenantlink.teams.app-id")
    Optional<String> teamsAppId;

    @Resource
    ManagedThreadFactory threads;

    /** Posts after a change or an update, in the background (why not the ManagedExecutorService: SerialWorker). */
    private SerialWorker posts;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        posts = new SerialWorker(threads, "incident chat posts", 10_000);
    }

    @PreDestroy
    void stop() {
        if (posts != null) {
            posts.stop();
        }
    }

    // --- creating the chat -----------------------------------------------------------------------------------------

    public Result createChat(long siteId, Incident incident, long accountId, String actor) throws InterruptedException {
        Prepared p = prepare(incident, accountId);
        if (p.result != null) {
            return p.result;
        }
        IncidentDetail detail = incidents.detail(incident);
        String topic = ChatMessages.topic(detail.key(), detail.summary());
        IncidentChatStore.Claim claim;
        try {
            claim = store.claim(incident.getId(), p.connection.getId(), topic, p.identity.getId());
        } catch (RuntimeException concurrent) {
            // The unique key on the incident: another click is creating the chat right now.
            return Result.refused("teams.error.inProgress");
        }
        if (claim instanceof IncidentChatStore.Exists) {
            return Result.refused("teams.error.chatExists");
        }
        if (claim instanceof IncidentChatStore.InProgress) {
            return Result.refused("teams.error.inProgress");
        }
        long row = ((IncidentChatStore.Claimed) claim).chatRowId();
        Plan plan = ChatMembers.plan(p.identity.getObjectId(), candidates(p.connection.getId(), detail));
        if (!plan.enoughForGroupChat()) {
            store.release(row);
            return new Result(
                    Result.Kind.REFUSED,
                    "teams.error.tooFewMembers",
                    List.of(ChatMembers.GROUP_CHAT_MINIMUM),
                    plan.leftOut(),
                    null);
        }
        ChatInfo chat;
        try {
            chat = p.gateway.get(new GraphRequest.CreateGroupChat(topic, plan.memberIds()));
        } catch (GraphRefusal refused) {
            store.release(row);
            LOG.log(Level.INFO, "Graph refused the chat of " + detail.key() + ": " + refused.getMessage());
            return Result.refused(
                    "teams.error.graph",
                    refused.status(),
                    Optional.ofNullable(refused.code()).orElse(""));
        } catch (IOException unanswered) {
            // Graph may have created the chat without our hearing of it: the claim stays until it is abandoned.
            LOG.log(Level.WARNING, "No answer from Graph creating the chat of " + detail.key(), unanswered);
            return Result.refused("teams.error.noAnswer");
        }
        store.created(row, chat.id(), chat.webUrl(), actor, createdText(p.identity, plan, plan.leftOut()));
        subscriptions.subscribeSoon(row);
        List<String> problems = new ArrayList<>();
        if (teamsAppId.isPresent() && !teamsAppId.get().isBlank()) {
            GraphAnswer<Void> installed =
                    sendQuietly(p.gateway, new GraphRequest.InstallAppInChat(chat.id(), teamsAppId.get()));
            if (installed == null || !(installed.ok() || installed.status() == 409)) {
                problems.add("app");
            }
        } else {
            problems.add("app");
        }
        GraphAnswer<String> posted = sendQuietly(
                p.gateway,
                new GraphRequest.SendChatMessage(
                        chat.id(), messages().details("teams.chat.createdHeading", facts(siteId, detail))));
        if (posted == null || !posted.ok()) {
            problems.add("details");
        }
        return Result.done(
                problems.isEmpty() ? "teams.chat.created" : "teams.chat.createdWithProblems",
                plan.leftOut(),
                plan.memberIds().size(),
                problems.stream()
                        .map(k -> Messages.get(POST_LOCALE, "teams.problem." + k))
                        .collect(Collectors.joining(" ")));
    }

    // --- creating the chat with the application's permissions (automation rules) -----------------------------------

    /**
     * Creates the incident's chat with the ChatOps app's application permissions (Chat.Create), never as a person: the
     * members are {@code participantIds} and the incident's mapped assignee and responders. Graph does not let an
     * application post in it: the first person who works the chat in Teams adopts it (posts, reads commands).
     */
    public Result createChatAsApp(long siteId, Incident incident, List<String> participantIds, String actor)
            throws InterruptedException {
        if (IncidentWorkflow.isFinal(incident.getStatus())) {
            return Result.refused("teams.error.closed");
        }
        TeamsAvailability.Answer answer = availability.forProject(incident.getProjectId());
        if (!(answer instanceof TeamsAvailability.Yes yes)) {
            return Result.refused(((TeamsAvailability.No) answer).reason().messageKey());
        }
        TenantConnection connection = yes.connection();
        IncidentDetail detail = incidents.detail(incident);
        Plan plan = ChatMembers.plan(participantIds, candidates(connection.getId(), detail));
        if (plan.memberIds().size() < ChatMembers.APP_GROUP_CHAT_MINIMUM) {
            return new Result(
                    Result.Kind.REFUSED,
                    "teams.error.tooFewMembers",
                    List.of(ChatMembers.APP_GROUP_CHAT_MINIMUM),
                    plan.leftOut(),
                    null);
        }
        String topic = ChatMessages.topic(detail.key(), detail.summary());
        IncidentChatStore.Claim claim;
        try {
            claim = store.claim(incident.getId(), connection.getId(), topic, null);
        } catch (RuntimeException concurrent) {
            return Result.refused("teams.error.inProgress");
        }
        if (claim instanceof IncidentChatStore.Exists) {
            return Result.refused("teams.error.chatExists");
        }
        if (claim instanceof IncidentChatStore.InProgress) {
            return Result.refused("teams.error.inProgress");
        }
        long row = ((IncidentChatStore.Claimed) claim).chatRowId();
        GraphGateway gateway;
        try {
            ManagementAccess.Access access = management.chatOpsAppOnly(connection.getTenantId(), false);
            if (!(access instanceof ManagementAccess.Granted granted)) {
                store.release(row);
                return Result.refused("teams.error.appToken");
            }
            gateway = granted.gateway();
        } catch (IOException unanswered) {
            store.release(row);
            return Result.refused("teams.error.noAnswer");
        }
        ChatInfo chat;
        try {
            chat = gateway.get(new GraphRequest.CreateGroupChat(topic, plan.memberIds()));
        } catch (GraphRefusal refused) {
            store.release(row);
            LOG.log(
                    Level.INFO,
                    "Graph refused the application's chat of " + detail.key() + ": " + refused.getMessage());
            return Result.refused(
                    "teams.error.graph",
                    refused.status(),
                    Optional.ofNullable(refused.code()).orElse(""));
        } catch (IOException unanswered) {
            LOG.log(Level.WARNING, "No answer from Graph creating the chat of " + detail.key(), unanswered);
            return Result.refused("teams.error.noAnswer");
        }
        store.created(
                row,
                chat.id(),
                chat.webUrl(),
                actor,
                Messages.get(
                                POST_LOCALE,
                                "teams.chat.createdByApp",
                                plan.memberIds().size())
                        + leftOutText(plan.leftOut()));
        if (teamsAppId.isPresent() && !teamsAppId.get().isBlank()) {
            sendQuietly(gateway, new GraphRequest.InstallAppInChat(chat.id(), teamsAppId.get()));
        }
        return Result.done(
                "teams.chat.created", plan.leftOut(), plan.memberIds().size(), "");
    }

    // --- adding people -------------------------------------------------------------------------------------------

    public Result addMembers(long siteId, Incident incident, long accountId, String actor) throws InterruptedException {
        Prepared p = prepare(incident, accountId);
        if (p.result != null) {
            return p.result;
        }
        IncidentChat chat =
                store.chatOf(incident.getId()).filter(IncidentChat::active).orElse(null);
        if (chat == null) {
            return Result.refused("teams.error.noChat");
        }
        store.adopt(chat.getId(), p.identity.getId());
        IncidentDetail detail = incidents.detail(incident);
        List<Candidate> candidates = candidates(chat.getConnectionId(), detail);
        List<String> current;
        try {
            current = p.gateway.all(new GraphRequest.ChatMemberUserIds(chat.getChatId()), 1000);
        } catch (GraphRefusal refused) {
            return Result.refused(
                    "teams.error.graph",
                    refused.status(),
                    Optional.ofNullable(refused.code()).orElse(""));
        } catch (IOException unanswered) {
            return Result.refused("teams.error.noAnswer");
        }
        Plan additions = ChatMembers.additions(current, candidates);
        if (additions.memberIds().isEmpty()) {
            return new Result(Result.Kind.REFUSED, "teams.error.nobodyToAdd", List.of(), additions.leftOut(), null);
        }
        List<String> added = new ArrayList<>();
        for (String userId : additions.memberIds()) {
            GraphAnswer<Void> answer = sendQuietly(p.gateway, new GraphRequest.AddChatMember(chat.getChatId(), userId));
            if (answer != null && answer.ok()) {
                added.add(nameOf(userId, candidates));
            }
        }
        if (added.isEmpty()) {
            return Result.refused("teams.error.membersNotAdded");
        }
        store.membersAdded(
                incident.getId(),
                actor,
                Messages.get(POST_LOCALE, "teams.timeline.membersAdded", String.join(", ", added))
                        + leftOutText(additions.leftOut()));
        return Result.done("teams.chat.membersAdded", additions.leftOut(), added.size());
    }

    // --- the meeting -----------------------------------------------------------------------------------------------

    public Result startMeeting(long siteId, Incident incident, long accountId, String actor)
            throws InterruptedException {
        Prepared p = prepare(incident, accountId);
        if (p.result != null) {
            return p.result;
        }
        IncidentChat chat =
                store.chatOf(incident.getId()).filter(IncidentChat::active).orElse(null);
        if (chat == null) {
            return Result.refused("teams.error.noChat");
        }
        store.adopt(chat.getId(), p.identity.getId());
        if (chat.hasMeeting()) {
            return Result.refused("teams.error.meetingExists");
        }
        IncidentDetail detail = incidents.detail(incident);
        Instant start = Instant.now();
        MeetingInfo meeting;
        try {
            meeting =
                    p.gateway.get(new GraphRequest.CreateMyMeeting(chat.getTopic(), start, start.plus(MEETING_LENGTH)));
        } catch (GraphRefusal refused) {
            return Result.refused(
                    "teams.error.graph",
                    refused.status(),
                    Optional.ofNullable(refused.code()).orElse(""));
        } catch (IOException unanswered) {
            return Result.refused("teams.error.noAnswer");
        }
        if (meeting.joinUrl() == null) {
            return Result.refused("teams.error.graph", 200, "noJoinUrl");
        }
        store.meetingStarted(chat.getId(), meeting.id(), meeting.joinUrl(), actor);
        GraphAnswer<String> posted = sendQuietly(
                p.gateway,
                new GraphRequest.SendChatMessage(
                        chat.getChatId(), messages().meeting(facts(siteId, detail), meeting.joinUrl())));
        return Result.done(
                posted != null && posted.ok() ? "teams.meeting.started" : "teams.meeting.startedNotPosted", List.of());
    }

    // --- posts after changes ---------------------------------------------------------------------------------------

    /** After an incident's change is committed: its chat gets the new details, as the chat's creator. */
    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) IncidentChanged changed) {
        String what = "the chat post of incident " + changed.incidentId() + "'s change";
        posts.offer(
                what,
                () -> postLater(
                        changed.incidentId(),
                        changed.siteId(),
                        what,
                        facts -> messages().details("teams.chat.changedHeading", facts)));
    }

    /** After a stakeholder update is recorded: it goes into the incident's chat too, as the chat's creator. */
    void onUpdate(@Observes(during = TransactionPhase.AFTER_SUCCESS) StakeholderUpdatePosted update) {
        String what = "the chat post of stakeholder update " + update.updateId();
        posts.offer(
                what,
                () -> postLater(
                        update.incidentId(),
                        update.siteId(),
                        what,
                        facts -> messages().update(facts, update.authorName(), update.text())));
    }

    /** A background post into the incident's chat, if it has one, made of the incident's current facts. */
    private void postLater(long incidentId, long siteId, String what, Function<IncidentFacts, String> html) {
        try {
            IncidentChat chat =
                    store.chatOf(incidentId).filter(IncidentChat::active).orElse(null);
            if (chat == null) {
                return;
            }
            Incident incident = incidents.findById(incidentId).orElseThrow();
            postAsCreator(chat, html.apply(facts(siteId, incidents.detail(incident))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Not done: " + what, e);
        }
    }

    /** Posts into an incident's chat as the person who created it; false when that is not possible now. */
    boolean postAsCreator(IncidentChat chat, String html) throws InterruptedException {
        TeamsIdentity creator = chat.getCreatorIdentityId() == null
                ? null
                : store.identity(chat.getCreatorIdentityId()).orElse(null);
        if (creator == null) {
            return false;
        }
        DelegatedAccess.Access access = delegated.chatOps(creator.getTenantId(), creator.getHomeAccountId(), SCOPES);
        if (!(access instanceof DelegatedAccess.Granted granted)) {
            LOG.info("The creator of chat " + chat.getId() + " must sign in again before TenantLink can post in it: "
                    + access);
            return false;
        }
        GraphAnswer<String> posted =
                sendQuietly(granted.gateway(), new GraphRequest.SendChatMessage(chat.getChatId(), html));
        if (posted != null && posted.status() == 401) {
            // Graph no longer takes the cached access token (revoked, or signed with a key it dropped): a new one,
            // once.
            access = delegated.chatOps(creator.getTenantId(), creator.getHomeAccountId(), SCOPES, true);
            if (access instanceof DelegatedAccess.Granted renewed) {
                posted = sendQuietly(renewed.gateway(), new GraphRequest.SendChatMessage(chat.getChatId(), html));
            }
        }
        return posted != null && posted.ok();
    }

    // --- shared steps ----------------------------------------------------------------------------------------------

    /** What every action needs: an open incident, Teams available for its project, and the person's Graph access. */
    private Prepared prepare(Incident incident, long accountId) throws InterruptedException {
        if (IncidentWorkflow.isFinal(incident.getStatus())) {
            return new Prepared(Result.refused("teams.error.closed"), null, null, null);
        }
        TeamsAvailability.Answer answer = availability.forProject(incident.getProjectId());
        if (!(answer instanceof TeamsAvailability.Yes yes)) {
            return new Prepared(
                    Result.refused(((TeamsAvailability.No) answer).reason().messageKey()), null, null, null);
        }
        TenantConnection connection = yes.connection();
        TeamsIdentity identity = store.identity(accountId, connection.getId()).orElse(null);
        if (identity == null) {
            return new Prepared(Result.signIn(connection.getId()), connection, null, null);
        }
        DelegatedAccess.Access access;
        try {
            access = delegated.chatOps(connection.getTenantId(), identity.getHomeAccountId(), SCOPES);
        } catch (IllegalStateException unanswered) {
            return new Prepared(Result.refused("teams.error.noAnswer"), connection, identity, null);
        }
        if (access instanceof DelegatedAccess.SignInNeeded) {
            return new Prepared(Result.signIn(connection.getId()), connection, identity, null);
        }
        if (access instanceof DelegatedAccess.ConsentNeeded) {
            return new Prepared(Result.refused("teams.error.consent"), connection, identity, null);
        }
        return new Prepared(null, connection, identity, ((DelegatedAccess.Granted) access).gateway());
    }

    private record Prepared(Result result, TenantConnection connection, TeamsIdentity identity, GraphGateway gateway) {}

    /** The assignee first, then the responders, each with their Microsoft user or the reason there is none. */
    private List<Candidate> candidates(long connectionId, IncidentDetail detail) {
        List<PersonRef> people = new ArrayList<>();
        if (detail.assignee() != null) {
            people.add(detail.assignee());
        }
        people.addAll(detail.responders());
        Set<Long> ids = people.stream().map(PersonRef::id).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<Long, MappingOutcome> outcomes = ids.isEmpty() ? Map.of() : mappings.outcomes(connectionId, ids);
        List<Candidate> candidates = new ArrayList<>();
        for (PersonRef person : people) {
            MappingOutcome outcome = outcomes.get(person.id());
            MappedUser user = outcome == null ? null : outcome.user().orElse(null);
            candidates.add(new Candidate(
                    person.id(),
                    person.name(),
                    user == null ? null : user.objectId(),
                    user != null
                            ? null
                            : outcome == null || outcome.reasonKey() == null
                                    ? "teams.leftOut.notSynced"
                                    : outcome.reasonKey()));
        }
        return candidates;
    }

    private String createdText(TeamsIdentity creator, Plan plan, List<LeftOut> leftOut) {
        return Messages.get(
                        POST_LOCALE,
                        "teams.timeline.chatCreated",
                        plan.memberIds().size(),
                        creatorName(creator))
                + leftOutText(leftOut);
    }

    private static String leftOutText(List<LeftOut> leftOut) {
        return leftOut.isEmpty() ? "" : " " + Messages.get(POST_LOCALE, "teams.timeline.leftOut", describe(leftOut));
    }

    /** "Pat Nobody (no Microsoft user has these addresses), …": the people left out of a chat, with why. */
    public static String describe(List<LeftOut> leftOut) {
        return leftOut.stream()
                .map(l -> l.name() + " (" + Messages.get(POST_LOCALE, l.reasonKey()) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String creatorName(TeamsIdentity identity) {
        return identity.getDisplayName() != null ? identity.getDisplayName() : identity.getUsername();
    }

    private static String nameOf(String objectId, List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> objectId.equalsIgnoreCase(c.objectId()))
                .map(Candidate::name)
                .findFirst()
                .orElse(objectId);
    }

    private IncidentFacts facts(long siteId, IncidentDetail detail) {
        return new IncidentFacts(
                detail.key(),
                detail.summary(),
                Messages.get(POST_LOCALE, "priority." + detail.priority()),
                Messages.get(POST_LOCALE, "incidentStatus." + detail.status()),
                detail.assignee() == null ? null : detail.assignee().name(),
                apps.portalUrl(
                        "sites/" + siteId + "/projects/" + detail.projectId() + "/incidents/" + detail.number()));
    }

    private static ChatMessages messages() {
        return new ChatMessages(POST_LOCALE);
    }

    /** A best-effort request (installing the app, a post): its answer, or null when Graph did not answer. */
    private static <T> GraphAnswer<T> sendQuietly(GraphGateway gateway, GraphRequest<T> request) {
        try {
            return gateway.send(request);
        } catch (IOException unanswered) {
            LOG.log(Level.WARNING, "No answer from Graph: " + request.getClass().getSimpleName());
            return null;
        }
    }
}
