package io.pigateway.cron;

import io.pigateway.config.CronConfig.Schedule;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * The three schedule kinds in one place: parsing ({@code 0 9 * * *}, {@code 30s}, an ISO instant),
 * the {@code quartz:} URI each job's route consumes, and the next fire time the API shows.
 * Pure functions of the schedule and a clock reading, so they are unit-tested without Quartz running.
 */
public final class Schedules {
    /** The Quartz group every job's trigger lives in. */
    public static final String GROUP = "pigw-cron";
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Schedules() {
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} (and {@code ms} for tests); throws on anything else. */
    public static Duration interval(String expr) {
        Matcher m = expr == null ? null : INTERVAL.matcher(expr.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("an interval is a number and a unit: 30s, 5m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("the interval must be more than 0");
        }
        return d;
    }

    /** An ISO-8601 instant ({@code 2026-12-24T09:00:00Z} or with an offset); throws on anything else. */
    public static Instant instant(String expr) {
        try {
            return java.time.OffsetDateTime.parse(expr.trim()).toInstant();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("an ISO-8601 time with a zone, e.g. 2026-12-24T09:00:00Z");
        }
    }

    /** The zone of a {@code cron} schedule: its {@code timezone} (IANA) or the system zone. */
    public static ZoneId zone(Schedule schedule) {
        if (schedule.timezone() == null || schedule.timezone().isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(schedule.timezone().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone \"" + schedule.timezone()
                    + "\" (an IANA name such as Europe/Berlin or Asia/Shanghai)");
        }
    }

    /**
     * A cron expression as Quartz reads it: 5 fields ({@code min hour dom month dow}, Unix style,
     * Sunday = 0) become {@code 0 min hour dom month dow} with Quartz's day numbers (Sunday = 1) and
     * its {@code ?}; 6 and 7 fields are Quartz's own and pass through.
     */
    public static String quartzCron(String expr) {
        String[] f = expr == null ? new String[0] : expr.trim().split("\\s+");
        String quartz;
        if (f.length == 5) {
            checkRange(f[0], 59, "minute is 0-59");
            checkRange(f[1], 23, "hour is 0-23"); // Quartz itself lets an hour of 99 pass
            checkRange(f[2], 31, "day-of-month is 1-31");
            String dom = f[2];
            String dow = unixDays(f[4]);
            if (!"*".equals(dom) && !"*".equals(dow) && !"?".equals(dom) && !"?".equals(dow)) {
                throw new IllegalArgumentException("day-of-month and day-of-week cannot both be set (Quartz runs one)");
            }
            if ("*".equals(dow) || "?".equals(dow)) {
                dow = "?";
            } else {
                dom = "?";
            }
            quartz = String.join(" ", "0", f[0], f[1], dom, f[3], dow);
        } else if (f.length == 6 || f.length == 7) {
            quartz = String.join(" ", f);
        } else {
            throw new IllegalArgumentException("a cron expression has 5 fields (0 9 * * *) or Quartz's 6 or 7");
        }
        if (!CronExpression.isValidExpression(quartz)) {
            try {
                new CronExpression(quartz);
            } catch (ParseException e) {
                throw new IllegalArgumentException("not a valid cron expression: " + e.getMessage());
            }
        }
        return quartz;
    }

    private static void checkRange(String field, int max, String rule) {
        Matcher m = Pattern.compile("\\d+").matcher(field);
        while (m.find()) {
            if (Integer.parseInt(m.group()) > max && !field.contains("/")) {
                throw new IllegalArgumentException(rule);
            }
        }
    }

    /** Unix day-of-week numbers (0-7, Sunday 0 or 7) as Quartz's (1-7, Sunday 1). */
    private static String unixDays(String field) {
        Matcher m = Pattern.compile("\\d+").matcher(field);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int day = Integer.parseInt(m.group());
            if (day > 7) {
                throw new IllegalArgumentException("day-of-week is 0-7 (Sunday is 0 or 7)");
            }
            m.appendReplacement(out, String.valueOf(day % 7 + 1));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The first time after {@code after} the schedule fires (empty: never again). */
    public static Optional<Instant> nextAfter(Schedule schedule, Instant after, Instant anchor) {
        switch (schedule.kind()) {
            case "cron" -> {
                CronExpression cron = cronExpression(schedule);
                Date next = cron.getNextValidTimeAfter(Date.from(after));
                return Optional.ofNullable(next).map(Date::toInstant);
            }
            case "every" -> {
                long step = interval(schedule.expr()).toMillis();
                long since = after.toEpochMilli() - anchor.toEpochMilli();
                long k = since < 0 ? 1 : since / step + 1;
                return Optional.of(anchor.plusMillis(k * step));
            }
            case "at" -> {
                Instant at = instant(schedule.expr());
                return at.isAfter(after) ? Optional.of(at) : Optional.empty();
            }
            default -> throw new IllegalArgumentException("unknown schedule kind " + schedule.kind());
        }
    }

    static CronExpression cronExpression(Schedule schedule) {
        try {
            CronExpression cron = new CronExpression(quartzCron(schedule.expr()));
            cron.setTimeZone(TimeZone.getTimeZone(zone(schedule)));
            return cron;
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * The {@code quartz:} URI of a job's route. {@code every} is a SimpleTrigger whose first fire
     * Quartz may make at once (CAMEL-NOTES §6): the scheduler skips fires before the first due time.
     * {@code at} is a one-shot cron with the year, in UTC, so it fires exactly once.
     */
    public static String quartzUri(String id, Schedule schedule) {
        String base = "quartz:" + GROUP + "/" + id + "?";
        return switch (schedule.kind()) {
            case "cron" -> base + "cron=RAW(" + quartzCron(schedule.expr()) + ")&trigger.timeZone="
                    + zone(schedule).getId();
            case "every" -> {
                long ms = interval(schedule.expr()).toMillis();
                yield base + "trigger.repeatInterval=" + ms + "&trigger.repeatCount=-1&triggerStartDelay=" + ms;
            }
            case "at" -> base + "cron=RAW(" + oneShotCron(instant(schedule.expr())) + ")&trigger.timeZone=UTC";
            default -> throw new IllegalArgumentException("unknown schedule kind " + schedule.kind());
        };
    }

    private static String oneShotCron(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return DateTimeFormatter.ofPattern("s m H d M '?' yyyy", Locale.ROOT).format(t);
    }
}
