package io.pigateway.cron;

import io.pigateway.config.AllowedValues;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.config.CronConfig.Schedule;
import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.core.session.SessionKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What makes a job runnable, each problem naming its field and the allowed values: the API
 * answers them as 400, {@code doctor} prints them, and a bad config job is left out with a log line.
 */
public final class JobRules {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Duration minInterval;
    private final Predicate<String> knownChannel;

    /** @param knownChannel whether a channel name can receive an {@code announce} (null: any) */
    public JobRules(Duration minInterval, Predicate<String> knownChannel) {
        this.minInterval = minInterval;
        this.knownChannel = knownChannel;
    }

    /** The rules under a {@code cron} section ({@code minInterval} as configured, 1m when unreadable). */
    public static JobRules of(io.pigateway.config.CronConfig cron, Predicate<String> knownChannel) {
        Duration min;
        try {
            min = Schedules.interval(cron.minInterval());
        } catch (IllegalArgumentException e) {
            min = Duration.ofMinutes(1);
        }
        return new JobRules(min, knownChannel);
    }

    /** One problem: the field (e.g. {@code schedule.expr}) and what is wrong with it. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    public List<Problem> check(CronJob job) {
        List<Problem> problems = new ArrayList<>();
        if (job.id() == null || !ID.matcher(job.id()).matches()) {
            problems.add(new Problem("id", "1-64 letters, digits, - or _ (starting with a letter or digit)"));
        }
        if (job.task() == null || job.task().isBlank()) {
            problems.add(new Problem("task", "the text the agent is given, required"));
        }
        checkSchedule(job, problems);
        if (!AllowedValues.CRON_DELIVERIES.contains(job.delivery())) {
            problems.add(new Problem("delivery", "\"" + job.delivery() + "\" is not allowed; use one of "
                    + String.join(", ", AllowedValues.CRON_DELIVERIES)));
        }
        if ("announce".equals(job.delivery()) && job.to() != null) {
            checkTarget(job.to(), problems);
        }
        if ("direct".equals(job.delivery()) && (job.sessionKey() == null || !SessionKeys.isValid(job.sessionKey()))) {
            problems.add(new Problem("sessionKey", "delivery \"direct\" needs the session key of a chat, e.g."
                    + " agent:main:telegram:dm:1001"));
        }
        return problems;
    }

    private void checkSchedule(CronJob job, List<Problem> problems) {
        Schedule schedule = job.schedule();
        if (schedule == null) {
            problems.add(new Problem("schedule", "required: {kind, expr, timezone?}"));
            return;
        }
        if (!AllowedValues.SCHEDULE_KINDS.contains(schedule.kind())) {
            problems.add(new Problem("schedule.kind", "\"" + schedule.kind() + "\" is not allowed; use one of "
                    + String.join(", ", AllowedValues.SCHEDULE_KINDS)));
            return;
        }
        if (schedule.expr() == null || schedule.expr().isBlank()) {
            problems.add(new Problem("schedule.expr", "required (cron: 0 9 * * *, every: 30s|5m|1h|1d, at: an"
                    + " ISO-8601 time)"));
            return;
        }
        try {
            switch (schedule.kind()) {
                case "cron" -> {
                    Schedules.quartzCron(schedule.expr());
                    Schedules.zone(schedule);
                }
                case "every" -> {
                    Duration every = Schedules.interval(schedule.expr());
                    if (every.compareTo(minInterval) < 0 && !job.allowShortInterval()) {
                        problems.add(new Problem("schedule.expr", "every " + schedule.expr() + " is shorter than"
                                + " cron.minInterval (" + minInterval.toString().substring(2).toLowerCase()
                                + "); set \"allowShortInterval\": true on the job to allow it"));
                    }
                }
                default -> Schedules.instant(schedule.expr());
            }
        } catch (IllegalArgumentException e) {
            String field = e.getMessage() != null && e.getMessage().contains("time zone") ? "schedule.timezone"
                    : "schedule.expr";
            problems.add(new Problem(field, e.getMessage()));
        }
    }

    private void checkTarget(String to, List<Problem> problems) {
        if (to.startsWith("webchat:") && !SessionKeys.isValid(to.substring("webchat:".length()))) {
            problems.add(new Problem("to", "a WebChat session is named by its key, e.g."
                    + " webchat:agent:main:webchat:dm:abc"));
            return;
        }
        try {
            String channel = ChannelAddress.parse(to).channel();
            if (List.of("api", "hooks", CronRunner.CHANNEL).contains(channel)) {
                problems.add(new Problem("to", channel + " is not a chat channel; use a chat address such as"
                        + " telegram:1001"));
            } else if (knownChannel != null && !knownChannel.test(channel)) {
                problems.add(new Problem("to", "the channel " + channel + " is not enabled in this gateway"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("to", e.getMessage()));
        }
    }
}
