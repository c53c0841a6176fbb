package io.pigateway.core.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.testing.FakeTurnRunner;
import io.pigateway.testing.RecordingObserver;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneDispatcherTest {

    private static final String KEY = "agent:main:telegram:dm:42";

    private final FakeTurnRunner runner = new FakeTurnRunner();

    private static PendingMessage msg(String key, String text) {
        return msg(key, text, TurnObserver.NONE);
    }

    private static PendingMessage msg(String key, String text, TurnObserver observer) {
        return new PendingMessage(InboundMessage.direct("telegram", "42", text), key, observer);
    }

    @Test
    void idleSessionStartsAtOnceAndItsLaneIsRemovedWhenDone() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);

        lanes.submit(msg(KEY, "hi"));

        assertThat(runner.turns()).extracting(FakeTurnRunner.Turn::texts).containsExactly(List.of("hi"));
        assertThat(lanes.isBusy(KEY)).isTrue();
        assertThat(lanes.stats()).isEqualTo(new LaneStats(1, 1, 0));

        runner.finish(KEY);

        assertThat(lanes.isBusy(KEY)).isFalse();
        assertThat(lanes.stats()).isEqualTo(new LaneStats(0, 0, 0));
    }

    @Test
    void followupRunsEachQueuedMessageAsItsOwnTurnInFifoOrder() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
        for (String text : List.of("a", "b", "c", "d")) {
            lanes.submit(msg(KEY, text));
        }
        assertThat(lanes.queuedCount(KEY)).isEqualTo(3);

        for (int i = 0; i < 4; i++) {
            runner.finish(KEY);
        }

        assertThat(runner.turnsOf(KEY)).extracting(FakeTurnRunner.Turn::texts)
                .containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
        assertThat(lanes.stats().activeLanes()).isZero();
    }

    @Test
    void collectTurnsEverythingQueuedIntoOneBatch() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.COLLECT, 5, runner);
        for (String text : List.of("a", "b", "c", "d")) {
            lanes.submit(msg(KEY, text));
        }

        runner.finish(KEY);

        assertThat(runner.turnsOf(KEY)).extracting(FakeTurnRunner.Turn::texts)
                .containsExactly(List.of("a"), List.of("b", "c", "d"));
        runner.finish(KEY);
        assertThat(lanes.stats()).isEqualTo(new LaneStats(0, 0, 0));
    }

    @Test
    void reconfiguredSettingsApplyToLaterMessagesAndKeepWhatIsQueued() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
        for (String text : List.of("a", "b", "c", "d")) {
            lanes.submit(msg(KEY, text));
        }

        lanes.reconfigure(QueueMode.COLLECT, 2);

        assertThatThrownBy(() -> lanes.submit(msg(KEY, "e"))).isInstanceOf(LaneFullException.class);
        assertThat(lanes.queuedCount(KEY)).as("nothing queued is dropped under the lower cap").isEqualTo(3);
        assertThat(lanes.mode()).isEqualTo(QueueMode.COLLECT);
        runner.finish(KEY);
        assertThat(runner.turnsOf(KEY)).extracting(FakeTurnRunner.Turn::texts)
                .containsExactly(List.of("a"), List.of("b", "c", "d"));
    }

    @Test
    void steerJoinsTheRunningTurnWithoutQueueing() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.STEER, 5, runner);
        lanes.submit(msg(KEY, "a"));

        lanes.submit(msg(KEY, "b"));

        assertThat(runner.steered()).extracting(m -> m.message().text()).containsExactly("b");
        assertThat(lanes.queuedCount(KEY)).isZero();
        runner.finish(KEY);
        assertThat(runner.turns()).hasSize(1);
        assertThat(lanes.stats().activeLanes()).isZero();
    }

    @Test
    void steerFallsBackToTheQueueAndKeepsOrderBehindQueuedMessages() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.STEER, 5, runner);
        lanes.submit(msg(KEY, "a"));
        runner.setSteerAccepted(false);
        lanes.submit(msg(KEY, "b"));
        runner.setSteerAccepted(true);

        // "c" must not overtake the queued "b" by steering into the running turn
        lanes.submit(msg(KEY, "c"));

        assertThat(runner.steered()).isEmpty();
        assertThat(lanes.queuedCount(KEY)).isEqualTo(2);
        runner.finish(KEY);
        assertThat(runner.turnsOf(KEY)).extracting(FakeTurnRunner.Turn::texts)
                .containsExactly(List.of("a"), List.of("b", "c"));
    }

    @Test
    void interruptAbortsTheRunningTurnAndRunsTheNewMessageAfterIt() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.INTERRUPT, 5, runner);
        lanes.submit(msg(KEY, "long task"));

        lanes.submit(msg(KEY, "stop, do this instead"));

        assertThat(runner.aborted()).containsExactly(KEY);
        assertThat(runner.turns()).hasSize(1);
        runner.finish(KEY); // the aborted turn ends
        assertThat(runner.turnsOf(KEY)).extracting(FakeTurnRunner.Turn::texts)
                .containsExactly(List.of("long task"), List.of("stop, do this instead"));
    }

    @Test
    void fullLaneRejectsWithoutDroppingOrAborting() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.INTERRUPT, 2, runner);
        lanes.submit(msg(KEY, "running"));
        lanes.submit(msg(KEY, "q1"));
        lanes.submit(msg(KEY, "q2"));

        assertThatThrownBy(() -> lanes.submit(msg(KEY, "q3")))
                .isInstanceOf(LaneFullException.class)
                .satisfies(e -> assertThat(((LaneFullException) e).queued()).isEqualTo(2));

        assertThat(runner.aborted()).hasSize(2); // q1 and q2 interrupted, the rejected q3 did not
        assertThat(lanes.queuedCount(KEY)).isEqualTo(2);
        runner.finish(KEY);
        assertThat(runner.turnsOf(KEY).get(1).texts()).containsExactly("q1", "q2");
    }

    @Test
    void fullLaneRejectsUnderFollowupToo() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 1, runner);
        lanes.submit(msg(KEY, "running"));
        lanes.submit(msg(KEY, "q1"));

        assertThatThrownBy(() -> lanes.submit(msg(KEY, "q2"))).isInstanceOf(LaneFullException.class);
        // another session is not affected
        lanes.submit(msg("agent:main:telegram:dm:7", "other"));
        assertThat(lanes.stats()).isEqualTo(new LaneStats(2, 2, 1));
    }

    @Test
    void killAbortsAndTellsQueuedObserversTheirMessagesWereDropped() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
        RecordingObserver queued = new RecordingObserver();
        lanes.submit(msg(KEY, "running"));
        lanes.submit(msg(KEY, "queued", queued));

        assertThat(lanes.kill(KEY)).isTrue();

        assertThat(queued.events()).containsExactly("error:killed");
        assertThat(runner.aborted()).containsExactly(KEY);
        runner.finish(KEY);
        assertThat(runner.turns()).hasSize(1);
        assertThat(lanes.stats().activeLanes()).isZero();
        assertThat(lanes.kill(KEY)).isFalse();
    }

    @Test
    void abortOnlyReachesTheRunnerWhenATurnRuns() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
        assertThat(lanes.abort(KEY)).isFalse();
        lanes.submit(msg(KEY, "a"));
        lanes.submit(msg(KEY, "b"));

        assertThat(lanes.abort(KEY)).isTrue();

        assertThat(runner.aborted()).containsExactly(KEY);
        runner.finish(KEY);
        assertThat(runner.turnsOf(KEY)).hasSize(2); // abort keeps the queue, unlike kill
    }

    @Test
    void aRunnerThatCannotStartATurnFailsTheBatchAndTheLaneMovesOn() {
        RecordingObserver first = new RecordingObserver();
        FakeTurnRunner failingOnce = new FakeTurnRunner();
        TurnRunner runnerThatThrowsFirst = new TurnRunner() {
            private boolean thrown;

            @Override
            public void runTurn(String key, List<PendingMessage> batch, Runnable onFinished) {
                if (!thrown) {
                    thrown = true;
                    throw new IllegalStateException("pool closed");
                }
                failingOnce.runTurn(key, batch, onFinished);
            }

            @Override
            public boolean steer(String key, PendingMessage m) {
                return false;
            }

            @Override
            public void abort(String key) {
            }
        };
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runnerThatThrowsFirst);

        lanes.submit(msg(KEY, "a", first));
        lanes.submit(msg(KEY, "b"));

        assertThat(first.events()).containsExactly("error:internal");
        assertThat(failingOnce.turns()).extracting(FakeTurnRunner.Turn::texts).containsExactly(List.of("b"));
    }

    @Test
    void aTurnReportedFinishedTwiceDoesNotStartTwoTurns() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
        lanes.submit(msg(KEY, "a"));
        lanes.submit(msg(KEY, "b"));
        lanes.submit(msg(KEY, "c"));
        Runnable firstEnd = runner.turns().get(0).onFinished();

        runner.finish(KEY);
        firstEnd.run();

        assertThat(runner.turns()).hasSize(2);
        assertThat(lanes.queuedCount(KEY)).isEqualTo(1);
        assertThat(runner.overlaps()).isZero();
    }

    @Test
    void aRunnerThatFinishesSynchronouslyDrainsTheQueue() {
        List<List<String>> batches = new java.util.ArrayList<>();
        LaneDispatcher[] holder = new LaneDispatcher[1];
        TurnRunner synchronous = new TurnRunner() {
            @Override
            public void runTurn(String key, List<PendingMessage> batch, Runnable onFinished) {
                batches.add(batch.stream().map(m -> m.message().text()).toList());
                if (batches.size() == 1) {
                    holder[0].submit(msg(KEY, "b")); // arrives while the first turn runs
                }
                onFinished.run();
            }

            @Override
            public boolean steer(String key, PendingMessage m) {
                return false;
            }

            @Override
            public void abort(String key) {
            }
        };
        holder[0] = new LaneDispatcher(QueueMode.FOLLOWUP, 5, synchronous);

        holder[0].submit(msg(KEY, "a"));

        assertThat(batches).containsExactly(List.of("a"), List.of("b"));
        assertThat(holder[0].stats()).isEqualTo(new LaneStats(0, 0, 0));
    }

    @Test
    void tenThousandSessionsLeaveNoLanesBehind() {
        LaneDispatcher lanes = new LaneDispatcher(QueueMode.FOLLOWUP, 5, runner);
        for (int i = 0; i < 10_000; i++) {
            lanes.submit(msg("agent:main:telegram:dm:" + i, "hi"));
            lanes.submit(msg("agent:main:telegram:dm:" + i, "again"));
        }
        assertThat(lanes.stats()).isEqualTo(new LaneStats(10_000, 10_000, 10_000));

        for (int i = 0; i < 10_000; i++) {
            runner.finish("agent:main:telegram:dm:" + i);
            runner.finish("agent:main:telegram:dm:" + i);
        }

        assertThat(runner.turns()).hasSize(20_000);
        assertThat(lanes.stats()).isEqualTo(new LaneStats(0, 0, 0));
    }
}
