package io.pigateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void tenFailuresInAMinuteBlockThatClientOnlyForAWhile() {
        AttemptLimiter limiter = new AttemptLimiter(10, Duration.ofMinutes(1), Duration.ofMinutes(1), clock);
        for (int i = 0; i < 9; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.isBlocked("10.0.0.1")).isFalse();
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.isBlocked("10.0.0.1")).isTrue();
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isBetween(1L, 60L);
        assertThat(limiter.isBlocked("10.0.0.2")).isFalse();
        now.set(now.get().plusSeconds(61));
        assertThat(limiter.isBlocked("10.0.0.1")).isFalse();
    }

    @Test
    void aValidCredentialIsNeverRefusedWhileWrongOnesAreThrottled() {
        AttemptLimiter limiter = new AttemptLimiter(10, Duration.ofMinutes(1), Duration.ofMinutes(1), clock);
        for (int i = 0; i < 9; i++) {
            assertThat(limiter.attempt("c", false)).isEqualTo(AttemptLimiter.Outcome.REFUSE);
        }
        assertThat(limiter.attempt("c", false)).isEqualTo(AttemptLimiter.Outcome.TOO_MANY);
        assertThat(limiter.isBlocked("c")).isTrue();
        assertThat(limiter.attempt("c", true)).isEqualTo(AttemptLimiter.Outcome.ALLOW);
        assertThat(limiter.attempt("c", false)).isEqualTo(AttemptLimiter.Outcome.TOO_MANY);
        assertThat(limiter.attempt("other", false)).isEqualTo(AttemptLimiter.Outcome.REFUSE);
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        AttemptLimiter limiter = new AttemptLimiter(10, Duration.ofMinutes(1), Duration.ofMinutes(1), clock);
        for (int i = 0; i < 9; i++) {
            limiter.recordFailure("c");
        }
        now.set(now.get().plusSeconds(61));
        limiter.recordFailure("c");
        assertThat(limiter.isBlocked("c")).isFalse();
    }
}
