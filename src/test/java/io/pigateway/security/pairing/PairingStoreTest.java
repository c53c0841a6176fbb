package io.pigateway.security.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingStoreTest {
    @TempDir
    Path dataDir;
    StateStore store;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    PairingStore pairing;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dataDir);
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        pairing = new PairingStore(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void codesHaveEightCharactersWithoutLookAlikes() {
        for (int i = 0; i < 500; i++) {
            String code = PairingCodes.next();
            assertThat(code).hasSize(8).doesNotContain("0", "O", "1", "I").matches("[A-Z2-9]{8}");
        }
        assertThat(PairingCodes.normalize(" abcdefgh ")).isEqualTo("ABCDEFGH");
        assertThatThrownBy(() -> PairingCodes.normalize("ABCDEFG0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSenderKeepsItsCodeAndAnAccountHasAtMostThreePendingTheOldestMakingRoom() {
        String code = pairing.requestFor("telegram", "default", "1", "ann").orElseThrow().code();
        assertThat(pairing.requestFor("telegram", "default", "1", "ann").orElseThrow().code()).isEqualTo(code);
        now.set(now.get().plusSeconds(1));
        pairing.requestFor("telegram", "default", "2", null).orElseThrow();
        now.set(now.get().plusSeconds(1));
        pairing.requestFor("telegram", "default", "3", null).orElseThrow();
        now.set(now.get().plusSeconds(1));
        // three strangers do not block pairing for an hour: the fourth request drops the oldest
        assertThat(pairing.requestFor("telegram", "default", "4", null)).isPresent();
        assertThat(pairing.pending("telegram", "default")).hasSize(3)
                .extracting(PairingRequest::senderId).containsExactlyInAnyOrder("2", "3", "4");
        assertThat(pairing.approve("telegram", code, null)).isEmpty();
        assertThat(pairing.requestFor("telegram", "work", "4", null)).isPresent(); // per account
    }

    @Test
    void namesLoseControlAndBidiCharactersAndAreCapped() {
        String name = "Mallory\u001b[31m\u202Eevil\u0007" + "x".repeat(100);
        PairingRequest r = pairing.requestFor("telegram", "default", "9", name).orElseThrow();
        assertThat(r.senderName()).startsWith("Mallory[31mevil").doesNotContain("\u001b", "\u202E", "\u0007")
                .hasSizeLessThanOrEqualTo(PairingRequest.MAX_NAME_LENGTH + 1);
        assertThat(pairing.pending().get(0).senderName()).isEqualTo(r.senderName());
    }

    @Test
    void codesExpireAfterOneHour() {
        String code = pairing.requestFor("telegram", "default", "1", null).orElseThrow().code();
        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThat(pairing.pending()).isEmpty();
        assertThat(pairing.approve("telegram", code, null)).isEmpty();
        assertThat(pairing.isApproved("telegram", "default", "1")).isFalse();
        assertThat(pairing.requestFor("telegram", "default", "1", null).orElseThrow().code()).isNotEqualTo(code);
    }

    @Test
    void approveAndDenyByCodeAndAccount() {
        String a = pairing.requestFor("telegram", "work", "1", null).orElseThrow().code();
        String b = pairing.requestFor("telegram", "default", "2", null).orElseThrow().code();
        assertThat(pairing.approve("telegram", a, "default")).isEmpty(); // wrong account
        assertThat(pairing.approve("telegram", a.toLowerCase(), "work")).isPresent();
        assertThat(pairing.isApproved("telegram", "work", "1")).isTrue();
        assertThat(pairing.isApproved("telegram", "default", "1")).isFalse();
        assertThat(pairing.deny("telegram", b, null)).isPresent();
        assertThat(pairing.isApproved("telegram", "default", "2")).isFalse();
        assertThat(pairing.pending()).isEmpty();
        assertThat(pairing.approved()).containsExactly("telegram:work:1");
    }
}
