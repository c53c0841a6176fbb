package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pigateway.testing.FakePi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A normal stop (SIGTERM, Ctrl-C) while pi is being spawned is quiet: no stack trace, no WARN. */
class PiPoolShutdownTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger rpcLog = (Logger) LoggerFactory.getLogger("io.pigateway.rpc");

    @BeforeEach
    void captureLogs() {
        logs.start();
        rpcLog.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        rpcLog.detachAppender(logs);
    }

    private List<String> warningsAndErrors() {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void stopWhilePiIsStillStartingLogsNoError() {
        try (FakePiPools pools = new FakePiPools(dir)) {
            PiPool pool = pools.start("slow-start", 1, 1, 10, 60_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.pids().size() == 1); // spawned, not ready
            long pid = pool.pids().get(0);

            pool.stop();

            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            assertThat(pool.stats().processes()).isZero();
        }
        assertThat(warningsAndErrors()).isEmpty();
    }

    @Test
    void aSpawnThatMeetsAStoppedSchedulerFailsQuietlyInsteadOfThrowing() {
        ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
        stopped.shutdownNow();
        AtomicInteger exits = new AtomicInteger();
        PiProcess p = new PiProcess(1, new PiProcessSpec(FakePi.command("normal"), Map.of(), dir),
                new PiPoolSettings(0, 1, 60_000, 1, 30_000), stopped, x -> exits.incrementAndGet());

        CompletableFuture<Void> ready = p.start(); // used to throw RejectedExecutionException here

        assertThat(ready).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(PiRpcException.class).withMessageContaining("shutting down");
        await().atMost(Duration.ofSeconds(10)).until(() -> exits.get() == 1); // the process is ended, not leaked
        assertThat(warningsAndErrors()).isEmpty();
        assertThat(PiProcess.stoppedBySignal(143)).isTrue();
        assertThat(PiProcess.stoppedBySignal(1)).isFalse();
    }
}
