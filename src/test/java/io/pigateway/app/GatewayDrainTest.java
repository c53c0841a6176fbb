package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.PendingMessage;
import io.pigateway.core.lane.QueueMode;
import io.pigateway.pipeline.IntakeGate;
import io.pigateway.testing.FakeTurnRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The drain on its own, with real lanes and a fake turn runner: it closes the intake and pauses the
 * channels at once, waits for the turn in flight and the queue behind it, and at the deadline drops
 * what is queued and aborts what runs, every waiting user told the sentence.
 */
class GatewayDrainTest {
    private final FakeTurnRunner runner = new FakeTurnRunner();
    private final LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
    private final IntakeGate intake = new IntakeGate();
    private final PausingChannel channel = new PausingChannel();

    @Test
    void waitsForTheTurnInFlightAndTheQueueThenReturns() throws Exception {
        Errors first = new Errors();
        Errors second = new Errors();
        lanes.submit(message("a", "first", first));
        lanes.submit(message("a", "second", second));
        GatewayDrain drain = new GatewayDrain(intake, lanes, (code, sentence) -> {
            throw new AssertionError("nothing is aborted before the deadline");
        }, List.of(channel), 30_000);

        CompletableFuture<GatewayDrain.Outcome> outcome = CompletableFuture.supplyAsync(() -> run(drain));

        await().atMost(Duration.ofSeconds(5)).until(intake::isClosed);
        assertThat(channel.paused.get()).isEqualTo(1);
        runner.finish("a");
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.turns().size() == 2); // the queued one ran
        assertThat(outcome).isNotDone();
        runner.finish("a");
        GatewayDrain.Outcome done = outcome.get();
        assertThat(done.clean()).isTrue();
        assertThat(done.tookMs()).isLessThan(30_000);
        assertThat(first.seen).isEmpty();
        assertThat(second.seen).isEmpty();
    }

    @Test
    void atTheDeadlineQueuedMessagesAreDroppedAndRunningTurnsAbortedWithASentence() throws Exception {
        Errors running = new Errors();
        Errors queued = new Errors();
        lanes.submit(message("a", "running", running));
        lanes.submit(message("a", "queued", queued));
        AtomicInteger aborts = new AtomicInteger();
        GatewayDrain drain = new GatewayDrain(intake, lanes, (code, sentence) -> {
            aborts.incrementAndGet();
            running.onError(code, sentence); // what AgentTurnRunner.abortAll tells the turn's observers
            runner.finish("a");
            return 1;
        }, List.of(channel), 200);

        GatewayDrain.Outcome outcome = drain.drain(GatewayDrain.Reason.STOP);

        assertThat(outcome.abortedTurns()).isEqualTo(1);
        assertThat(outcome.droppedMessages()).isEqualTo(1);
        assertThat(aborts.get()).isEqualTo(1);
        String sentence = "The gateway stopped before this answer was finished; please send your message again once "
                + "it is back.";
        assertThat(running.seen).containsExactly("restarting: " + sentence);
        assertThat(queued.seen).containsExactly("restarting: " + sentence);
        assertThat(runner.turns()).hasSize(1); // the dropped message never started a turn
        assertThat(lanes.stats().runningTurns()).isZero();
    }

    @Test
    void anIdleGatewayDrainsAtOnce() throws Exception {
        GatewayDrain.Outcome outcome = new GatewayDrain(intake, lanes, (code, sentence) -> 0, List.of(channel), 60_000)
                .drain(GatewayDrain.Reason.RESTART);
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.tookMs()).isLessThan(5_000);
        assertThat(intake.isClosed()).isTrue();
        assertThat(channel.paused.get()).isEqualTo(1);
    }

    private static GatewayDrain.Outcome run(GatewayDrain drain) {
        try {
            return drain.drain(GatewayDrain.Reason.RESTART);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PendingMessage message(String session, String text, TurnObserver observer) {
        return new PendingMessage(InboundMessage.direct("api", "api", text), session, observer);
    }

    /** The errors a waiting user is told, as "code: sentence". */
    private static final class Errors implements TurnObserver {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onError(String code, String message) {
            seen.add(code + ": " + message);
        }
    }

    private static final class PausingChannel implements Channel {
        final AtomicInteger paused = new AtomicInteger();

        @Override
        public String name() {
            return "pausing";
        }

        @Override
        public TurnObserver observerFor(InboundMessage message) {
            return TurnObserver.NONE;
        }

        @Override
        public void pause() {
            paused.incrementAndGet();
        }
    }
}
