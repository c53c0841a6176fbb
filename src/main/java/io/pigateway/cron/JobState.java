package io.pigateway.cron;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the gateway learned about a job while running it, kept across restarts: paused by an
 * operator, disabled after failures (and why), done (an {@code at} job that ran), the failures in
 * a row, when it was first scheduled (the anchor of an {@code every}) and when it last ran.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobState(boolean paused, String disabledReason, boolean done, int failures, String anchor,
                       String lastRunAt, String lastStatus) {

    static JobState fresh(String anchor) {
        return new JobState(false, null, false, 0, anchor, null, null);
    }

    JobState paused(boolean value) {
        return new JobState(value, value ? disabledReason : null, done, value ? failures : 0, anchor, lastRunAt,
                lastStatus);
    }

    JobState disabled(String reason) {
        return new JobState(paused, reason, done, failures, anchor, lastRunAt, lastStatus);
    }

    JobState finished(CronRun run, boolean markDone) {
        int inARow = "ok".equals(run.status()) ? 0 : failures + 1;
        return new JobState(paused, disabledReason, done || markDone, inARow, anchor, run.startedAt(), run.status());
    }

    JobState markDone() {
        return new JobState(paused, disabledReason, true, failures, anchor, lastRunAt, lastStatus);
    }

    /** Resumed by an operator: not paused, not disabled, failures forgotten, anchored anew. */
    JobState resumed(String newAnchor) {
        return new JobState(false, null, done, 0, newAnchor, lastRunAt, lastStatus);
    }

    /** Its definition changed: a new job as far as runs go (not done, not disabled), still paused if it was. */
    JobState redefined(String newAnchor) {
        return new JobState(paused, null, false, 0, newAnchor, lastRunAt, lastStatus);
    }

    JobState anchoredAt(String value) {
        return new JobState(paused, disabledReason, done, failures, value, lastRunAt, lastStatus);
    }

    /** Scheduled right now: not paused, not disabled, not done. */
    boolean active() {
        return !paused && disabledReason == null && !done;
    }
}
