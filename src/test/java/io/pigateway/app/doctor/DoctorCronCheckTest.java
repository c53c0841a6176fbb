package io.pigateway.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorCronCheckTest {

    private static List<CheckResult> checks(String cron) {
        GatewayConfig config = ConfigLoader.parseLoaded("{ \"channels\": { \"telegram\": { \"enabled\": true,"
                + " \"botToken\": \"1:x\" } }, \"cron\": " + cron + " }", Map.of()).config();
        return Doctor.cronChecks(config);
    }

    @Test
    void validJobsPass() {
        assertThat(checks("""
                { "enabled": true, "jobs": [ { "id": "daily", "schedule": { "kind": "cron", "expr": "0 9 * * *",
                  "timezone": "Asia/Shanghai" }, "task": "report", "delivery": "announce", "to": "telegram:1001" } ] }"""))
                .singleElement().extracting(CheckResult::line).asString().startsWith("[ok]").contains("1 jobs valid");
    }

    @Test
    void aWebChatSessionIsATargetAndAGroupSessionADirectDelivery() {
        assertThat(checks("""
                { "enabled": true, "jobs": [
                  { "id": "page", "schedule": { "kind": "every", "expr": "1h" }, "task": "t",
                    "to": "webchat:agent:main:webchat:dm:k3x9" },
                  { "id": "group", "schedule": { "kind": "every", "expr": "1h" }, "task": "t", "delivery": "direct",
                    "sessionKey": "agent:main:telegram:group:-100123" } ] }"""))
                .singleElement().extracting(CheckResult::line).asString().startsWith("[ok]").contains("2 jobs valid");
        assertThat(checks("""
                { "enabled": true, "jobs": [
                  { "id": "bad", "schedule": { "kind": "every", "expr": "1h" }, "task": "t",
                    "to": "webchat:k3x9" } ] }"""))
                .singleElement().extracting(CheckResult::line).asString().startsWith("[fail] cron.jobs[0] bad")
                .contains("to: a WebChat session is named by its key");
    }

    @Test
    void badExpressionsAndTargetsFailWithTheFieldNamed() {
        List<CheckResult> results = checks("""
                { "enabled": true, "jobs": [
                  { "id": "a", "schedule": { "kind": "cron", "expr": "0 25 * * *" }, "task": "t", "delivery": "silent" },
                  { "id": "b", "schedule": { "kind": "every", "expr": "1h" }, "task": "t", "to": "discord:42" },
                  { "id": "c", "schedule": { "kind": "every", "expr": "10s" }, "task": "t", "delivery": "silent" },
                  { "id": "d", "schedule": { "kind": "every", "expr": "1h" }, "task": "t" } ] }""");
        assertThat(results).extracting(CheckResult::line).satisfiesExactly(
                a -> assertThat(a).startsWith("[fail] cron.jobs[0] a").contains("schedule.expr: hour is 0-23"),
                b -> assertThat(b).startsWith("[fail] cron.jobs[1] b").contains("to: the channel discord is not enabled"),
                c -> assertThat(c).startsWith("[fail] cron.jobs[2] c").contains("cron.minInterval"),
                d -> assertThat(d).startsWith("[warn] cron.jobs[3] d").contains("without \"to\""));
    }
}
