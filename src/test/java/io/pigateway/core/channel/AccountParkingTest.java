package io.pigateway.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When an account is retried (capped backoff) and when it is parked (a crash loop, a fatal error). */
class AccountParkingTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AccountParking parking = new AccountParking("telegram",
            new AccountParking.Settings(4, 60_000, 1_000, 5_000), now::get);

    @Test
    void failuresBackOffDoublingUpToTheCapAndASuccessStartsOver() {
        assertThat(List.of(parking.failed("work", "x"), parking.failed("work", "x"), parking.failed("work", "x")))
                .containsExactly(1_000L, 2_000L, 4_000L);
        parking.succeeded("work");
        now.addAndGet(120_000); // the earlier failures left the window
        assertThat(parking.failed("work", "x")).isEqualTo(1_000);
        assertThat(parking.failed("work", "x")).isEqualTo(2_000);
        assertThat(parking.failed("work", "x")).isEqualTo(4_000);
        now.addAndGet(120_000);
        assertThat(parking.failed("work", "x")).isEqualTo(5_000); // capped; four in a row, but not in the window
        assertThat(parking.isParked("work")).isFalse();
    }

    @Test
    void tooManyFailuresWithinTheWindowParkTheAccountWithTheReasonAndSinceWhenOthersRunOn() {
        for (int i = 0; i < 3; i++) {
            assertThat(parking.failed("work", "HTTP 502")).isPositive();
            now.addAndGet(10_000);
        }
        assertThat(parking.failed("work", "HTTP 502 Bad Gateway")).isEqualTo(-1);

        assertThat(parking.isParked("work")).isTrue();
        assertThat(parking.isParked("default")).isFalse();
        List<ChannelStatus> shown = parking.overlay(List.of(ChannelStatus.up("default", 1), ChannelStatus.up("work", 1)));
        assertThat(shown).extracting(ChannelStatus::state).containsExactly(ChannelStatus.State.UP, ChannelStatus.State.DOWN);
        ChannelStatus work = shown.get(1);
        assertThat(work.reason()).startsWith("parked: failed 4 times within 60 s (last: HTTP 502 Bad Gateway)")
                .contains("POST /api/channels/telegram/restart");
        assertThat(work.sinceMillis()).isEqualTo(now.get());
    }

    @Test
    void aFatalErrorParksAtOnceAndReleaseForgetsEverything() {
        parking.failed("work", "x");
        parking.fatal("work", "Telegram rejected the bot token (HTTP 401)");
        assertThat(parking.parked("work")).hasValueSatisfying(p -> assertThat(p.reason()).contains("HTTP 401"));
        assertThat(parking.overlay(List.of())).extracting(ChannelStatus::account).containsExactly("work");

        parking.release("work");

        assertThat(parking.isParked("work")).isFalse();
        assertThat(parking.parkedAccounts()).isEmpty();
        assertThat(parking.failed("work", "x")).isEqualTo(1_000); // the backoff starts over too
    }
}
