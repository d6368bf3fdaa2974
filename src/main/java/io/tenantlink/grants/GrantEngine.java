package io.tenantlink.grants;

import io.tenantlink.grants.GrantPlanner.Batch;
import io.tenantlink.grants.GrantPlanner.Context;
import io.tenantlink.grants.GrantPlanner.ExistingGrant;
import io.tenantlink.grants.GrantPlanner.UserPlan;
import io.tenantlink.grants.GrantPlanner.Write;
import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.DelegatedGrant;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphGateway.RoleAssignment;
import io.tenantlink.microsoft.GraphGateway.ServicePrincipalInfo;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.AppRoleAssignedTo;
import io.tenantlink.microsoft.GraphRequest.ConsentType;
import io.tenantlink.microsoft.GraphRequest.CreateServicePrincipal;
import io.tenantlink.microsoft.GraphRequest.DelegatedGrants;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalByAppId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Approves one client app for a list of users of one tenant, as seed 001's PowerShell loop does, but with a
 * constant number of reads and batched, concurrent writes:
 * <ol>
 * <li>one $batch looks up the client's and Microsoft Graph's service principals; the client's is created if missing;</li>
 * <li>the client's Principal grants to Graph and its appRoleAssignedTo are listed once (pages of 999), not per user;</li>
 * <li>per user the planner decides create / update / nothing and whether to assign the default app role;</li>
 * <li>the writes go out as $batch requests of 20, {@code concurrency} at a time; throttled requests inside a batch
 * are retried by {@link GraphGateway#batch} after their Retry-After; what is still throttled or failed transiently
 * (429, 424, 5xx, an unanswered batch) is planned again in the next round, from the state the engine now knows,
 * after the longest Retry-After seen. A create answered 409 (the grant exists: an earlier, unanswered attempt or
 * somebody else) re-reads that user's grant, so nothing is ever created twice.</li>
 * </ol>
 * Results are handed to {@link Progress#record} after every batch, and cancellation is checked after every batch (and every 250 ms while
 * waiting) before further batches, both on the thread that called {@link #run}, which also forms the next batches (the
 * Graph SDK's work) while others are in flight; the executor's threads only send batches.
 */
public final class GrantEngine {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(GrantEngine.class.getName());

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final int PAGE = 999;

    /** The app to approve and the delegated scopes to grant (already checked against the catalog). */
    public record Target(String clientAppId, Set<String> scopes) {
        public Target {
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        }
    }

    /** Where results go (called from several threads) and whether to stop. */
    public interface Progress {
        boolean cancelled();

        void record(List<UserResult> results);
    }

    /** Why the job could not start (no user was touched). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Microsoft Graph no longer accepts the job's token (401): it expired, or the tenant revoked the consent or the
     * administrator's sessions. The run stops before its next batch; users not finished stay pending (resumable).
     */
    public static final class TokenRefused extends IOException {
        private static final long serialVersionUID = 1L;

        public TokenRefused(String detail) {
            super("Microsoft Graph no longer accepts the job's token (HTTP 401)"
                    + (detail == null || detail.isBlank() ? "" : ": " + detail));
        }
    }

    /**
     * Microsoft Graph accepts the token but not what the job asks of it (403): the token lacks a permission the job
     * needs, for every user alike (an app-only token without the application permissions, a consent only partly given).
     * The run stops; users not finished stay pending, for a sign-in by an administrator who can consent.
     */
    public static final class NotPermitted extends IOException {
        private static final long serialVersionUID = 1L;

        public NotPermitted(String what, String detail) {
            super("Microsoft Graph does not let the job's token " + what + " (HTTP 403"
                    + (detail == null || detail.isBlank() ? "" : ": " + detail) + ")");
        }
    }

    /** The end of a run: counts per outcome, and what was sent. */
    public record Summary(
            boolean cancelled, Map<GrantOutcome, Integer> counts, int batches, int writes, int reads, int rounds) {
        public int count(GrantOutcome outcome) {
            return counts.getOrDefault(outcome, 0);
        }
    }

    /** Waits (tests replace it). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final GrantGraph graph;
    private final Executor executor;
    private final int concurrency;
    private final int maxRounds;
    private final Duration maxPause;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    public GrantEngine(GrantGraph graph, Executor executor, int concurrency) {
        this(graph, executor, concurrency, 12, Duration.ofSeconds(120));
    }

    public GrantEngine(GrantGraph graph, Executor executor, int concurrency, int maxRounds, Duration maxPause) {
        this.graph = graph;
        this.executor = executor;
        this.concurrency = Math.max(1, concurrency);
        this.maxRounds = maxRounds;
        this.maxPause = maxPause;
    }

    GrantEngine sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    // --- per-run state ---------------------------------------------------------------------------------------

    private final class Run {
        final Context context;
        final Progress progress;
        final Map<String, ExistingGrant> grants = new ConcurrentHashMap<>();
        final Set<String> assigned = ConcurrentHashMap.newKeySet();
        /** What happened to a user's grant in an earlier round (CREATED / UPDATED), kept across retries. */
        final Map<String, GrantOutcome> grantDone = new ConcurrentHashMap<>();

        final Map<String, GrantOutcome> finalOutcome = new ConcurrentHashMap<>();
        final Map<String, String> scopesBefore = new ConcurrentHashMap<>();
        /** Users whose create met 409: an earlier attempt whose answer was lost may have created the grant. */
        final Set<String> conflicted = ConcurrentHashMap.newKeySet();
        /** Users whose grant this run created in an attempt whose answer was lost (found by the re-read after 409). */
        final Set<String> recovered = ConcurrentHashMap.newKeySet();

        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicReference<IOException> fatal = new AtomicReference<>();

        Run(Context context, Progress progress) {
            this.context = context;
            this.progress = progress;
        }

        void record(List<UserResult> results) {
            if (!results.isEmpty()) {
                results.forEach(r -> finalOutcome.put(r.userId(), r.outcome()));
                progress.record(results);
            }
        }
    }

    /** One round's verdict on users still to do. */
    private record Retry(Set<String> users, Set<String> refresh, Map<String, String> reasons, long waitSeconds) {}

    // --- the run ---------------------------------------------------------------------------------------------

    public Summary run(Target target, List<String> userIds, Progress progress)
            throws IOException, Refused, InterruptedException {
        if (target.scopes().isEmpty()) {
            throw new Refused("No scopes to grant.");
        }
        AtomicInteger reads = new AtomicInteger();
        Context context = resolve(target, reads);
        Run run = new Run(context, progress);
        run.reads.addAndGet(reads.get());

        List<String> users = new ArrayList<>();
        List<UserResult> invalid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : userIds) {
            String id = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!GUID.matcher(id).matches()) {
                invalid.add(
                        new UserResult(raw, GrantOutcome.FAILED, "Not a Microsoft Entra user object id.", null, null));
            } else if (seen.add(id)) {
                users.add(id);
            }
        }
        run.record(invalid);
        if (users.isEmpty()) {
            return summary(run, false, 0);
        }
        loadExisting(run);

        Set<String> pending = new LinkedHashSet<>(users);
        Map<String, String> lastReason = new HashMap<>();
        int round = 0;
        while (!pending.isEmpty()) {
            if (progress.cancelled()) {
                return summary(run, true, round);
            }
            round++;
            Retry retry = round(run, pending);
            if (run.fatal.get() != null) {
                throw run.fatal.get();
            }
            if (progress.cancelled()) {
                return summary(run, true, round);
            }
            lastReason.putAll(retry.reasons());
            Set<String> next = new LinkedHashSet<>(retry.users());
            for (String user : pending) {
                if (!run.finalOutcome.containsKey(user) && next.add(user)) {
                    // Every user of a round ends with an outcome or is retried; one that did neither would leave the
                    // job DONE with users still to do. Never expected: said loudly, and the user tried again.
                    LOG.warning(() ->
                            "Limited-user approval: user " + user + " had no outcome after a round;" + " tried again");
                }
            }
            pending = next;
            if (pending.isEmpty()) {
                break;
            }
            if (round >= maxRounds) {
                List<UserResult> failed = new ArrayList<>();
                for (String user : pending) {
                    failed.add(new UserResult(
                            user,
                            GrantOutcome.FAILED,
                            "Microsoft Graph kept refusing: " + lastReason.getOrDefault(user, "no answer")
                                    + " (gave up after " + round + " attempts).",
                            null,
                            null));
                }
                run.record(failed);
                break;
            }
            sleeper.sleep(Duration.ofSeconds(Math.min(Math.max(1, retry.waitSeconds()), maxPause.toSeconds())));
            if (!retry.refresh().isEmpty()) {
                refresh(run, retry.refresh());
            }
        }
        return summary(run, false, round);
    }

    private Summary summary(Run run, boolean cancelled, int rounds) {
        Map<GrantOutcome, Integer> counts = new EnumMap<>(GrantOutcome.class);
        run.finalOutcome.values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return new Summary(cancelled, counts, run.batches.get(), run.writes.get(), run.reads.get(), rounds);
    }

    /** Plans the pending users, records those with nothing to write, sends the rest concurrently. */
    private Retry round(Run run, Set<String> pending) throws InterruptedException {
        List<UserPlan> plans = new ArrayList<>();
        List<UserResult> nothingToDo = new ArrayList<>();
        for (String user : pending) {
            UserPlan plan =
                    GrantPlanner.plan(user, run.context.scopes(), run.grants.get(user), run.assigned.contains(user));
            if (plan.requests() == 0) {
                ExistingGrant g = run.grants.get(user);
                GrantOutcome done = run.grantDone.getOrDefault(user, GrantOutcome.SKIPPED);
                String before = done == GrantOutcome.UPDATED
                        ? run.scopesBefore.get(user)
                        : done == GrantOutcome.SKIPPED && g != null ? g.scope() : null;
                nothingToDo.add(new UserResult(
                        user,
                        done,
                        done == GrantOutcome.SKIPPED
                                ? "Already approved with these scopes."
                                : run.recovered.contains(user) ? RECOVERED : null,
                        before,
                        g == null ? null : g.scope()));
                if (nothingToDo.size() >= 500) {
                    run.record(List.copyOf(nothingToDo));
                    nothingToDo.clear();
                }
            } else {
                plans.add(plan);
            }
        }
        run.record(nothingToDo);
        List<Batch> planned = GrantPlanner.batches(plans, run.context, GraphGateway.MAX_BATCH);
        Iterator<Batch> unformed = planned.iterator();
        // Forming a batch with the Graph SDK costs about as much CPU as sending it: this (the caller's) thread forms
        // the
        // next few while the workers' batches are in flight, so that a worker sends its next one as soon as it is free.
        BlockingQueue<Formed> formed = new LinkedBlockingQueue<>();
        AtomicBoolean allFormed = new AtomicBoolean(planned.isEmpty());
        Set<String> retryUsers = ConcurrentHashMap.newKeySet();
        Set<String> refresh = ConcurrentHashMap.newKeySet();
        Map<String, String> reasons = new ConcurrentHashMap<>();
        AtomicLong wait = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        int workers = Math.min(concurrency, planned.size());
        // Workers only talk to Graph; results are recorded, and cancellation checked, on this (the caller's) thread,
        // so a container's job thread keeps its transactions and context to itself.
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Object workerDone = new Object();
        for (int i = 0; i < workers; i++) {
            executor.execute(() -> {
                try {
                    while (!stop.get()) {
                        Formed next = formed.poll(20, TimeUnit.MILLISECONDS);
                        if (next != null) {
                            events.add(send(run, next, retryUsers, refresh, reasons, wait, stop));
                        } else if (allFormed.get() && formed.isEmpty()) {
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                } catch (RuntimeException e) {
                    run.fatal.compareAndSet(null, new IOException("The approval job failed: " + e, e));
                    stop.set(true);
                } finally {
                    events.add(workerDone);
                }
            });
        }
        int finished = 0;
        while (finished < workers) {
            Object event;
            if (!allFormed.get() && !stop.get() && formed.size() < 2 * workers) {
                Batch next = unformed.next();
                try {
                    formed.add(new Formed(next, graph.prepareBatch(next.requests())));
                } catch (RuntimeException e) {
                    run.fatal.compareAndSet(null, new IOException("The approval job failed: " + e, e));
                    stop.set(true);
                    next.users().forEach(u -> retryUsers.add(u.userId()));
                }
                allFormed.compareAndSet(false, !unformed.hasNext());
                event = events.poll();
                if (event == null) {
                    continue;
                }
            } else {
                if (stop.get()) {
                    // Cancelled, or the token refused: no more batches are formed; those not sent stay pending.
                    allFormed.set(true);
                }
                event = events.poll(250, TimeUnit.MILLISECONDS);
            }
            if (event == workerDone) {
                finished++;
                continue;
            }
            if (event instanceof List<?> results) {
                @SuppressWarnings("unchecked")
                List<UserResult> list = (List<UserResult>) results;
                run.record(list);
            }
            // After every batch (and every 250 ms while waiting): a cancel stops the batches not yet sent.
            if (!stop.get() && run.progress.cancelled()) {
                stop.set(true);
            }
        }
        // Batches never sent (cancelled or stopped) stay pending.
        for (Formed f : formed) {
            f.batch().users().forEach(u -> retryUsers.add(u.userId()));
        }
        unformed.forEachRemaining(b -> b.users().forEach(u -> retryUsers.add(u.userId())));
        return new Retry(retryUsers, refresh, reasons, wait.get());
    }

    /** A planned batch and the SDK's form of it, ready to send. */
    private record Formed(Batch batch, GraphGateway.PreparedBatch prepared) {}

    /** Sends one batch and interprets it; returns the finished users' results (recorded by the caller's thread). */
    private List<UserResult> send(
            Run run,
            Formed formed,
            Set<String> retryUsers,
            Set<String> refresh,
            Map<String, String> reasons,
            AtomicLong wait,
            AtomicBoolean stop) {
        Batch batch = formed.batch();
        run.batches.incrementAndGet();
        run.writes.addAndGet(batch.requests().size());
        List<GraphAnswer<Object>> results;
        try {
            results = graph.sendBatch(formed.prepared());
        } catch (GraphGateway.BatchRefused e) {
            if (e.status() == 401) {
                // The whole batch was refused: the token, not these users. Stop; they stay pending.
                run.fatal.compareAndSet(null, new TokenRefused(null));
                stop.set(true);
                batch.users().forEach(u -> retryUsers.add(u.userId()));
                return List.of();
            }
            batch.users().forEach(u -> {
                retryUsers.add(u.userId());
                reasons.put(u.userId(), "HTTP " + e.status() + " for the whole batch");
            });
            wait.accumulateAndGet(2, Math::max);
            return List.of();
        } catch (IOException e) {
            // Unanswered: the writes may or may not have happened; a retry is safe (409 / "already exists" are
            // handled).
            batch.users().forEach(u -> {
                retryUsers.add(u.userId());
                reasons.put(u.userId(), "no answer (" + e.getMessage() + ")");
            });
            wait.accumulateAndGet(2, Math::max);
            return List.of();
        }
        Map<String, List<Map.Entry<Write, GraphAnswer<?>>>> perUser = new LinkedHashMap<>();
        batch.users().forEach(u -> perUser.put(u.userId(), new ArrayList<>()));
        for (int i = 0; i < batch.writes().size(); i++) {
            Write write = batch.writes().get(i);
            GraphAnswer<?> answer =
                    i < results.size() && results.get(i) != null ? results.get(i) : GraphAnswer.unanswered(0);
            perUser.get(write.userId()).add(Map.entry(write, answer));
        }
        List<UserResult> finished = new ArrayList<>();
        for (UserPlan plan : batch.users()) {
            String user = plan.userId();
            String failure = null;
            boolean again = false;
            for (Map.Entry<Write, GraphAnswer<?>> e : perUser.get(user)) {
                GraphAnswer<?> r = e.getValue();
                int status = r.status();
                if (status == 401) {
                    stop.set(true);
                    run.fatal.compareAndSet(null, new TokenRefused(errorMessage(r)));
                    again = true;
                    continue;
                }
                switch (e.getKey().kind()) {
                    case GRANT_CREATE -> {
                        if (status == 201 || status == 200) {
                            String id = r.value() instanceof DelegatedGrant created ? created.id() : null;
                            run.grants.put(user, new ExistingGrant(id, user, run.context.scopeText()));
                            run.grantDone.put(user, GrantOutcome.CREATED);
                        } else if (status == 409) {
                            run.conflicted.add(user);
                            refresh.add(user);
                            again = true;
                        } else if (status == 400 || status == 404) {
                            failure = unknownUserOr(r);
                        } else if (status == 403) {
                            notPermitted(run, stop, "create delegated permission grants", r);
                            again = true;
                        } else {
                            again = true;
                            reasons.put(user, describe(r));
                            wait.accumulateAndGet(retryAfter(r), Math::max);
                        }
                    }
                    case GRANT_UPDATE -> {
                        if (status == 204 || status == 200) {
                            ExistingGrant old = plan.existing();
                            run.grants.put(user, new ExistingGrant(old.id(), user, run.context.scopeText()));
                            run.grantDone.put(user, GrantOutcome.UPDATED);
                            run.scopesBefore.putIfAbsent(user, old.scope());
                        } else if (status == 404) {
                            run.grants.remove(user);
                            refresh.add(user);
                            again = true;
                        } else if (status == 403) {
                            notPermitted(run, stop, "change delegated permission grants", r);
                            again = true;
                        } else if (status == 400) {
                            failure = "Microsoft Graph refused the scope change: " + errorMessage(r);
                        } else {
                            again = true;
                            reasons.put(user, describe(r));
                            wait.accumulateAndGet(retryAfter(r), Math::max);
                        }
                    }
                    case ROLE_ASSIGN -> {
                        if (status == 201 || status == 200) {
                            run.assigned.add(user);
                        } else if (status == 400
                                && errorMessage(r).toLowerCase(Locale.ROOT).contains("already exists")) {
                            run.assigned.add(user);
                        } else if (status == 404 || status == 400) {
                            failure = failure != null ? failure : unknownUserOr(r);
                        } else if (status == 403) {
                            notPermitted(run, stop, "assign the app to users", r);
                            again = true;
                        } else {
                            again = true;
                            reasons.put(user, describe(r));
                            wait.accumulateAndGet(retryAfter(r), Math::max);
                        }
                    }
                }
            }
            if (failure != null) {
                GrantOutcome grantState = run.grantDone.get(user);
                String detail = grantState == null
                        ? failure
                        : "Grant " + grantState.name().toLowerCase(Locale.ROOT) + ", but: " + failure;
                ExistingGrant g = run.grants.get(user);
                finished.add(new UserResult(
                        user, GrantOutcome.FAILED, detail, run.scopesBefore.get(user), g == null ? null : g.scope()));
            } else if (again) {
                retryUsers.add(user);
            } else {
                GrantOutcome outcome = run.grantDone.getOrDefault(user, GrantOutcome.SKIPPED);
                ExistingGrant g = run.grants.get(user);
                String before = outcome == GrantOutcome.CREATED
                        ? null
                        : outcome == GrantOutcome.UPDATED ? run.scopesBefore.get(user) : g == null ? null : g.scope();
                String detail = outcome == GrantOutcome.SKIPPED
                        ? "Grant already had these scopes; app assigned."
                        : run.recovered.contains(user) ? RECOVERED : null;
                finished.add(new UserResult(user, outcome, detail, before, g == null ? null : g.scope()));
            }
        }
        return finished;
    }

    /** A 403 for a write: the token's permissions, not this user; the run stops before its next batch. */
    private static void notPermitted(Run run, AtomicBoolean stop, String what, GraphAnswer<?> r) {
        run.fatal.compareAndSet(null, new NotPermitted(what, errorMessage(r)));
        stop.set(true);
    }

    /** The detail of a user whose grant an attempt with a lost answer created (the retry met 409, the re-read found it). */
    static final String RECOVERED =
            "Created by an attempt whose answer was lost (the retry found the grant in place); not duplicated.";

    private static String unknownUserOr(GraphAnswer<?> r) {
        String message = errorMessage(r);
        String lower = message.toLowerCase(Locale.ROOT);
        if (r.status() == 404 || lower.contains("principalid")) {
            return "Microsoft Graph does not know this user in the tenant (unknown user, or a user of another tenant).";
        }
        return "Microsoft Graph refused: " + message;
    }

    private static String describe(GraphAnswer<?> r) {
        return r.status() == 0
                ? "no answer"
                : "HTTP " + r.status() + (r.status() == 429 ? " (throttled)" : "") + " " + errorMessage(r);
    }

    /** Graph's Retry-After in seconds (at least 1), or 2 when it named none. */
    private static long retryAfter(GraphAnswer<?> r) {
        return r.retryAfterSeconds().isPresent()
                ? Math.max(1, r.retryAfterSeconds().getAsLong())
                : 2;
    }

    static String errorMessage(GraphAnswer<?> r) {
        return r.errorText();
    }

    // --- reads ---------------------------------------------------------------------------------------------

    /** Both service principals in one $batch; the client's is created when missing. */
    private Context resolve(Target target, AtomicInteger reads) throws IOException, Refused {
        List<ServicePrincipalByAppId> lookups = List.of(
                new ServicePrincipalByAppId(target.clientAppId()),
                new ServicePrincipalByAppId(GrantPlanner.GRAPH_APP_ID));
        List<GraphAnswer<Optional<ServicePrincipalInfo>>> answers = null;
        for (int attempt = 1; answers == null; attempt++) {
            reads.addAndGet(lookups.size());
            List<GraphAnswer<Optional<ServicePrincipalInfo>>> got;
            try {
                got = graph.batch(lookups);
            } catch (GraphGateway.BatchRefused e) {
                if (e.status() == 401) {
                    throw new TokenRefused(null);
                }
                throw e;
            }
            boolean transientFailure = got.stream().anyMatch(r -> transientStatus(r.status()));
            if (!transientFailure || attempt >= maxRounds) {
                answers = got;
            } else {
                long wait =
                        got.stream().mapToLong(GrantEngine::retryAfter).max().orElse(2);
                try {
                    sleeper.sleep(Duration.ofSeconds(Math.min(wait, maxPause.toSeconds())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for Microsoft Graph", e);
                }
            }
        }
        String[] ids = new String[lookups.size()];
        for (int i = 0; i < lookups.size(); i++) {
            GraphAnswer<Optional<ServicePrincipalInfo>> r = answers.get(i);
            if (r.status() == 401) {
                throw new TokenRefused(errorMessage(r));
            }
            if (r.status() == 403) {
                throw new NotPermitted("read service principals", errorMessage(r));
            }
            if (!r.ok() || r.value() == null) {
                throw new IOException("Microsoft Graph answered HTTP " + r.status() + " to a service principal lookup: "
                        + errorMessage(r));
            }
            ids[i] = r.value().map(ServicePrincipalInfo::id).orElse(null);
        }
        String clientSp = ids[0];
        String graphSp = ids[1];
        if (graphSp == null) {
            throw new Refused("The tenant has no Microsoft Graph service principal.");
        }
        if (clientSp == null) {
            GraphAnswer<String> created = null;
            for (int attempt = 1;
                    created == null || transientStatus(created.status()) && attempt <= maxRounds;
                    attempt++) {
                if (created != null) {
                    pause(created);
                }
                created = graph.send(new CreateServicePrincipal(target.clientAppId(), List.of()));
                reads.incrementAndGet();
            }
            if (created.status() == 401) {
                throw new TokenRefused(null);
            }
            if (created.status() == 403) {
                throw new NotPermitted("create the app's service principal", null);
            }
            if (created.status() == 201 && created.ok()) {
                clientSp = created.value();
            } else if (created.status() == 409) {
                GraphAnswer<Optional<ServicePrincipalInfo>> again =
                        graph.send(new ServicePrincipalByAppId(target.clientAppId()));
                reads.incrementAndGet();
                clientSp = again.ok() && again.value() != null
                        ? again.value().map(ServicePrincipalInfo::id).orElse(null)
                        : null;
            } else {
                throw new Refused("Microsoft Graph refused to create the app's service principal (HTTP "
                        + created.status() + "): " + errorMessage(created));
            }
            if (clientSp == null) {
                throw new Refused("The app's service principal could not be found or created.");
            }
        }
        return new Context(clientSp, graphSp, target.scopes());
    }

    /** The client's Principal grants to Graph and its default-role assignees, each listed once, paged. */
    private void loadExisting(Run run) throws IOException {
        for (DelegatedGrant g : list(
                run,
                new DelegatedGrants(run.context.clientSpId(), ConsentType.PRINCIPAL, null, run.context.graphSpId()),
                "delegated grants")) {
            if (g.principalId() != null) {
                String principal = g.principalId().toLowerCase(Locale.ROOT);
                run.grants.put(principal, new ExistingGrant(g.id(), principal, g.scope()));
            }
        }
        for (RoleAssignment a : list(run, new AppRoleAssignedTo(run.context.clientSpId()), "app role assignments")) {
            if (GrantPlanner.DEFAULT_APP_ROLE.equalsIgnoreCase(a.appRoleId()) && a.principalId() != null) {
                run.assigned.add(a.principalId().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Every item of a collection, page by page, each page retried while Graph's failure is transient. */
    private <T> List<T> list(Run run, GraphRequest<Page<T>> first, String what) throws IOException {
        List<T> all = new ArrayList<>();
        GraphRequest<Page<T>> next = first;
        while (next != null) {
            GraphAnswer<Page<T>> response = null;
            for (int attempt = 1;
                    response == null || transientStatus(response.status()) && attempt <= maxRounds;
                    attempt++) {
                if (response != null) {
                    pause(response);
                }
                run.reads.incrementAndGet();
                response = graph.send(next);
            }
            if (response.status() == 401) {
                throw new TokenRefused(null);
            }
            if (response.status() == 403) {
                throw new NotPermitted("read the app's grants and assignments", null);
            }
            if (!response.ok() || response.value() == null) {
                throw new IOException("Microsoft Graph answered HTTP " + response.status() + " to the list of " + what
                        + (response.error() == null ? "" : ": " + errorMessage(response)));
            }
            all.addAll(response.value().items());
            next = response.value().next(first);
        }
        return all;
    }

    /** Re-reads the grants of users whose create met 409 (or whose grant vanished), 20 lookups per $batch. */
    private void refresh(Run run, Set<String> users) throws IOException {
        List<String> list = new ArrayList<>(users);
        for (int from = 0; from < list.size(); from += GraphGateway.MAX_BATCH) {
            List<String> chunk = list.subList(from, Math.min(list.size(), from + GraphGateway.MAX_BATCH));
            List<DelegatedGrants> requests = new ArrayList<>();
            for (String user : chunk) {
                requests.add(new DelegatedGrants(run.context.clientSpId(), ConsentType.PRINCIPAL, user, null));
            }
            run.reads.addAndGet(requests.size());
            List<GraphAnswer<Page<DelegatedGrant>>> answers;
            try {
                answers = graph.batch(requests);
            } catch (GraphGateway.BatchRefused e) {
                if (e.status() == 401) {
                    throw new TokenRefused(null);
                }
                continue; // stays as known; the next write attempt tells more
            }
            for (int i = 0; i < chunk.size() && i < answers.size(); i++) {
                String user = chunk.get(i);
                GraphAnswer<Page<DelegatedGrant>> r = answers.get(i);
                if (r == null || !r.ok() || r.value() == null) {
                    continue; // stays as known; the next write attempt tells more
                }
                run.grants.remove(user);
                for (DelegatedGrant g : r.value().items()) {
                    if (run.context.graphSpId().equalsIgnoreCase(g.resourceId())) {
                        ExistingGrant found = new ExistingGrant(g.id(), user, g.scope());
                        run.grants.put(user, found);
                        if (run.conflicted.remove(user)
                                && !run.grantDone.containsKey(user)
                                && GrantPlanner.sameScopes(found.scope(), run.context.scopes())) {
                            // Our create met 409 and the grant holds exactly our scopes: an earlier attempt of ours
                            // made it.
                            run.grantDone.put(user, GrantOutcome.CREATED);
                            run.recovered.add(user);
                        }
                    }
                }
            }
        }
    }

    /** Worth another try after a pause: throttled, or a server error that is not "not implemented". */
    static boolean transientStatus(int status) {
        return status == 429 || status >= 500 && status != 501;
    }

    private void pause(GraphAnswer<?> response) throws IOException {
        long seconds = response.retryAfterSeconds().orElse(2L);
        try {
            sleeper.sleep(Duration.ofSeconds(Math.min(Math.max(1, seconds), maxPause.toSeconds())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting for Microsoft Graph");
        }
    }
}
