package io.tenantlink.microsoft;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.models.BatchRequestStep;
import com.microsoft.graph.models.AadUserConversationMember;
import com.microsoft.graph.models.AppRole;
import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.Chat;
import com.microsoft.graph.models.ChatMessage;
import com.microsoft.graph.models.ChatMessageCollectionResponse;
import com.microsoft.graph.models.ChatMessageType;
import com.microsoft.graph.models.ChatType;
import com.microsoft.graph.models.ConversationMember;
import com.microsoft.graph.models.ConversationMemberCollectionResponse;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Identity;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.KeyCredential;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.OAuth2PermissionGrantCollectionResponse;
import com.microsoft.graph.models.OnlineMeeting;
import com.microsoft.graph.models.Organization;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.ServicePrincipalCollectionResponse;
import com.microsoft.graph.models.Subscription;
import com.microsoft.graph.models.TeamsAppInstallation;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.VerifiedDomain;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParseNode;
import com.microsoft.kiota.serialization.ParseNodeFactoryRegistry;
import com.microsoft.kiota.serialization.SerializationWriter;
import io.tenantlink.microsoft.GraphRequest.AddChatMember;
import io.tenantlink.microsoft.GraphRequest.AppRoleAssignedTo;
import io.tenantlink.microsoft.GraphRequest.ApplicationByAppId;
import io.tenantlink.microsoft.GraphRequest.AssignAppRole;
import io.tenantlink.microsoft.GraphRequest.ChangeGrantScope;
import io.tenantlink.microsoft.GraphRequest.ChatMemberUserIds;
import io.tenantlink.microsoft.GraphRequest.ChatMessages;
import io.tenantlink.microsoft.GraphRequest.CreateGroupChat;
import io.tenantlink.microsoft.GraphRequest.CreateMyMeeting;
import io.tenantlink.microsoft.GraphRequest.CreatePrincipalGrant;
import io.tenantlink.microsoft.GraphRequest.CreateServicePrincipal;
import io.tenantlink.microsoft.GraphRequest.DelegatedGrants;
import io.tenantlink.microsoft.GraphRequest.DeleteAppRoleAssignment;
import io.tenantlink.microsoft.GraphRequest.DeleteDelegatedGrant;
import io.tenantlink.microsoft.GraphRequest.DeleteSubscription;
import io.tenantlink.microsoft.GraphRequest.GroupUserMembers;
import io.tenantlink.microsoft.GraphRequest.InstallAppInChat;
import io.tenantlink.microsoft.GraphRequest.NextPage;
import io.tenantlink.microsoft.GraphRequest.RenewSubscription;
import io.tenantlink.microsoft.GraphRequest.SendChatMessage;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalByAppId;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalWithAppId;
import io.tenantlink.microsoft.GraphRequest.SubscribeToChatMessages;
import io.tenantlink.microsoft.GraphRequest.Users;
import io.tenantlink.microsoft.GraphRequest.UsersByIds;
import io.tenantlink.microsoft.GraphRequest.UsersDelta;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The portal's one typed way into Microsoft Graph, on the Graph SDK: every request is a {@link GraphRequest} record,
 * turned into the SDK's request by its request builders ({@code toGetRequestInformation}, {@code
 * toPostRequestInformation}, ...) and read back into the SDK's models, then into the records below; feature code never
 * sees a URL, a map or an SDK type.
 *
 * <p>Sending: {@link #send} one request, {@link #get}/{@link #all} when only success matters (Graph's refusals as
 * {@link GraphRefusal}), and {@link #batch} for JSON batching with the SDK's {@code BatchRequestContent} and {@code
 * BatchResponseContent}: at most {@link #MAX_BATCH} requests per {@code $batch}, each answered with its own status, and
 * requests Graph throttled inside a batch (429 in a 200 batch, which no SDK handler retries) sent again, alone with the
 * other throttled ones, after the longest Retry-After they carried, while the {@link Budget} lasts. Whole requests the
 * SDK's retry handler retries (429, 503, 504 with Retry-After), within the same budget; reads that got no answer are
 * retried here too. No answer at all is an {@link IOException}.
 *
 * <p>CPU: forming batches with the SDK costs several times what hand-built JSON did, and on a small machine that CPU
 * is taken from Graph's stand-in in the tests; hence {@link #prepareBatch} (form ahead, send later), write steps that
 * reuse the request builder's form of their kind ({@link #step}), and answers read only when asked for
 * ({@link GraphAnswer#value()}). Figures: docs/benchmarks.md.
 */
public final class GraphGateway {

    /** Graph's limit of requests in one JSON batch. */
    public static final int MAX_BATCH = 20;

    /** Graph's v1.0 base: nextLinks are followed only when they start with it (the token goes nowhere else). */
    static final String BASE = "https://graph.microsoft.com/v1.0/";

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Object ids other than GUIDs (delegated grants, app role assignments): base64url text. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    /** Chat ids ("19:…@thread.v2"). */
    private static final Pattern CHAT_ID = Pattern.compile("[A-Za-z0-9:@._-]{1,200}");

    private static final String[] USER_FIELDS = {"id", "displayName", "mail", "userPrincipalName"};

    /** What the portal reads of an app registration (GET /applications(appId='…')). */
    static final String[] APPLICATION_FIELDS = {"id", "appId", "displayName", "passwordCredentials", "keyCredentials"};

    /** What a directory copy reads of each user (GET /users/delta). */
    static final String[] DELTA_USER_FIELDS = {
        "id", "displayName", "mail", "userPrincipalName", "otherMails", "proxyAddresses", "userType", "accountEnabled"
    };

    // --- what Graph's answers read as ------------------------------------------------------------------------------

    /** The tenant's name and default verified domain. */
    public record TenantOrganization(String displayName, String defaultDomain) {}

    /**
     * A service principal: its object id and application id, and where asked for, the app roles it defines (app role id
     * in lower case to the permission's name) and the app roles granted to it.
     */
    public record ServicePrincipalInfo(
            String id, String appId, Map<String, String> appRoles, List<RoleAssignment> appRoleAssignments) {
        public ServicePrincipalInfo {
            appRoles = appRoles == null ? Map.of() : Map.copyOf(appRoles);
            appRoleAssignments = appRoleAssignments == null ? List.of() : List.copyOf(appRoleAssignments);
        }
    }

    /**
     * A client secret or certificate of an app registration: its key id, its description (Entra's "Description" of a
     * secret; a certificate's, often its subject), Graph's {@code hint} of a secret (its first three characters, as
     * Entra shows them; null for certificates) and when it expires (null when Graph gives no date).
     */
    public record CredentialInfo(String keyId, String displayName, String hint, Instant endDateTime) {}

    /** An app registration: its application id, name, client secrets and certificates. */
    public record ApplicationInfo(
            String appId, String displayName, List<CredentialInfo> secrets, List<CredentialInfo> certificates) {
        public ApplicationInfo {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }
    }

    /** A delegated permission grant: a client's scopes on a resource, for every user or for one (principalId). */
    public record DelegatedGrant(
            String id, String clientId, String consentType, String principalId, String resourceId, String scope) {}

    /** An app role assignment: the app role of the resource granted to the principal (a user or service principal). */
    public record RoleAssignment(String id, String principalId, String resourceId, String appRoleId) {}

    /** A Teams chat: its id, topic and the link that opens it in Teams. */
    public record ChatInfo(String id, String topic, String webUrl) {}

    /**
     * A chat message as listed: who sent it (a user's or an app's display name; null when Graph names nobody), when,
     * its body as Graph gives it ({@code html} true for HTML, else text), whether it is a message people wrote
     * (not a system event) that was not deleted, the sending user's object id (null for an app), and its last change.
     */
    public record ChatMessageInfo(
            String id,
            String senderName,
            Instant sentAt,
            String content,
            boolean html,
            boolean written,
            String senderUserId,
            Instant lastModifiedAt) {

        /** Without the sender's user id and the last change (what transcripts and tests need). */
        public ChatMessageInfo(
                String id, String senderName, Instant sentAt, String content, boolean html, boolean written) {
            this(id, senderName, sentAt, content, html, written, null, sentAt);
        }
    }

    /** A change notification subscription: its id, the resource it watches and when it expires. */
    public record SubscriptionInfo(String id, String resource, Instant expiration) {}

    /** An online meeting: its id and the link that joins it. */
    public record MeetingInfo(String id, String joinUrl) {}

    /** A user as lists name one. */
    public record GraphUser(String id, String displayName, String mail, String userPrincipalName) {}

    /**
     * A user as a delta page gives it: {@code removed} when Graph says it left the directory ({@code @removed}; the
     * other fields are then empty); {@code accountEnabled} null when Graph did not say.
     */
    public record DeltaUser(
            String id,
            String displayName,
            String mail,
            String userPrincipalName,
            List<String> otherMails,
            List<String> proxyAddresses,
            String userType,
            Boolean accountEnabled,
            boolean removed) {
        public DeltaUser {
            otherMails = otherMails == null ? List.of() : List.copyOf(otherMails);
            proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
        }
    }

    /**
     * One page of /users/delta: its users, then either {@code nextLink} (more of this round) or {@code deltaLink} (the
     * round is complete; keep it to ask for what changes next).
     */
    public record DeltaPage(List<DeltaUser> users, String nextLink, String deltaLink) {
        public DeltaPage {
            users = List.copyOf(users);
        }
    }

    /** One page of a collection; {@code nextLink} (Graph's {@code @odata.nextLink}) when more follow. */
    public record Page<T>(List<T> items, String nextLink) {
        public Page {
            items = List.copyOf(items);
        }

        public boolean more() {
            return nextLink != null;
        }

        /** The request for the page after this one, or null; {@code read} is the request that read this one. */
        public GraphRequest<Page<T>> next(GraphRequest<Page<T>> read) {
            return nextLink == null ? null : new NextPage<>(read, nextLink);
        }
    }

    /**
     * Limits of one call: how long it may take with its retries ({@code total}: also the SDK's whole-call budget), how
     * many retries, and the pause when Graph names none.
     */
    public record Budget(Duration total, int maxRetries, Duration fallbackDelay) {
        public static Budget standard() {
            return new Budget(Duration.ofSeconds(60), 6, Duration.ofSeconds(2));
        }

        /**
         * The SDK retry handler's option: up to {@code maxRetries} (at most the SDK's 10), waiting Retry-After (else the
         * fallback, backing off), and no retry whose wait would end after the deadline (System.nanoTime; null: the
         * total from now), so that the last answer comes back instead of a timeout.
         */
        RetryHandlerOption retryOption(Long deadline) {
            long delay = Math.max(0, Math.min(fallbackDelay.toSeconds(), RetryHandlerOption.MAX_DELAY));
            int retries = Math.max(0, Math.min(maxRetries, RetryHandlerOption.MAX_RETRIES));
            long totalNanos = total.toNanos();
            return new RetryHandlerOption(
                    (fallback, attempt, request, response) -> {
                        long end = deadline == null ? System.nanoTime() + totalNanos : deadline;
                        long wait =
                                retryAfter(response.header("Retry-After")).orElse(fallback * attempt) * 1_000_000_000L;
                        return System.nanoTime() + wait < end;
                    },
                    retries,
                    delay);
        }
    }

    /** Graph answered with an error status (403: a permission is missing, 404: no such object, ...). */
    public static final class GraphRefusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        GraphRefusal(int status, String code, String message) {
            super("Graph answered " + status + (code == null || code.isBlank() ? "" : " " + code)
                    + (message == null || message.isBlank() ? "" : ": " + message));
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** Graph's error code, e.g. {@code Authorization_RequestDenied}; may be null. */
        public String code() {
            return code;
        }
    }

    /** Graph answered a whole {@code $batch} with an error status (e.g. 401: it no longer accepts the token). */
    public static final class BatchRefused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public BatchRefused(int status) {
            super("Graph refused the batch: HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final GraphServiceClient sdk;
    private final Budget budget;
    /** Batch steps as the request builders formed them, by kind (see {@link #step}). */
    private final Map<String, okhttp3.Request> stepForms = new ConcurrentHashMap<>();

    GraphGateway(GraphServiceClient sdk, Budget budget) {
        this.sdk = Objects.requireNonNull(sdk, "sdk");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * A gateway calling Graph with this token: the given timeouts (connect; read: how long one request may go
     * unanswered), the budget, the routing, and {@code extra} OkHttp interceptors after the routing (tests count the
     * requests on the wire there).
     */
    public static GraphGateway create(
            MicrosoftRoutes routing,
            Supplier<String> accessToken,
            Duration connect,
            Duration read,
            Budget budget,
            Interceptor... extra) {
        return new GraphGateway(GraphSdk.client(routing, accessToken, connect, read, budget, extra), budget);
    }

    // --- typed single calls ----------------------------------------------------------------------------------------

    /** GET /organization (User.Read is enough for the signed-in user's own tenant). */
    public Optional<TenantOrganization> organization() throws IOException, GraphRefusal {
        OrganizationCollectionResponse page = call(() -> sdk.organization().get(request -> {
            request.queryParameters.select = new String[] {"id", "displayName", "verifiedDomains"};
            request.options.add(budget.retryOption(null));
        }));
        if (page == null || page.getValue() == null || page.getValue().isEmpty()) {
            return Optional.empty();
        }
        Organization organization = page.getValue().get(0);
        String domain = null;
        if (organization.getVerifiedDomains() != null) {
            for (VerifiedDomain verified : organization.getVerifiedDomains()) {
                if (Boolean.TRUE.equals(verified.getIsDefault())) {
                    domain = verified.getName();
                }
            }
        }
        return Optional.of(new TenantOrganization(organization.getDisplayName(), domain));
    }

    /** The id of an application's service principal in the tenant, if the app has one there. */
    public Optional<String> servicePrincipalId(String appId) throws IOException, GraphRefusal {
        return get(new ServicePrincipalByAppId(appId)).map(ServicePrincipalInfo::id);
    }

    /** Creates an application's service principal in the tenant (the app then appears under Enterprise applications). */
    public String createServicePrincipal(String appId, List<String> tags) throws IOException, GraphRefusal {
        return get(new CreateServicePrincipal(appId, tags));
    }

    /** The ids of every delegated grant whose client is this service principal (all pages, at most {@code max}). */
    public List<String> delegatedGrantIds(String clientServicePrincipalId, int max) throws IOException, GraphRefusal {
        return all(new DelegatedGrants(clientServicePrincipalId, null, null, null), max).stream()
                .map(DelegatedGrant::id)
                .toList();
    }

    /** Deletes one delegated grant; false when it was already gone. */
    public boolean deleteDelegatedGrant(String grantId) throws IOException, GraphRefusal {
        return deleted(new DeleteDelegatedGrant(grantId));
    }

    /** App role assignments granted on a resource (e.g. Microsoft Graph's service principal), all pages, at most {@code max}. */
    public List<RoleAssignment> appRoleAssignedTo(String resourceServicePrincipalId, int max)
            throws IOException, GraphRefusal {
        return all(new AppRoleAssignedTo(resourceServicePrincipalId), max);
    }

    /** Removes one app role assignment from a resource; false when it was already gone. */
    public boolean deleteAppRoleAssignedTo(String resourceServicePrincipalId, String assignmentId)
            throws IOException, GraphRefusal {
        return deleted(new DeleteAppRoleAssignment(resourceServicePrincipalId, assignmentId));
    }

    private boolean deleted(GraphRequest<Void> delete) throws IOException, GraphRefusal {
        GraphAnswer<Void> answer = send(delete);
        if (answer.status() == 404) {
            return false;
        }
        if (!answer.ok()) {
            throw refusal(answer);
        }
        return true;
    }

    /** The answer's value; Graph's refusal (or an unreadable answer) as {@link GraphRefusal}. */
    public <T> T get(GraphRequest<T> request) throws IOException, GraphRefusal {
        GraphAnswer<T> answer = send(request);
        if (!answer.ok()) {
            throw refusal(answer);
        }
        T value = answer.value();
        if (answer.unreadable()) {
            throw new GraphRefusal(answer.status(), "UnreadableAnswer", "the answer is not what Graph documents");
        }
        return value;
    }

    /** Every item of a collection, following Graph's nextLinks, at most {@code max}. */
    public <T> List<T> all(GraphRequest<Page<T>> first, int max) throws IOException, GraphRefusal {
        List<T> items = new ArrayList<>();
        GraphRequest<Page<T>> next = first;
        while (next != null && items.size() < max) {
            Page<T> page = get(next);
            for (T item : page.items()) {
                if (items.size() < max) {
                    items.add(item);
                }
            }
            next = page.next(first);
        }
        return items;
    }

    private static GraphRefusal refusal(GraphAnswer<?> answer) {
        return new GraphRefusal(
                answer.status(),
                answer.error() == null ? null : answer.error().code(),
                answer.error() == null ? null : answer.error().message());
    }

    // --- sending ---------------------------------------------------------------------------------------------------

    /**
     * Sends one request. Graph's statuses come back in the answer (never thrown); the SDK's retry handler has already
     * waited out 429/503/504 within the budget. A read that got no answer is sent again within the budget; no answer
     * at all is an IOException.
     */
    public <T> GraphAnswer<T> send(GraphRequest<T> request) throws IOException {
        long deadline = System.nanoTime() + budget.total().toNanos();
        for (int attempt = 1; ; attempt++) {
            RequestInformation information = information(request);
            information.addRequestOptions(List.of(budget.retryOption(deadline)));
            NativeResponseHandler handler = new NativeResponseHandler();
            information.setResponseHandler(handler);
            try {
                call(() -> sdk.getRequestAdapter().sendPrimitive(information, null, InputStream.class));
            } catch (IOException unanswered) {
                if (information.httpMethod != HttpMethod.GET
                        || attempt > budget.maxRetries()
                        || System.nanoTime() + budget.fallbackDelay().toNanos() >= deadline) {
                    throw unanswered;
                }
                pause(budget.fallbackDelay());
                continue;
            } catch (GraphRefusal impossible) {
                throw new IOException("Graph's answer was not handed over", impossible);
            }
            try (Response response = (Response) handler.getValue()) {
                return answer(request, response, attempt);
            }
        }
    }

    /**
     * Sends the requests as JSON batches of at most {@link #MAX_BATCH} (the SDK's {@code BatchRequestContent}, each
     * step formed by the SDK's request builders, see {@link #step}; ids 1 to 20). Answers come back in the order of the
     * requests. A
     * request Graph throttled (429) is sent again, alone with the other throttled ones of its batch, after the longest
     * Retry-After they carried, while the budget lasts; what is still throttled then is answered 429. A batch Graph
     * refused as a whole is {@link BatchRefused}; one that got no answer an IOException (a batch of reads is sent
     * again within the budget first).
     */
    public <T> List<GraphAnswer<T>> batch(List<? extends GraphRequest<? extends T>> requests) throws IOException {
        List<GraphAnswer<T>> answers = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += MAX_BATCH) {
            answers.addAll(
                    sendBatch(prepareBatch(requests.subList(from, Math.min(requests.size(), from + MAX_BATCH)))));
        }
        return answers;
    }

    /**
     * A JSON batch formed ahead of sending (at most {@link #MAX_BATCH} requests). Forming one with the SDK (the steps'
     * HTTP requests, the SDK's serializer for their bodies, the whole written by {@code BatchRequestContent}) costs
     * more CPU than sending it: a caller with batches in flight forms the next ones meanwhile, off their path. {@link
     * #of} holds only the requests (fakes); the gateway forms such a batch when it sends it.
     */
    public static final class PreparedBatch {
        private final List<GraphRequest<?>> requests;
        private final Formed formed;

        private PreparedBatch(List<GraphRequest<?>> requests, Formed formed) {
            if (requests.isEmpty() || requests.size() > MAX_BATCH) {
                throw new IllegalArgumentException("1 to " + MAX_BATCH + " requests per batch, not " + requests.size());
            }
            this.requests = requests;
            this.formed = formed;
        }

        public static PreparedBatch of(List<? extends GraphRequest<?>> requests) {
            return new PreparedBatch(List.copyOf(requests), null);
        }

        public List<GraphRequest<?>> requests() {
            return requests;
        }
    }

    /** What the SDK made of a batch: its requests and steps by id, and the POST /$batch carrying all of them. */
    private record Formed(
            Map<String, GraphRequest<?>> byId,
            Map<String, BatchRequestStep> steps,
            boolean readsOnly,
            RequestInformation envelope) {}

    /** Forms a batch of at most {@link #MAX_BATCH} requests with the SDK, to send later ({@link #sendBatch}). */
    public PreparedBatch prepareBatch(List<? extends GraphRequest<?>> requests) {
        List<GraphRequest<?>> copy = List.copyOf(requests);
        return new PreparedBatch(copy, form(copy));
    }

    /** Sends a batch ({@link #batch} for what happens); answers in the order of its requests. */
    @SuppressWarnings("unchecked")
    public <T> List<GraphAnswer<T>> sendBatch(PreparedBatch batch) throws IOException {
        Formed formed = batch.formed != null ? batch.formed : form(batch.requests);
        List<GraphAnswer<T>> answers = new ArrayList<>(batch.requests.size());
        for (GraphAnswer<?> answer : send(formed)) {
            answers.add((GraphAnswer<T>) answer);
        }
        return answers;
    }

    private Formed form(List<GraphRequest<?>> requests) {
        RequestAdapter adapter = sdk.getRequestAdapter();
        Map<String, GraphRequest<?>> byId = new LinkedHashMap<>();
        Map<String, BatchRequestStep> steps = new LinkedHashMap<>();
        boolean readsOnly = true;
        BatchRequestContent content = new BatchRequestContent(adapter, List.of());
        for (GraphRequest<?> request : requests) {
            String id = Integer.toString(byId.size() + 1);
            BatchRequestStep step = new BatchRequestStep(id, step(request, adapter));
            readsOnly &= step.getRequest().method().equals("GET");
            byId.put(id, request);
            steps.put(id, step);
            content.addBatchRequestStep(step);
        }
        return new Formed(byId, steps, readsOnly, envelope(content));
    }

    /** POST /$batch through the SDK's batch request builder. */
    private RequestInformation envelope(BatchRequestContent content) {
        try {
            return sdk.getBatchRequestBuilder().toPostRequestInformation(content);
        } catch (IOException e) {
            throw new UncheckedIOException("The batch could not be written", e);
        }
    }

    private List<GraphAnswer<?>> send(Formed formed) throws IOException {
        Map<String, GraphAnswer<?>> answers = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        long deadline = System.nanoTime() + budget.total().toNanos();
        List<String> pending = new ArrayList<>(formed.steps().keySet());
        RequestInformation envelope = formed.envelope();
        for (int round = 0; !pending.isEmpty(); round++) {
            if (envelope == null) {
                BatchRequestContent content = new BatchRequestContent(sdk.getRequestAdapter(), List.of());
                pending.forEach(id -> content.addBatchRequestStep(formed.steps().get(id)));
                envelope = envelope(content);
            }
            pending.forEach(id -> attempts.merge(id, 1, Integer::sum));
            BatchResponseContent responses = post(envelope, formed.readsOnly(), deadline);
            Map<String, Integer> statuses = responses.getResponsesStatusCode();
            envelope = null;
            List<String> throttled = new ArrayList<>();
            long waitSeconds = 0;
            for (String id : pending) {
                Integer status = statuses.get(id);
                GraphAnswer<?> answer = status == null
                        ? GraphAnswer.unanswered(attempts.get(id))
                        : status >= 200 && status < 300
                                ? succeeded(formed.byId().get(id), status, responses, id, attempts.get(id))
                                : answer(formed.byId().get(id), responses.getResponseById(id), attempts.get(id));
                answers.put(id, answer);
                if (answer.status() == 429) {
                    throttled.add(id);
                    waitSeconds = Math.max(
                            waitSeconds,
                            answer.retryAfterSeconds()
                                    .orElse(budget.fallbackDelay().toSeconds()));
                }
            }
            Duration wait = Duration.ofSeconds(waitSeconds);
            if (throttled.isEmpty() || round >= budget.maxRetries() || System.nanoTime() + wait.toNanos() >= deadline) {
                break;
            }
            pause(wait);
            pending = throttled;
        }
        List<GraphAnswer<?>> ordered = new ArrayList<>();
        formed.byId().keySet().forEach(id -> ordered.add(answers.get(id)));
        return ordered;
    }

    /**
     * A request a batch carried out: its content is taken out of the batch's answer and read only when asked for (a
     * job's writes look at the status alone).
     */
    private <T> GraphAnswer<T> succeeded(
            GraphRequest<T> request, int status, BatchResponseContent responses, String id, int attempts) {
        return new GraphAnswer<>(
                status,
                () -> {
                    Response response = responses.getResponseById(id);
                    ResponseBody body = response == null ? null : response.body();
                    byte[] bytes;
                    try {
                        bytes = body == null ? new byte[0] : body.bytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return bytes.length == 0 ? null : read(request, node(bytes));
                },
                null,
                OptionalLong.empty(),
                attempts);
    }

    /** Sends a POST /$batch; Graph's answer to it (the SDK's BatchResponseContent, already read). */
    private BatchResponseContent post(RequestInformation envelope, boolean readsOnly, long deadline)
            throws IOException {
        RequestInformation information = envelope;
        for (int attempt = 1; ; attempt++) {
            information.addRequestOptions(List.of(budget.retryOption(deadline)));
            NativeResponseHandler handler = new NativeResponseHandler();
            information.setResponseHandler(handler);
            RequestInformation sending = information;
            try {
                call(() -> sdk.getRequestAdapter().sendPrimitive(sending, null, InputStream.class));
            } catch (IOException unanswered) {
                if (!readsOnly
                        || attempt > budget.maxRetries()
                        || System.nanoTime() + budget.fallbackDelay().toNanos() >= deadline) {
                    throw unanswered;
                }
                pause(budget.fallbackDelay());
                information = copy(envelope);
                continue;
            } catch (GraphRefusal impossible) {
                throw new IOException("Graph's answer was not handed over", impossible);
            }
            try (Response response = (Response) handler.getValue()) {
                if (!response.isSuccessful()) {
                    throw new BatchRefused(response.code());
                }
                try {
                    BatchResponseContent content = new BatchResponseContent(response);
                    content.getResponsesStatusCode(); // reads the whole answer before the response closes
                    return content;
                } catch (RuntimeException unreadable) {
                    throw new IOException("Graph answered the batch with something that is not JSON", unreadable);
                }
            }
        }
    }

    /** The same POST /$batch again (its body read from the start). */
    private static RequestInformation copy(RequestInformation envelope) throws IOException {
        RequestInformation again = new RequestInformation();
        again.httpMethod = envelope.httpMethod;
        again.urlTemplate = envelope.urlTemplate;
        again.pathParameters = new HashMap<>(envelope.pathParameters);
        again.headers.putAll(envelope.headers);
        envelope.content.reset();
        again.content = new ByteArrayInputStream(envelope.content.readAllBytes());
        return again;
    }

    /** Graph's answer to one request (a whole response, or one step of a batch's), read as the request's type. */
    private <T> GraphAnswer<T> answer(GraphRequest<T> request, Response response, int attempts) throws IOException {
        int status = response.code();
        OptionalLong retryAfter = retryAfter(response.header("Retry-After"));
        ResponseBody body = response.body();
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        if (status >= 200 && status < 300) {
            Supplier<T> reader = bytes.length == 0 ? () -> null : () -> read(request, node(bytes));
            return new GraphAnswer<>(status, reader, null, retryAfter, attempts);
        }
        String code = "";
        String message = "";
        if (bytes.length > 0) {
            try {
                ODataError error = node(bytes).getObjectValue(ODataError::createFromDiscriminatorValue);
                MainError main = error == null ? null : error.getError();
                if (main != null) {
                    code = Objects.toString(main.getCode(), "");
                    message = Objects.toString(main.getMessage(), "");
                }
            } catch (RuntimeException unreadable) {
                // an error without Graph's error body: the status says it
            }
        }
        return new GraphAnswer<>(status, null, new GraphAnswer.GraphError(code, message), retryAfter, attempts);
    }

    private static ParseNode node(byte[] json) {
        return ParseNodeFactoryRegistry.defaultInstance.getParseNode(
                "application/json", new ByteArrayInputStream(json));
    }

    static OptionalLong retryAfter(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void pause(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for Graph's Retry-After");
        }
    }

    // --- requests: the SDK's request builders ----------------------------------------------------------------------

    /** The SDK's request for a typed request, formed by its request builders. */
    private RequestInformation information(GraphRequest<?> request) {
        if (request instanceof NextPage<?> next) {
            return nextPage(next);
        }
        if (request instanceof ServicePrincipalByAppId r) {
            return sdk.servicePrincipals().toGetRequestInformation(c -> {
                c.queryParameters.filter = "appId eq '" + guid(r.appId()) + "'";
                c.queryParameters.select =
                        r.appRoles() ? new String[] {"id", "appId", "appRoles"} : new String[] {"id", "appId"};
            });
        }
        if (request instanceof ServicePrincipalWithAppId r) {
            return sdk.servicePrincipalsWithAppId(guid(r.appId())).toGetRequestInformation(c -> {
                List<String> select = new ArrayList<>(List.of("id", "appId"));
                if (r.appRoles()) {
                    select.add("appRoles");
                }
                c.queryParameters.select = select.toArray(String[]::new);
                if (r.appRoleAssignments()) {
                    c.queryParameters.expand = new String[] {"appRoleAssignments"};
                }
            });
        }
        if (request instanceof ApplicationByAppId r) {
            return sdk.applicationsWithAppId(guid(r.appId()))
                    .toGetRequestInformation(c -> c.queryParameters.select = APPLICATION_FIELDS);
        }
        if (request instanceof CreateServicePrincipal r) {
            ServicePrincipal principal = new ServicePrincipal();
            principal.setAppId(guid(r.appId()));
            if (!r.tags().isEmpty()) {
                principal.setTags(new ArrayList<>(r.tags()));
            }
            return sdk.servicePrincipals().toPostRequestInformation(principal);
        }
        if (request instanceof DelegatedGrants r) {
            StringBuilder filter = new StringBuilder("clientId eq '" + guid(r.clientId()) + "'");
            if (r.consentType() != null) {
                filter.append(" and consentType eq '")
                        .append(r.consentType().odata())
                        .append("'");
            }
            if (r.principalId() != null) {
                filter.append(" and principalId eq '")
                        .append(guid(r.principalId()))
                        .append("'");
            }
            if (r.resourceId() != null) {
                filter.append(" and resourceId eq '")
                        .append(guid(r.resourceId()))
                        .append("'");
            }
            return sdk.oauth2PermissionGrants().toGetRequestInformation(c -> {
                c.queryParameters.filter = filter.toString();
                c.queryParameters.top = GraphRequest.PAGE_SIZE;
            });
        }
        if (request instanceof CreatePrincipalGrant r) {
            return sdk.oauth2PermissionGrants().toPostRequestInformation(grant(r));
        }
        if (request instanceof ChangeGrantScope r) {
            OAuth2PermissionGrant change = new OAuth2PermissionGrant();
            change.setScope(r.scope());
            return sdk.oauth2PermissionGrants()
                    .byOAuth2PermissionGrantId(key(r.grantId()))
                    .toPatchRequestInformation(change);
        }
        if (request instanceof DeleteDelegatedGrant r) {
            return sdk.oauth2PermissionGrants()
                    .byOAuth2PermissionGrantId(key(r.grantId()))
                    .toDeleteRequestInformation();
        }
        if (request instanceof AssignAppRole r) {
            return sdk.servicePrincipals()
                    .byServicePrincipalId(guid(r.resourceId()))
                    .appRoleAssignedTo()
                    .toPostRequestInformation(assignment(r));
        }
        if (request instanceof AppRoleAssignedTo r) {
            return sdk.servicePrincipals()
                    .byServicePrincipalId(guid(r.resourceId()))
                    .appRoleAssignedTo()
                    .toGetRequestInformation(c -> c.queryParameters.top = GraphRequest.PAGE_SIZE);
        }
        if (request instanceof DeleteAppRoleAssignment r) {
            return sdk.servicePrincipals()
                    .byServicePrincipalId(guid(r.resourceId()))
                    .appRoleAssignedTo()
                    .byAppRoleAssignmentId(key(r.assignmentId()))
                    .toDeleteRequestInformation();
        }
        if (request instanceof Users r) {
            return sdk.users().toGetRequestInformation(c -> {
                if (r.startsWith() != null) {
                    c.queryParameters.filter = startsWithFilter(r.startsWith());
                }
                c.queryParameters.select = USER_FIELDS;
                c.queryParameters.top = Math.max(1, Math.min(r.top(), GraphRequest.PAGE_SIZE));
            });
        }
        if (request instanceof UsersByIds r) {
            return sdk.users().toGetRequestInformation(c -> {
                c.queryParameters.filter = idsFilter(r.ids());
                c.queryParameters.select = USER_FIELDS;
                c.queryParameters.top = GraphRequest.IDS_PER_IN_CLAUSE;
            });
        }
        if (request instanceof UsersDelta r) {
            String prefer = "odata.maxpagesize=" + r.pageSize();
            if (r.link() == null) {
                return sdk.users().delta().toGetRequestInformation(c -> {
                    c.queryParameters.select = DELTA_USER_FIELDS;
                    c.headers.add("Prefer", prefer);
                });
            }
            if (!r.link().startsWith(BASE + "users/delta")) {
                throw new IllegalArgumentException("Not a Graph delta link: " + r.link());
            }
            return sdk.users().delta().withUrl(r.link()).toGetRequestInformation(c -> c.headers.add("Prefer", prefer));
        }
        if (request instanceof GroupUserMembers r) {
            return sdk.groups().byGroupId(guid(r.groupId())).transitiveMembers().toGetRequestInformation(c -> {
                c.queryParameters.select = new String[] {"id"};
                c.queryParameters.top = GraphRequest.PAGE_SIZE;
            });
        }
        if (request instanceof CreateGroupChat r) {
            Chat chat = new Chat();
            chat.setChatType(ChatType.Group);
            chat.setTopic(r.topic());
            List<ConversationMember> members = new ArrayList<>();
            for (String userId : r.memberUserIds()) {
                members.add(chatMember(userId));
            }
            chat.setMembers(members);
            return sdk.chats().toPostRequestInformation(chat);
        }
        if (request instanceof ChatMemberUserIds r) {
            return sdk.chats().byChatId(chatId(r.chatId())).members().toGetRequestInformation();
        }
        if (request instanceof AddChatMember r) {
            ConversationMember member = chatMember(r.userId());
            member.setVisibleHistoryStartDateTime(OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
            return sdk.chats().byChatId(chatId(r.chatId())).members().toPostRequestInformation(member);
        }
        if (request instanceof InstallAppInChat r) {
            TeamsAppInstallation installation = new TeamsAppInstallation();
            installation
                    .getAdditionalData()
                    .put("teamsApp@odata.bind", BASE + "appCatalogs/teamsApps/" + guid(r.teamsAppId()));
            return sdk.chats().byChatId(chatId(r.chatId())).installedApps().toPostRequestInformation(installation);
        }
        if (request instanceof ChatMessages r) {
            return sdk.chats()
                    .byChatId(chatId(r.chatId()))
                    .messages()
                    .toGetRequestInformation(c -> c.queryParameters.top = r.top());
        }
        if (request instanceof SendChatMessage r) {
            ChatMessage message = new ChatMessage();
            ItemBody body = new ItemBody();
            body.setContentType(BodyType.Html);
            body.setContent(r.html());
            message.setBody(body);
            return sdk.chats().byChatId(chatId(r.chatId())).messages().toPostRequestInformation(message);
        }
        if (request instanceof CreateMyMeeting r) {
            OnlineMeeting meeting = new OnlineMeeting();
            meeting.setSubject(r.subject());
            meeting.setStartDateTime(r.start().atOffset(ZoneOffset.UTC));
            meeting.setEndDateTime(r.end().atOffset(ZoneOffset.UTC));
            return sdk.me().onlineMeetings().toPostRequestInformation(meeting);
        }
        if (request instanceof SubscribeToChatMessages r) {
            Subscription subscription = new Subscription();
            subscription.setResource("/chats/" + chatId(r.chatId()) + "/messages");
            subscription.setChangeType("created,updated,deleted");
            subscription.setNotificationUrl(r.notificationUrl());
            subscription.setLifecycleNotificationUrl(r.lifecycleNotificationUrl());
            subscription.setExpirationDateTime(r.expiration().atOffset(ZoneOffset.UTC));
            subscription.setClientState(r.clientState());
            subscription.setIncludeResourceData(r.withResourceData());
            if (r.withResourceData()) {
                subscription.setEncryptionCertificate(r.encryptionCertificate());
                subscription.setEncryptionCertificateId(r.encryptionCertificateId());
            }
            return sdk.subscriptions().toPostRequestInformation(subscription);
        }
        if (request instanceof RenewSubscription r) {
            Subscription change = new Subscription();
            change.setExpirationDateTime(r.expiration().atOffset(ZoneOffset.UTC));
            return sdk.subscriptions()
                    .bySubscriptionId(guid(r.subscriptionId()))
                    .toPatchRequestInformation(change);
        }
        if (request instanceof DeleteSubscription r) {
            return sdk.subscriptions()
                    .bySubscriptionId(guid(r.subscriptionId()))
                    .toDeleteRequestInformation();
        }
        throw new IllegalArgumentException("Not a Graph request the gateway knows: " + request);
    }

    /** A chat member bound to a user by object id, with the owner role (what Teams gives people in group chats). */
    private static ConversationMember chatMember(String userId) {
        AadUserConversationMember member = new AadUserConversationMember();
        member.setRoles(new ArrayList<>(List.of("owner")));
        member.getAdditionalData().put("user@odata.bind", BASE + "users('" + guid(userId) + "')");
        return member;
    }

    private static OAuth2PermissionGrant grant(CreatePrincipalGrant r) {
        OAuth2PermissionGrant grant = new OAuth2PermissionGrant();
        grant.setClientId(guid(r.clientId()));
        grant.setConsentType(GraphRequest.ConsentType.PRINCIPAL.odata());
        grant.setPrincipalId(guid(r.principalId()));
        grant.setResourceId(guid(r.resourceId()));
        grant.setScope(r.scope());
        return grant;
    }

    private static AppRoleAssignment assignment(AssignAppRole r) {
        AppRoleAssignment assignment = new AppRoleAssignment();
        assignment.setPrincipalId(UUID.fromString(guid(r.principalId())));
        assignment.setResourceId(UUID.fromString(guid(r.resourceId())));
        assignment.setAppRoleId(UUID.fromString(guid(r.appRoleId())));
        return assignment;
    }

    /**
     * One step of a batch, as the SDK's request builder forms it. The writes a job sends by the thousand (grants, app
     * role assignments) share their URL, method and headers with every other of their kind and resource: the request
     * builder forms the first, later ones reuse that form with their own body (the SDK's model, written by the SDK's
     * JSON serializer). Turning a request builder's request into an HTTP request (URI template, a span, the token) cost
     * more CPU than anything else in a batch of twenty.
     */
    private okhttp3.Request step(GraphRequest<?> request, RequestAdapter adapter) {
        String kind = request instanceof CreatePrincipalGrant
                ? "grant"
                : request instanceof AssignAppRole r ? "assignment " + guid(r.resourceId()) : null;
        if (kind == null) {
            return adapter.convertToNativeRequest(information(request));
        }
        okhttp3.Request form = stepForms.get(kind);
        if (form == null) {
            form = adapter.convertToNativeRequest(information(request));
            if (stepForms.size() < 64) {
                // The batch carries the token; its steps never do (the SDK drops it from them too).
                stepForms.put(
                        kind, form.newBuilder().removeHeader("Authorization").build());
            }
            return form;
        }
        Parsable body = request instanceof CreatePrincipalGrant r ? grant(r) : assignment((AssignAppRole) request);
        return form.newBuilder()
                .method(
                        form.method(),
                        RequestBody.create(json(adapter, body), form.body().contentType()))
                .build();
    }

    private static byte[] json(RequestAdapter adapter, Parsable model) {
        try (SerializationWriter writer =
                adapter.getSerializationWriterFactory().getSerializationWriter("application/json")) {
            writer.writeObjectValue(null, model);
            return writer.getSerializedContent().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The request could not be written", e);
        }
    }

    /** The next page: the same request builder, at Graph's nextLink. */
    private RequestInformation nextPage(NextPage<?> next) {
        String link = next.link();
        if (!link.startsWith(BASE)) {
            throw new IllegalArgumentException("Not a Graph nextLink: " + link);
        }
        GraphRequest<?> first = next.first();
        if (first instanceof DelegatedGrants) {
            return sdk.oauth2PermissionGrants().withUrl(link).toGetRequestInformation();
        }
        if (first instanceof AppRoleAssignedTo r) {
            return sdk.servicePrincipals()
                    .byServicePrincipalId(guid(r.resourceId()))
                    .appRoleAssignedTo()
                    .withUrl(link)
                    .toGetRequestInformation();
        }
        if (first instanceof Users || first instanceof UsersByIds) {
            return sdk.users().withUrl(link).toGetRequestInformation();
        }
        if (first instanceof ChatMessages r) {
            return sdk.chats()
                    .byChatId(chatId(r.chatId()))
                    .messages()
                    .withUrl(link)
                    .toGetRequestInformation();
        }
        if (first instanceof GroupUserMembers r) {
            return sdk.groups()
                    .byGroupId(guid(r.groupId()))
                    .transitiveMembers()
                    .withUrl(link)
                    .toGetRequestInformation();
        }
        throw new IllegalArgumentException("Not a collection request: " + first);
    }

    /**
     * The filter of a user search: names, e-mail addresses and user names starting with the text, or the object id.
     * The text is an OData string literal (its single quotes doubled); the SDK encodes the whole filter for the URL.
     */
    static String startsWithFilter(String text) {
        String t = literal(text);
        String filter = "startswith(displayName," + t + ") or startswith(givenName," + t + ") or startswith(surname,"
                + t + ") or startswith(mail," + t + ") or startswith(userPrincipalName," + t + ")";
        if (GUID.matcher(text).matches()) {
            filter += " or id eq " + t;
        }
        return filter;
    }

    static String idsFilter(List<String> ids) {
        return "id in ("
                + String.join(",", ids.stream().map(id -> literal(guid(id))).toList()) + ")";
    }

    /** An OData string literal: quoted, its single quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    // --- answers: the SDK's models, read into records --------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static <T> T read(GraphRequest<T> request, ParseNode node) {
        GraphRequest<?> kind = request instanceof NextPage<?> next ? next.first() : request;
        Object value;
        if (kind instanceof ServicePrincipalByAppId) {
            ServicePrincipalCollectionResponse found =
                    node.getObjectValue(ServicePrincipalCollectionResponse::createFromDiscriminatorValue);
            value = items(found == null ? null : found.getValue()).stream()
                    .filter(p -> p.getId() != null)
                    .findFirst()
                    .map(GraphGateway::servicePrincipal);
        } else if (kind instanceof ServicePrincipalWithAppId) {
            value = servicePrincipal(node.getObjectValue(ServicePrincipal::createFromDiscriminatorValue));
        } else if (kind instanceof ApplicationByAppId) {
            value = application(node.getObjectValue(Application::createFromDiscriminatorValue));
        } else if (kind instanceof CreateServicePrincipal) {
            value = node.getObjectValue(ServicePrincipal::createFromDiscriminatorValue)
                    .getId();
        } else if (kind instanceof DelegatedGrants) {
            OAuth2PermissionGrantCollectionResponse page =
                    node.getObjectValue(OAuth2PermissionGrantCollectionResponse::createFromDiscriminatorValue);
            value = page(page.getValue(), GraphGateway::grant, page.getOdataNextLink());
        } else if (kind instanceof CreatePrincipalGrant) {
            value = grant(node.getObjectValue(OAuth2PermissionGrant::createFromDiscriminatorValue));
        } else if (kind instanceof AssignAppRole) {
            value = assignment(node.getObjectValue(AppRoleAssignment::createFromDiscriminatorValue));
        } else if (kind instanceof AppRoleAssignedTo) {
            AppRoleAssignmentCollectionResponse page =
                    node.getObjectValue(AppRoleAssignmentCollectionResponse::createFromDiscriminatorValue);
            value = page(page.getValue(), GraphGateway::assignment, page.getOdataNextLink());
        } else if (kind instanceof Users || kind instanceof UsersByIds) {
            UserCollectionResponse page = node.getObjectValue(UserCollectionResponse::createFromDiscriminatorValue);
            value = page(
                    page.getValue(),
                    u -> new GraphUser(u.getId(), u.getDisplayName(), u.getMail(), u.getUserPrincipalName()),
                    page.getOdataNextLink());
        } else if (kind instanceof UsersDelta) {
            DeltaGetResponse page = node.getObjectValue(DeltaGetResponse::createFromDiscriminatorValue);
            String nextLink = page.getOdataNextLink();
            String deltaLink = page.getOdataDeltaLink();
            value = new DeltaPage(
                    items(page.getValue()).stream().map(GraphGateway::deltaUser).toList(),
                    nextLink != null && nextLink.startsWith(BASE) ? nextLink : null,
                    deltaLink != null && deltaLink.startsWith(BASE) ? deltaLink : null);
        } else if (kind instanceof GroupUserMembers) {
            DirectoryObjectCollectionResponse page =
                    node.getObjectValue(DirectoryObjectCollectionResponse::createFromDiscriminatorValue);
            List<DirectoryObject> users = items(page.getValue()).stream()
                    .filter(member -> member instanceof User && member.getId() != null)
                    .toList();
            value = page(users, DirectoryObject::getId, page.getOdataNextLink());
        } else if (kind instanceof CreateGroupChat) {
            Chat chat = node.getObjectValue(Chat::createFromDiscriminatorValue);
            value = new ChatInfo(chat.getId(), chat.getTopic(), chat.getWebUrl());
        } else if (kind instanceof ChatMemberUserIds) {
            ConversationMemberCollectionResponse page =
                    node.getObjectValue(ConversationMemberCollectionResponse::createFromDiscriminatorValue);
            List<String> userIds = items(page.getValue()).stream()
                    .filter(m -> m instanceof AadUserConversationMember u && u.getUserId() != null)
                    .map(m -> ((AadUserConversationMember) m).getUserId())
                    .toList();
            value = new Page<>(userIds, null);
        } else if (kind instanceof ChatMessages) {
            ChatMessageCollectionResponse page =
                    node.getObjectValue(ChatMessageCollectionResponse::createFromDiscriminatorValue);
            value = page(page.getValue(), GraphGateway::chatMessage, page.getOdataNextLink());
        } else if (kind instanceof SendChatMessage) {
            value = node.getObjectValue(ChatMessage::createFromDiscriminatorValue)
                    .getId();
        } else if (kind instanceof SubscribeToChatMessages || kind instanceof RenewSubscription) {
            Subscription subscription = node.getObjectValue(Subscription::createFromDiscriminatorValue);
            value = new SubscriptionInfo(
                    subscription.getId(),
                    subscription.getResource(),
                    subscription.getExpirationDateTime() == null
                            ? null
                            : subscription.getExpirationDateTime().toInstant());
        } else if (kind instanceof CreateMyMeeting) {
            OnlineMeeting meeting = node.getObjectValue(OnlineMeeting::createFromDiscriminatorValue);
            value = new MeetingInfo(meeting.getId(), meeting.getJoinWebUrl());
        } else {
            value = null; // writes without content (PATCH, DELETE)
        }
        return (T) value;
    }

    static ChatMessageInfo chatMessage(ChatMessage m) {
        Identity sender = m.getFrom() == null
                ? null
                : m.getFrom().getUser() != null
                        ? m.getFrom().getUser()
                        : m.getFrom().getApplication();
        ItemBody body = m.getBody();
        boolean written = (m.getMessageType() == null || m.getMessageType() == ChatMessageType.Message)
                && m.getDeletedDateTime() == null;
        Instant sent =
                m.getCreatedDateTime() == null ? null : m.getCreatedDateTime().toInstant();
        return new ChatMessageInfo(
                m.getId(),
                sender == null ? null : sender.getDisplayName(),
                sent,
                body == null ? null : body.getContent(),
                body != null && body.getContentType() == BodyType.Html,
                written,
                m.getFrom() == null || m.getFrom().getUser() == null
                        ? null
                        : m.getFrom().getUser().getId(),
                m.getLastModifiedDateTime() == null
                        ? sent
                        : m.getLastModifiedDateTime().toInstant());
    }

    private static DeltaUser deltaUser(User u) {
        Map<String, Object> extra = u.getAdditionalData();
        boolean removed = extra != null && extra.get("@removed") != null;
        return new DeltaUser(
                u.getId(),
                u.getDisplayName(),
                u.getMail(),
                u.getUserPrincipalName(),
                items(u.getOtherMails()),
                items(u.getProxyAddresses()),
                u.getUserType(),
                u.getAccountEnabled(),
                removed);
    }

    private static <S, T> Page<T> page(List<S> items, Function<S, T> read, String nextLink) {
        return new Page<>(
                items(items).stream().map(read).toList(),
                nextLink != null && nextLink.startsWith(BASE) ? nextLink : null);
    }

    private static <S> List<S> items(List<S> items) {
        return items == null
                ? List.of()
                : items.stream().filter(Objects::nonNull).toList();
    }

    private static ServicePrincipalInfo servicePrincipal(ServicePrincipal principal) {
        Map<String, String> roles = new HashMap<>();
        for (AppRole role : items(principal.getAppRoles())) {
            if (role.getId() != null && role.getValue() != null) {
                roles.put(role.getId().toString().toLowerCase(Locale.ROOT), role.getValue());
            }
        }
        return new ServicePrincipalInfo(
                principal.getId(),
                principal.getAppId(),
                Collections.unmodifiableMap(roles),
                items(principal.getAppRoleAssignments()).stream()
                        .map(GraphGateway::assignment)
                        .toList());
    }

    private static ApplicationInfo application(Application application) {
        return new ApplicationInfo(
                application.getAppId(),
                application.getDisplayName(),
                items(application.getPasswordCredentials()).stream()
                        .map(GraphGateway::secret)
                        .toList(),
                items(application.getKeyCredentials()).stream()
                        .map(GraphGateway::certificate)
                        .toList());
    }

    private static CredentialInfo secret(PasswordCredential secret) {
        return new CredentialInfo(
                text(secret.getKeyId()), secret.getDisplayName(), secret.getHint(), instant(secret.getEndDateTime()));
    }

    private static CredentialInfo certificate(KeyCredential certificate) {
        return new CredentialInfo(
                text(certificate.getKeyId()),
                certificate.getDisplayName(),
                null,
                instant(certificate.getEndDateTime()));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static DelegatedGrant grant(OAuth2PermissionGrant grant) {
        return new DelegatedGrant(
                grant.getId(),
                grant.getClientId(),
                grant.getConsentType(),
                grant.getPrincipalId(),
                grant.getResourceId(),
                grant.getScope());
    }

    private static RoleAssignment assignment(AppRoleAssignment assignment) {
        return new RoleAssignment(
                assignment.getId(),
                text(assignment.getPrincipalId()),
                text(assignment.getResourceId()),
                text(assignment.getAppRoleId()));
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    // --- plumbing --------------------------------------------------------------------------------------------------

    private interface GraphCall<T> {
        T run();
    }

    /** Graph's error statuses as {@link GraphRefusal}; a request that got no answer (network, timeout) as IOException. */
    private static <T> T call(GraphCall<T> call) throws IOException, GraphRefusal {
        try {
            return call.run();
        } catch (ApiException refused) {
            if (refused.getResponseStatusCode() > 0) {
                String code = refused instanceof ODataError odata && odata.getError() != null
                        ? odata.getError().getCode()
                        : null;
                throw new GraphRefusal(refused.getResponseStatusCode(), code, refused.getMessage());
            }
            throw new IOException("Microsoft Graph did not answer", refused);
        } catch (RuntimeException failed) {
            for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    if (Thread.currentThread().isInterrupted()) {
                        InterruptedIOException interrupted =
                                new InterruptedIOException("Interrupted while waiting for Microsoft Graph");
                        interrupted.initCause(failed);
                        throw interrupted;
                    }
                    // A timeout too (OkHttp's are InterruptedIOExceptions): no answer, not an interruption of the job.
                    throw new IOException("Microsoft Graph did not answer", failed);
                }
            }
            throw failed;
        }
    }

    /** Ids go into OData filters and paths: only a GUID may, so nothing can be injected. */
    static String guid(String id) {
        if (id == null || !GUID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not an object id: " + id);
        }
        return id;
    }

    private static String chatId(String id) {
        if (id == null || !CHAT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a chat id: " + id);
        }
        return id;
    }

    private static String key(String id) {
        if (id == null || !KEY.matcher(id).matches()) {
            throw new IllegalArgumentException("Not an object id: " + id);
        }
        return id;
    }
}
