package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakePi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool with transcript slots, against {@link FakePi} (which appends to its session file by path
 * like pi): the transcript is in the serving process's slot exactly while the process has it.
 */
class PiPoolSlotsTest {
    @TempDir
    Path dir;
    Path sessions;
    PiPool pool;

    @BeforeEach
    void setUp() throws IOException {
        sessions = Files.createDirectories(dir.resolve("sessions")).toRealPath();
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.stop();
        }
    }

    private PiPool start(String script, long timeoutMs) {
        return start(script, timeoutMs, 2);
    }

    private PiPool start(String script, long timeoutMs, int maxProcesses) {
        PiProcessSpec spec = new PiProcessSpec(FakePi.command(script), Map.of(), dir).withSlotsDir(sessions.resolve(".slots"));
        pool = new PiPool("main", spec, new PiPoolSettings(1, maxProcesses, 60_000, 10, timeoutMs));
        pool.start();
        return pool;
    }

    private static List<String> history(Path home) {
        return SessionHistory.recent(home, 20).stream().map(SessionHistory.Message::text).toList();
    }

    private List<Path> slotFiles() throws IOException {
        try (Stream<Path> files = Files.walk(sessions.resolve(".slots"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static PiTurnResult join(CompletableFuture<PiTurnResult> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void theTranscriptIsInTheProcessesSlotDuringATurnAndHomeAfterIt() throws Exception {
        start("normal", 30_000);
        Path home = sessions.resolve("a.jsonl");
        String[] piPath = new String[1];
        join(pool.prompt("a", home.toString(), "one", e -> {
            if (e.json().path("message").has("sessionFile")) {
                piPath[0] = e.json().path("message").path("sessionFile").asText();
            }
        }, 30_000));
        assertThat(piPath[0]).as("pi was given the slot, not the sessions folder")
                .startsWith(sessions.resolve(".slots/main/").toString()).endsWith("/a.jsonl");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(home));
        assertThat(slotFiles()).isEmpty();

        CompletableFuture<PiTurnResult> slow = pool.prompt("a", home.toString(), "slow:800 two", null, 30_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(home));
        assertThat(history(home)).as("readers find it in the slot").containsExactly("one", "echo: one", "slow:800 two");
        join(slow);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(home));
        assertThat(history(home)).containsExactly("one", "echo: one", "slow:800 two", "echo: slow:800 two");
        assertThat(slotFiles()).isEmpty();
    }

    @Test
    void aCrashMidTurnLosesNothingWrittenAndTheSlotGoesWithTheProcess() throws Exception {
        start("crash-mid-turn", 30_000);
        Path home = sessions.resolve("a.jsonl");
        join(pool.prompt("a", home.toString(), "one", null, 30_000));
        Throwable crash = catchThrowable(() -> join(pool.prompt("a", home.toString(), "please crash", null, 30_000)));
        assertThat(crash).isInstanceOf(CompletionException.class).hasCauseInstanceOf(PiRpcException.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(history(home)).containsExactly("one", "echo: one", "please crash");
            assertThat(slotFiles()).isEmpty();
        });
        assertThat(join(pool.prompt("a", home.toString(), "again", null, 30_000)).text()).isEqualTo("echo: again");
        await().atMost(Duration.ofSeconds(5)).until(() -> history(home).size() == 5);
        try (Stream<Path> slots = Files.list(sessions.resolve(".slots/main"))) {
            assertThat(slots.count()).as("the dead process's slot is removed").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aTimedOutTurnKeepsTheTranscriptUntilPiStoppedThenGivesItBack() throws Exception {
        start("normal", 300);
        Path home = sessions.resolve("a.jsonl");
        Throwable timeout = catchThrowable(() -> join(pool.prompt("a", home.toString(), "slow:3000 long", null, 300)));
        assertThat(((PiRpcException) timeout.getCause()).code()).isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(history(home)).startsWith("slow:3000 long");
            assertThat(slotFiles()).isEmpty();
        });
    }

    @Test
    void twoSessionsOnOneProcessNeverShareItsSlot() throws Exception {
        start("normal", 30_000);
        Path a = sessions.resolve("a.jsonl");
        Path b = sessions.resolve("b.jsonl");
        join(pool.prompt("a", a.toString(), "for a", null, 30_000));
        join(pool.prompt("b", b.toString(), "for b", null, 30_000));
        join(pool.prompt("a", a.toString(), "a again", null, 30_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(a) && Files.exists(b));
        assertThat(history(a)).containsExactly("for a", "echo: for a", "a again", "echo: a again");
        assertThat(history(b)).containsExactly("for b", "echo: for b");
        assertThat(slotFiles()).isEmpty();
    }

    @Test
    void whatAnAgentLeftRunningEndsBeforeItsProcessServesAnotherSession() throws Exception {
        start("normal", 30_000, 1); // one process: both sessions meet on it
        Path a = sessions.resolve("a.jsonl");
        String answer = join(pool.prompt("a", a.toString(), "leave-behind", null, 30_000)).text();
        ProcessHandle left = ProcessHandle.of(Long.parseLong(answer.replaceAll("\\D+", ""))).orElseThrow();
        join(pool.prompt("a", a.toString(), "same session again", null, 30_000));
        assertThat(left.isAlive()).as("its own session's next turn keeps it").isTrue();

        join(pool.prompt("b", sessions.resolve("b.jsonl").toString(), "another session", null, 30_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> !left.isAlive());
    }

    @Test
    void aGatewayKilledMidTurnFindsTheTranscriptHomeAtTheNextStart() throws Exception {
        Path leftover = Files.createDirectories(sessions.resolve(".slots/main/1")).resolve("a.jsonl");
        Files.writeString(leftover, "{\"type\":\"message\",\"id\":\"u1\",\"parentId\":null,\"message\":{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"before the kill\"}]}}\n");
        start("normal", 30_000);
        Path home = sessions.resolve("a.jsonl");
        assertThat(history(home)).containsExactly("before the kill");
        join(pool.prompt("a", home.toString(), "after", null, 30_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> history(home).size() == 3);
    }
}
