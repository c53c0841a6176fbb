package io.pigateway.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Doctor reads a running gateway's {@code /health}: parked accounts fail, retrying ones and store trouble warn. */
class RunningGatewayCheckTest {

    @Test
    void aParkedAccountFailsWithItsReasonAndTheRestartToFixIt() throws Exception {
        var health = new ObjectMapper().readTree("""
                {"status":"degraded","checks":{
                  "channel-telegram":{"state":"DOWN","accounts":{
                    "default":{"state":"up"},
                    "work":{"state":"down","reason":"parked: Telegram rejected the bot token (HTTP 401)",
                            "since":"2026-12-03T18:00:00Z"}}},
                  "channel-discord":{"state":"UP","accounts":{"default":{"state":"degraded","reason":"reconnecting"}}},
                  "state-store":{"state":"UP","degraded":true,"message":"writes fail, not kept across a restart: sessions: disk full"}}}
                """);

        List<CheckResult> results = RunningGatewayCheck.of("http://127.0.0.1:1", health);

        assertThat(results).extracting(CheckResult::line).containsExactlyInAnyOrder(
                "[fail] running telegram account work: down: parked: Telegram rejected the bot token (HTTP 401)"
                        + " (since 2026-12-03T18:00:00Z) (fix: fix the cause, then POST /api/channels/telegram/restart"
                        + " or reload the config)",
                "[warn] running discord account default: degraded: reconnecting (fix: it is retried; see the gateway's log)",
                "[warn] running state-store: writes fail, not kept across a restart: sessions: disk full (fix: check the"
                        + " data dir's disk space and permissions, and that no other process holds state.db)");
    }

    @Test
    void noGatewayOnThePortAddsNothing() {
        assertThat(RunningGatewayCheck.run("http://127.0.0.1:" + TestGateway.freePort())).isEmpty();
    }
}
