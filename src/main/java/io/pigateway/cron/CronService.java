package io.pigateway.cron;

import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.cron.CronScheduler.Job;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cron operations every interface shares (HTTP, WebSocket, the agent's {@code cron} tool,
 * {@code pi-gw cron} through HTTP): list, get, add, update, remove, pause, resume, run now and the
 * run history, answering plain maps ready for JSON. Refusals are {@link CronException}s.
 */
public final class CronService {
    private final CronScheduler scheduler;
    private final CronStore store;

    CronService(CronScheduler scheduler, CronStore store) {
        this.scheduler = scheduler;
        this.store = store;
    }

    /** Why an operation was refused: {@code not_found} (404), {@code bad_request} (400), {@code conflict} (409). */
    public static final class CronException extends RuntimeException {
        private final String code;

        CronException(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }

        public int status() {
            return switch (code) {
                case "not_found" -> 404;
                case "conflict" -> 409;
                default -> 400;
            };
        }
    }

    public List<Map<String, Object>> list() {
        return scheduler.jobs().values().stream().map(this::view).toList();
    }

    public Map<String, Object> get(String id) {
        return view(require(id));
    }

    public List<CronRun> runs(String id) {
        require(id);
        return store.runs(id);
    }

    /** A new runtime job; refused when invalid (each problem names its field) or when the id is taken. */
    public Map<String, Object> add(CronJob job) {
        return add(job, null);
    }

    /** As {@link #add(CronJob)}, remembering the session whose agent added it ({@code owner}, may be null). */
    public Map<String, Object> add(CronJob job, String owner) {
        check(job);
        synchronized (scheduler) {
            if (scheduler.job(job.id()).isPresent()) {
                throw new CronException("conflict", "a job with the id " + job.id() + " exists; use PUT to change it");
            }
            store.forget(job.id());
            if (owner != null) {
                store.saveOwner(job.id(), owner);
            }
            store.saveRuntimeJob(job);
            scheduler.reconcile(currentConfig(), false);
        }
        return get(job.id());
    }

    /** Replaces a runtime job's definition (a config job is changed in the config file). */
    public Map<String, Object> update(String id, CronJob job) {
        Job existing = require(id);
        if (!id.equals(job.id())) {
            throw new CronException("bad_request", "id: the body's id must be " + id);
        }
        if ("config".equals(existing.origin())) {
            throw new CronException("conflict", "job " + id + " comes from the config file; change it there");
        }
        check(job);
        synchronized (scheduler) {
            store.saveRuntimeJob(job);
            JobState state = scheduler.state(id);
            scheduler.saveState(id, state.redefined(Instant.now().toString()));
            scheduler.reconcile(currentConfig(), false);
        }
        return get(id);
    }

    /** Removes a job; a config job stays removed until its definition in the config changes. */
    public Map<String, Object> remove(String id) {
        Job job = require(id);
        synchronized (scheduler) {
            if ("runtime".equals(job.origin())) {
                store.deleteRuntimeJob(id);
            } else {
                store.markRemoved(job.spec());
            }
            store.forget(id);
            scheduler.reconcile(currentConfig(), false);
        }
        return Map.of("id", id, "removed", true);
    }

    public Map<String, Object> pause(String id) {
        require(id);
        synchronized (scheduler) {
            scheduler.saveState(id, scheduler.state(id).paused(true));
            scheduler.unschedule(id);
        }
        return get(id);
    }

    /** Resumes a paused or auto-disabled job (its failures are forgotten; an every job starts its interval anew). */
    public Map<String, Object> resume(String id) {
        require(id);
        synchronized (scheduler) {
            scheduler.saveState(id, scheduler.state(id).resumed(Instant.now().toString()));
            scheduler.unschedule(id);
            scheduler.schedule(id, false);
        }
        return get(id);
    }

    /** Starts a run now, whatever the job's state; the run shows in its history when it ends. */
    public Map<String, Object> runNow(String id) {
        require(id);
        scheduler.launch(id, "manual", 0);
        return Map.of("id", id, "started", true);
    }

    /** The config was reloaded: its jobs are re-read at once (added, changed, removed; {@code cron.enabled}). */
    public void configReloaded() {
        scheduler.reconcileIfChanged();
    }

    /** Run events ({@code jobId, phase: started|finished, trigger, run}). */
    public void onRun(Consumer<Map<String, Object>> listener) {
        scheduler.onRun(listener);
    }

    /** The problems of a job definition, empty when it can be scheduled. */
    public List<JobRules.Problem> problems(CronJob job) {
        return scheduler.rules().check(job);
    }

    /** The session whose agent added the job, if the agent's tool did. */
    public Optional<String> owner(String id) {
        return store.owner(id);
    }

    private void check(CronJob job) {
        List<JobRules.Problem> problems = problems(job);
        if (!problems.isEmpty()) {
            throw new CronException("bad_request", String.join("; ", problems.stream().map(Object::toString).toList()));
        }
    }

    private io.pigateway.config.CronConfig currentConfig() {
        return scheduler.appliedConfig();
    }

    private Job require(String id) {
        return scheduler.job(id).orElseThrow(() -> new CronException("not_found", "no cron job " + id));
    }

    private Map<String, Object> view(Job job) {
        CronJob spec = job.spec();
        JobState state = scheduler.state(spec.id());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", spec.id());
        v.put("origin", job.origin());
        v.put("enabled", scheduler.enabled() && scheduler.active(job));
        v.put("paused", state.paused());
        v.put("disabledReason", state.disabledReason());
        v.put("done", state.done());
        v.put("schedule", spec.schedule());
        v.put("task", spec.task());
        v.put("delivery", spec.delivery());
        v.put("to", spec.to());
        v.put("sessionKey", spec.sessionKey());
        v.put("resumeContext", spec.resumeContext());
        v.put("nextRunAt", scheduler.nextRun(spec.id()).map(Instant::toString).orElse(null));
        Map<String, Object> last = null;
        if (state.lastRunAt() != null) {
            last = new LinkedHashMap<>();
            last.put("at", state.lastRunAt());
            last.put("status", state.lastStatus());
        }
        v.put("lastRun", last);
        v.put("consecutiveFailures", state.failures());
        return v;
    }

    Optional<Job> job(String id) {
        return scheduler.job(id);
    }
}
