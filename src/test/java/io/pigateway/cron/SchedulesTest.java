package io.pigateway.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.config.CronConfig.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void fiveFieldCronBecomesQuartzWithSundayOne() {
        assertThat(Schedules.quartzCron("0 9 * * *")).isEqualTo("0 0 9 * * ?");
        assertThat(Schedules.quartzCron("30 8 * * 1-5")).isEqualTo("0 30 8 ? * 2-6");
        assertThat(Schedules.quartzCron("0 0 1 * *")).isEqualTo("0 0 0 1 * ?");
        assertThat(Schedules.quartzCron("0 12 * * 0,7")).isEqualTo("0 0 12 ? * 1,1");
        assertThat(Schedules.quartzCron("0 0/5 * * * ?")).isEqualTo("0 0/5 * * * ?");
        assertThatThrownBy(() -> Schedules.quartzCron("0 9 * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> Schedules.quartzCron("0 9 1 * 1")).hasMessageContaining("cannot both");
        assertThatThrownBy(() -> Schedules.quartzCron("0 99 * * *")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cronInATimezoneFiresAtThatZonesHour() {
        Schedule shanghai = new Schedule("cron", "0 9 * * *", "Asia/Shanghai");
        // 2026-03-01 00:30 UTC is 08:30 in Shanghai: the next 09:00 there is 01:00 UTC
        assertThat(Schedules.nextAfter(shanghai, Instant.parse("2026-03-01T00:30:00Z"), null))
                .contains(Instant.parse("2026-03-01T01:00:00Z"));
        Schedule berlin = new Schedule("cron", "0 9 * * *", "Europe/Berlin");
        // summer time: 09:00 in Berlin is 07:00 UTC
        assertThat(Schedules.nextAfter(berlin, Instant.parse("2026-07-01T08:00:00Z"), null))
                .contains(Instant.parse("2026-07-02T07:00:00Z"));
        assertThatThrownBy(() -> Schedules.zone(new Schedule("cron", "0 9 * * *", "Mars/Base")))
                .hasMessageContaining("unknown time zone");
    }

    @Test
    void everyCountsFromItsAnchorAndAtOnlyOnce() {
        Instant anchor = Instant.parse("2026-01-01T00:00:00Z");
        Schedule every = new Schedule("every", "5m", null);
        assertThat(Schedules.nextAfter(every, anchor, anchor)).contains(anchor.plusSeconds(300));
        assertThat(Schedules.nextAfter(every, anchor.plusSeconds(301), anchor)).contains(anchor.plusSeconds(600));
        assertThat(Schedules.interval("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Schedules.interval("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> Schedules.interval("soon")).hasMessageContaining("30s, 5m, 1h or 1d");

        Schedule at = new Schedule("at", "2026-12-24T09:00:00+01:00", null);
        assertThat(Schedules.nextAfter(at, anchor, anchor)).contains(Instant.parse("2026-12-24T08:00:00Z"));
        assertThat(Schedules.nextAfter(at, Instant.parse("2026-12-25T00:00:00Z"), anchor)).isEmpty();
    }

    @Test
    void quartzUris() {
        assertThat(Schedules.quartzUri("daily", new Schedule("cron", "0 9 * * *", "Asia/Shanghai")))
                .isEqualTo("quartz:pigw-cron/daily?cron=RAW(0 0 9 * * ?)&trigger.timeZone=Asia/Shanghai");
        assertThat(Schedules.quartzUri("tick", new Schedule("every", "1h", null)))
                .isEqualTo("quartz:pigw-cron/tick?trigger.repeatInterval=3600000&trigger.repeatCount=-1"
                        + "&triggerStartDelay=3600000");
        assertThat(Schedules.quartzUri("once", new Schedule("at", "2027-01-02T03:04:05Z", null)))
                .isEqualTo("quartz:pigw-cron/once?cron=RAW(5 4 3 2 1 ? 2027)&trigger.timeZone=UTC");
    }
}
