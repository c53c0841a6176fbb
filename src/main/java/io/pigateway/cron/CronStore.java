package io.pigateway.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cron's durable state in the gateway's state store: the runtime jobs (added by API, WebSocket,
 * CLI or the agent), each job's {@link JobState}, its last {@value #HISTORY} runs, the session that
 * added a job through the agent's tool, and the config
 * jobs removed at runtime (with the definition they had, so a changed config brings them back).
 */
public final class CronStore {
    static final int HISTORY = 50;
    private static final String JOBS = "cron.job";
    private static final String STATE = "cron.state";
    private static final String RUNS = "cron.runs";
    private static final String REMOVED = "cron.removed";
    private static final String OWNERS = "cron.owner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;

    public CronStore(StateStore store) {
        this.store = store;
    }

    /** The runtime jobs by id, in id order. */
    public Map<String, CronJob> runtimeJobs() {
        Map<String, CronJob> jobs = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : store.list(JOBS)) {
            read(e.getValue(), CronJob.class).ifPresent(job -> jobs.put(e.getKey(), job));
        }
        return jobs;
    }

    public void saveRuntimeJob(CronJob job) {
        store.put(JOBS, job.id(), write(job));
    }

    public void deleteRuntimeJob(String id) {
        store.delete(JOBS, id);
    }

    public Optional<JobState> state(String id) {
        return store.get(STATE, id).flatMap(s -> read(s, JobState.class));
    }

    public void saveState(String id, JobState state) {
        store.put(STATE, id, write(state));
    }

    /** Forgets a job's state and history (the job is gone). */
    public void forget(String id) {
        store.delete(STATE, id);
        store.delete(RUNS, id);
        store.delete(OWNERS, id);
    }

    /** The session whose agent added the job with its {@code cron} tool, if one did. */
    public Optional<String> owner(String id) {
        return store.get(OWNERS, id);
    }

    public void saveOwner(String id, String sessionKey) {
        store.put(OWNERS, id, sessionKey);
    }

    /** Newest first. */
    public List<CronRun> runs(String id) {
        return store.get(RUNS, id).flatMap(s -> read(s, new TypeReference<List<CronRun>>() { }))
                .orElse(List.of());
    }

    public synchronized void addRun(String id, CronRun run) {
        List<CronRun> runs = new ArrayList<>(runs(id));
        runs.add(0, run);
        store.put(RUNS, id, write(runs.size() > HISTORY ? runs.subList(0, HISTORY) : runs));
    }

    /** A config job removed at runtime stays removed while the config still defines it the same way. */
    public boolean isRemoved(CronJob configJob) {
        return store.get(REMOVED, configJob.id()).map(s -> s.equals(write(configJob))).orElse(false);
    }

    public void markRemoved(CronJob configJob) {
        store.put(REMOVED, configJob.id(), write(configJob));
    }

    public void clearRemoved(String id) {
        store.delete(REMOVED, id);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write cron state", e);
        }
    }

    private static <T> Optional<T> read(String json, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(json, type));
        } catch (Exception e) {
            return Optional.empty(); // a damaged entry is left out, not fatal
        }
    }

    private static <T> Optional<T> read(String json, TypeReference<T> type) {
        try {
            return Optional.of(JSON.readValue(json, type));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
