package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code cron} section: scheduled agent tasks (the jobs of the config; runtime jobs live in the
 * state store) and the safety rails every job runs under.
 *
 * @param catchUp                {@code one}: a job that missed runs while the gateway was down runs once
 *                               at start; {@code none}: it waits for its next time
 * @param maxConsecutiveFailures failed runs in a row after which a job is disabled
 * @param minInterval            the shortest {@code every} a job may use without {@code allowShortInterval}
 * @param retryDelays            the waits before retrying a failed run, one retry per entry
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CronConfig(Boolean enabled, List<CronJob> jobs, String catchUp, Integer maxConsecutiveFailures,
                         String minInterval, List<String> retryDelays) {
    public CronConfig {
        enabled = enabled != null ? enabled : Boolean.FALSE;
        jobs = jobs != null ? List.copyOf(jobs) : List.of();
        catchUp = catchUp != null ? catchUp : "one";
        maxConsecutiveFailures = maxConsecutiveFailures != null ? maxConsecutiveFailures : 5;
        minInterval = minInterval != null ? minInterval : "1m";
        retryDelays = retryDelays != null ? List.copyOf(retryDelays) : List.of("30s", "1m", "5m");
    }

    public static CronConfig defaults() {
        return new CronConfig(null, null, null, null, null, null);
    }

    /** One scheduled job (also the shape of a runtime job in the API and the state store). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CronJob(String id, Schedule schedule, String task, String delivery, Boolean resumeContext,
                          String sessionKey, String to, Boolean enabled, Boolean allowShortInterval) {
        public CronJob {
            delivery = delivery != null ? delivery : "announce";
            resumeContext = resumeContext != null ? resumeContext : Boolean.FALSE;
            enabled = enabled != null ? enabled : Boolean.TRUE;
            allowShortInterval = allowShortInterval != null ? allowShortInterval : Boolean.FALSE;
        }
    }

    /** `kind`: `cron | every | at`. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Schedule(String kind, String expr, String timezone) {
        public Schedule {
            kind = kind != null ? kind : "cron";
        }
    }
}
