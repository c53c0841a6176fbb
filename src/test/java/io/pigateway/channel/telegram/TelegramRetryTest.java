package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.channel.ChannelCounters;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A 429 storm followed by a 5xx burst (what the chaos suite's Bot API storm does): the 429s are
 * waited out without using up the attempts, so the 5xx burst after them is still retried.
 */
class TelegramRetryTest {

    @Test
    void rateLimitsWaitedOutDoNotUseUpTheAttemptsA5xxBurstNeeds() {
        ChannelCounters counters = new ChannelCounters();
        Queue<Integer> statuses = new ArrayDeque<>(List.of(429, 429, 429, 502, 502));
        TelegramRetry retry = new TelegramRetry(3, 10, counters);

        String sent = retry.run("sendMessage", () -> {
            Integer status = statuses.poll();
            if (status != null) {
                throw new TelegramApiException(status, "failed", status == 429 ? 1 : 0, null);
            }
            return "sent";
        });

        assertThat(sent).isEqualTo("sent");
        assertThat(counters.rateLimitedCount()).isEqualTo(3);
        assertThat(counters.errors()).isEqualTo(5);
    }

    @Test
    void a5xxBurstLongerThanTheAttemptsStillFails() {
        TelegramRetry retry = new TelegramRetry(3, 10, new ChannelCounters());
        int[] calls = {0};

        assertThatThrownBy(() -> retry.run("sendMessage", () -> {
            calls[0]++;
            throw new TelegramApiException(502, "Bad Gateway", 0, null);
        })).isInstanceOf(TelegramApiException.class).hasMessageContaining("Bad Gateway");
        assertThat(calls[0]).isEqualTo(3);
    }
}
