package io.pigateway.cron;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.config.CronConfig.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobRulesTest {
    private final JobRules rules = new JobRules(Duration.ofMinutes(1), Set.of("telegram")::contains);

    private static CronJob job(String id, Schedule schedule, String delivery, String to, String sessionKey,
                               Boolean allowShort) {
        return new CronJob(id, schedule, "do it", delivery, null, sessionKey, to, null, allowShort);
    }

    private List<String> fields(CronJob job) {
        return rules.check(job).stream().map(JobRules.Problem::field).toList();
    }

    @Test
    void aGoodJobHasNoProblems() {
        assertThat(rules.check(job("daily", new Schedule("cron", "0 9 * * *", "Asia/Shanghai"), "announce",
                "telegram:1001", null, null))).isEmpty();
        assertThat(rules.check(job("direct-1", new Schedule("every", "1h", null), "direct", null,
                "agent:main:telegram:dm:1001", null))).isEmpty();
    }

    @Test
    void eachProblemNamesItsField() {
        assertThat(fields(job("bad id!", new Schedule("cron", "0 9 * * *", null), "announce", null, null, null)))
                .containsExactly("id");
        assertThat(rules.check(job("x", new Schedule("weekly", "1", null), "announce", null, null, null)))
                .extracting(Object::toString).containsExactly(
                        "schedule.kind: \"weekly\" is not allowed; use one of cron, every, at");
        assertThat(fields(job("x", new Schedule("cron", "0 9 * *", null), "announce", null, null, null)))
                .containsExactly("schedule.expr");
        assertThat(fields(job("x", new Schedule("cron", "0 9 * * *", "Nowhere/City"), "announce", null, null,
                null))).containsExactly("schedule.timezone");
        assertThat(rules.check(job("x", new Schedule("every", "1m", null), "loud", null, null, null)))
                .extracting(Object::toString).containsExactly(
                        "delivery: \"loud\" is not allowed; use one of announce, direct, silent");
        assertThat(fields(job("x", new Schedule("at", "tomorrow", null), "announce", null, null, null)))
                .containsExactly("schedule.expr");
        assertThat(fields(job("x", new Schedule("every", "1h", null), "announce", "discord:42", null, null)))
                .containsExactly("to");
        assertThat(fields(job("x", new Schedule("every", "1h", null), "announce", "webchat:1001", null,
                null))).containsExactly("to");
        assertThat(new JobRules(Duration.ofMinutes(1), Set.of("webchat")::contains).check(job("x",
                new Schedule("every", "1h", null), "announce", "webchat:agent:main:webchat:dm:a1", null, null)))
                .as("a WebChat session by its key").isEmpty();
        assertThat(fields(job("x", new Schedule("every", "1h", null), "direct", null, null, null)))
                .containsExactly("sessionKey");
    }

    @Test
    void shortIntervalsNeedTheJobsConsent() {
        assertThat(rules.check(job("x", new Schedule("every", "30s", null), "silent", null, null, null)))
                .singleElement().asString().contains("shorter than cron.minInterval (1m)", "allowShortInterval");
        assertThat(rules.check(job("x", new Schedule("every", "30s", null), "silent", null, null, true))).isEmpty();
    }
}
