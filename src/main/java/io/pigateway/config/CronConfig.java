package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** `cron` section: scheduled agent tasks. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CronConfig(Boolean enabled, List<CronJob> jobs) {
    public CronConfig {
        enabled = enabled != null ? enabled : Boolean.FALSE;
        jobs = jobs != null ? List.copyOf(jobs) : List.of();
    }

    public static CronConfig defaults() {
        return new CronConfig(null, null);
    }

    /** One scheduled job. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CronJob(String id, Schedule schedule, String task, String delivery, Boolean resumeContext,
                          String sessionKey, String to) {
        public CronJob {
            delivery = delivery != null ? delivery : "announce";
            resumeContext = resumeContext != null ? resumeContext : Boolean.FALSE;
        }
    }

    /** `kind`: `cron | every | at`. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Schedule(String kind, String expr, String timezone) {
        public Schedule {
            kind = kind != null ? kind : "cron";
        }
    }
}
