package io.pigateway.cron;

import io.pigateway.core.CamelAwareService;
import io.pigateway.config.CronConfig;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.config.LiveConfig;
import io.pigateway.core.cluster.LeaderOnly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@code cron-<id>} route (from the {@code cron-job} template) per active job: the config's
 * jobs (re-read when the config changes) and the runtime ones from the {@link CronStore}. Starts
 * runs on a trigger, a catch-up at start, a retry or a run-now; records them, retries failures with
 * backoff and disables a job that keeps failing. Every change of the job set goes through here.
 */
final class CronScheduler extends CamelAwareService {
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);
    /** A fire this much before an {@code every} job's first due time still counts (Quartz's start delay). */
    private static final Duration EARLY = Duration.ofMillis(1500);

    /** A job as the gateway runs it: its definition and where it comes from ({@code config} or {@code runtime}). */
    record Job(CronJob spec, String origin) {
    }

    private final CronStore store;
    private final LiveConfig live;
    private final Function<CronConfig, JobRules> rulesFor;
    private final Function<CamelContext, CronRunner> runnerFor;
    private final ExecutorService work;
    private final ScheduledExecutorService timers;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** When each {@code every} route was created: its first run is one interval later. */
    private final Map<String, Instant> scheduledAt = new ConcurrentHashMap<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private CronRunner runner;
    private volatile CronConfig applied;
    private volatile JobRules rules;
    /** Whether this instance runs the schedules: always when standalone, while it leads "cron" in a cluster. */
    private volatile boolean leading;
    private LeaderOnly leadership;

    CronScheduler(CronStore store, LiveConfig live, Function<CronConfig, JobRules> rulesFor,
                  Function<CamelContext, CronRunner> runnerFor, ExecutorService work, ScheduledExecutorService timers) {
        this.store = store;
        this.live = live;
        this.rulesFor = rulesFor;
        this.runnerFor = runnerFor;
        this.work = work;
        this.timers = timers;
    }



    @Override
    protected void doStart() throws Exception {
        runner = runnerFor.apply(getCamelContext());
        // routes added while the context is still starting would race its start: wait until it runs
        getCamelContext().addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                leadership = LeaderOnly.run(context, "cron", CronScheduler.this::lead, CronScheduler.this::follow);
                if (!leading) { // a follower knows the jobs (API, tools) but leaves the schedules to the leader
                    reconcile(live.current().cron(), true);
                }
            }
        });
    }

    /** This instance runs the schedules now: every job scheduled anew, missed runs caught up (state is shared). */
    private synchronized void lead() {
        leading = true;
        reconcile(live.current().cron(), true);
    }

    /** Another instance runs the schedules: this one's triggers stop. */
    private synchronized void follow() {
        leading = false;
        new ArrayList<>(jobs.keySet()).forEach(this::unschedule);
    }

    @Override
    protected void doStop() {
        if (leadership != null) {
            leadership.close();
        }
        timers.shutdownNow();
        work.shutdownNow();
    }

    /** Run-started and run-finished events ({@code jobId, phase, trigger, run}) for WebSocket clients. */
    void onRun(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    JobRules rules() {
        return rules != null ? rules : rulesFor.apply(live.current().cron());
    }

    /** The {@code cron} section the jobs were last read from. */
    CronConfig appliedConfig() {
        return applied != null ? applied : live.current().cron();
    }

    boolean enabled() {
        return applied != null ? applied.enabled() : live.current().cron().enabled();
    }

    Map<String, Job> jobs() {
        return new java.util.TreeMap<>(jobs);
    }

    Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    JobState state(String id) {
        return store.state(id).orElseGet(() -> JobState.fresh(null));
    }

    /** The first time the job will fire from now, if it is scheduled. */
    Optional<Instant> nextRun(String id) {
        Job job = jobs.get(id);
        if (job == null || !enabled() || !active(job)) {
            return Optional.empty();
        }
        Instant anchor = scheduledAt.getOrDefault(id, Instant.now());
        return Schedules.nextAfter(job.spec().schedule(), Instant.now(), anchor);
    }

    /** Picks up a changed {@code cron} section (the config was reloaded; called during the reload). */
    void reconcileIfChanged() {
        CronConfig now = live.current().cron();
        if (applied != null && !now.equals(applied)) {
            LOG.info("cron: the config changed, re-reading its jobs");
            reconcile(now, false);
        }
    }

    synchronized void reconcile(CronConfig cron, boolean startup) {
        // cron.enabled switched by a reload: every job is scheduled (or unscheduled) anew
        boolean switched = applied != null && applied.enabled() != cron.enabled();
        applied = cron;
        rules = rulesFor.apply(cron);
        Map<String, Job> desired = new LinkedHashMap<>();
        for (CronJob job : cron.jobs()) {
            List<JobRules.Problem> problems = rules.check(job);
            if (!problems.isEmpty()) {
                LOG.warn("cron: config job {} is left out: {}", job.id(), problems);
            } else if (store.isRemoved(job)) {
                LOG.debug("cron: config job {} was removed at runtime", job.id());
            } else {
                store.clearRemoved(job.id()); // its definition changed: it is back
                desired.put(job.id(), new Job(job, "config"));
            }
        }
        store.runtimeJobs().forEach((id, job) -> {
            if (desired.containsKey(id)) {
                LOG.warn("cron: runtime job {} has the id of a config job; the config's is used", id);
            } else {
                desired.put(id, new Job(job, "runtime"));
            }
        });
        for (String id : new ArrayList<>(jobs.keySet())) {
            if (!desired.containsKey(id)) {
                unschedule(id);
                Job gone = jobs.remove(id);
                if ("config".equals(gone.origin())) {
                    store.forget(id); // left the config: if it comes back, it is a new job
                }
            }
        }
        desired.forEach((id, job) -> {
            Job before = jobs.get(id);
            if (!job.equals(before) || startup || switched) {
                unschedule(id);
                jobs.put(id, job);
                if (before != null && "config".equals(job.origin()) && !before.spec().equals(job.spec())) {
                    store.saveState(id, state(id).redefined(Instant.now().toString()));
                }
                schedule(id, startup);
            }
        });
        if (startup && leading && cron.enabled() && "one".equals(cron.catchUp())) {
            catchUp();
        }
    }

    /** Adds the job's route when the job is active; a past {@code at} runs once now instead. */
    synchronized void schedule(String id, boolean startup) {
        Job job = jobs.get(id);
        if (job == null || !enabled() || !leading) {
            return;
        }
        JobState state = store.state(id).orElse(null);
        if (state == null || state.anchor() == null) {
            state = (state != null ? state : JobState.fresh(null)).anchoredAt(Instant.now().toString());
            store.saveState(id, state);
        }
        if (!active(job)) {
            return;
        }
        var schedule = job.spec().schedule();
        if ("at".equals(schedule.kind()) && !Schedules.instant(schedule.expr()).isAfter(Instant.now().plusSeconds(1))) {
            launch(id, startup ? "catch-up" : "schedule", 0); // a past at runs once, then is done
            return;
        }
        if ("every".equals(schedule.kind())) {
            scheduledAt.put(id, Instant.now());
        }
        try {
            getCamelContext().addRouteFromTemplate(routeId(id), CronRoutes.TEMPLATE,
                    Map.of("id", id, "uri", Schedules.quartzUri(id, schedule)));
        } catch (Exception e) {
            LOG.warn("cron: job {} could not be scheduled: {}", id, e.getMessage());
        }
    }

    synchronized void unschedule(String id) {
        scheduledAt.remove(id);
        String routeId = routeId(id);
        if (getCamelContext().getRoute(routeId) == null) {
            return;
        }
        try {
            getCamelContext().getRouteController().stopRoute(routeId);
            getCamelContext().removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("cron: the route of job {} could not be removed: {}", id, e.getMessage());
        }
    }

    static String routeId(String id) {
        return "cron-" + id;
    }

    boolean active(Job job) {
        return job.spec().enabled() && state(job.spec().id()).active();
    }

    /** The job's trigger fired (on a Quartz thread). */
    void fired(String id) {
        Instant since = scheduledAt.get(id);
        Job job = jobs.get(id);
        if (job == null) {
            return;
        }
        if (since != null && Instant.now().isBefore(since.plus(Schedules.interval(job.spec().schedule().expr()))
                .minus(EARLY))) {
            LOG.debug("cron: job {} fired before its first interval passed; skipped", id);
            return;
        }
        launch(id, "schedule", 0);
    }

    /** At most one catch-up run per job that missed its time while the gateway was down. */
    private void catchUp() {
        Instant now = Instant.now();
        jobs.forEach((id, job) -> {
            JobState state = state(id);
            if (!active(job) || "at".equals(job.spec().schedule().kind()) || state.anchor() == null) {
                return;
            }
            Instant anchor = Instant.parse(state.anchor());
            Instant since = state.lastRunAt() != null ? Instant.parse(state.lastRunAt()) : anchor;
            Optional<Instant> due = Schedules.nextAfter(job.spec().schedule(), since, anchor);
            if (due.isPresent() && due.get().isBefore(now.minusSeconds(1))) {
                LOG.info("cron: job {} missed its run at {} while the gateway was down; running it once now", id,
                        due.get());
                launch(id, "catch-up", 0);
            }
        });
    }

    /** Starts a run; {@code attempt} counts the retries of one failed run. */
    CompletableFuture<CronRun> launch(String id, String trigger, int attempt) {
        Job job = jobs.get(id);
        if (job == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown job " + id));
        }
        emit(id, "started", trigger, null);
        return CompletableFuture.supplyAsync(() -> runner.run(job.spec(), trigger), work)
                .thenCompose(Function.identity())
                .whenComplete((run, error) -> {
                    if (run != null) {
                        finished(job, run, attempt);
                    }
                });
    }

    private synchronized void finished(Job job, CronRun run, int attempt) {
        String id = job.spec().id();
        if (!jobs.containsKey(id)) {
            return; // removed while it ran
        }
        store.addRun(id, run);
        if (!job.equals(jobs.get(id))) {
            emit(id, "finished", run.trigger(), run); // redefined while it ran: the new definition starts clean
            return;
        }
        boolean oneShot = "at".equals(job.spec().schedule().kind()) && !"manual".equals(run.trigger());
        JobState state = state(id).finished(run, oneShot && "ok".equals(run.status()));
        CronConfig cron = applied != null ? applied : live.current().cron();
        if ("error".equals(run.status()) && !"manual".equals(run.trigger())) {
            if (state.failures() >= cron.maxConsecutiveFailures()) {
                state = state.disabled("disabled after " + state.failures() + " failed runs in a row; last error: "
                        + run.error());
                LOG.warn("cron: job {} is disabled after {} failed runs in a row (last error: {}); resume it when"
                        + " fixed", id, state.failures(), run.error());
            } else if (attempt < cron.retryDelays().size()) {
                long delay = Schedules.interval(cron.retryDelays().get(attempt)).toMillis();
                LOG.info("cron: job {} failed ({}); retrying in {} ms", id, run.error(), delay);
                timers.schedule(() -> {
                    if (jobs.containsKey(id) && active(jobs.get(id))) {
                        launch(id, "retry", attempt + 1);
                    }
                }, delay, TimeUnit.MILLISECONDS);
            } else if (oneShot) {
                state = state.markDone(); // an at job whose retries all failed is over
            }
        }
        store.saveState(id, state);
        if (!state.active()) {
            work.execute(() -> unschedule(id)); // not on the route's own thread
        }
        emit(id, "finished", run.trigger(), run);
    }

    synchronized void saveState(String id, JobState state) {
        store.saveState(id, state);
    }

    private void emit(String id, String phase, String trigger, CronRun run) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("jobId", id);
        event.put("phase", phase);
        event.put("trigger", trigger);
        if (run != null) {
            event.put("run", run);
        }
        for (Consumer<Map<String, Object>> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.debug("cron: a run listener failed", e);
            }
        }
    }
}
