package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.TurnUsage;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.PendingMessage;
import io.pigateway.rpc.PiRpcConstants;
import io.pigateway.rpc.PiTurnResult;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against a stand-in for pi-rpc: a message steered into a turn that pi reports as not
 * taken in (it arrived as the run ended) does not get that turn's answer; it goes back to its lane.
 */
class AgentTurnRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aLateSteerIsRequeuedInsteadOfAnsweredWithoutItsText() throws Exception {
        CountDownLatch steered = new CountDownLatch(1);
        try (DefaultCamelContext camel = new DefaultCamelContext();
             SqliteStateStore store = SqliteStateStore.open(dir)) {
            camel.addComponent("pi-rpc", new DirectComponent()); // "pi-rpc:main" answers like pi would
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pi-rpc:main").process(ex -> steered.countDown()); // the steer is acked
                    // threads(): the turn continues elsewhere and runTurn returns at once, as with pi-rpc
                    from(PipelineRoutes.AGENT_TURN).threads(1).process(ex -> {
                        assertThat(steered.await(10, TimeUnit.SECONDS)).isTrue();
                        assertThat(ex.getMessage().getHeader(PiRpcConstants.SESSION_FILE)).isNotNull();
                        ex.getMessage().setBody(new PiTurnResult("the answer", "stop", null, null,
                                List.of("second, too late")));
                    });
                }
            });
            camel.start();
            AgentTurnRunner runner = new AgentTurnRunner(PipelineRoutes.AGENT_TURN, Set.of(),
                    new SessionCatalog(store, dir, new HookRegistry(), null));
            List<PendingMessage> requeued = new CopyOnWriteArrayList<>();
            runner.onUndelivered(requeued::add);
            runner.attach(camel);

            String key = "agent:main:api:dm:u";
            Recorder first = new Recorder();
            Recorder second = new Recorder();
            CountDownLatch finished = new CountDownLatch(1);
            runner.runTurn(key, List.of(pending(key, "first", first)), finished::countDown);
            await().until(() -> runner.isRunning(key));
            PendingMessage late = pending(key, "second, too late", second);
            assertThat(runner.steer(key, late)).isTrue();

            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first.answer.get()).isEqualTo("the answer");
            assertThat(second.answer.get()).isNull(); // not answered with a reply that never saw it
            assertThat(requeued).containsExactly(late); // it runs again, next
        }
    }

    private static PendingMessage pending(String key, String text, TurnObserver observer) {
        return new PendingMessage(InboundMessage.direct("api", "u", text), key, observer);
    }

    private static final class Recorder implements TurnObserver {
        final AtomicReference<String> answer = new AtomicReference<>();

        @Override
        public void onFinal(TurnResult result) {
            answer.set(result.text());
        }
    }

    @Test
    void pisUsageBecomesTheTurnsUsage() throws Exception {
        var json = new ObjectMapper().readTree(
                "{\"input\":7,\"output\":3,\"cacheRead\":40,\"cacheWrite\":2,\"totalTokens\":52,\"cost\":{\"total\":0}}");
        assertThat(AgentTurnRunner.usageOf(json)).isEqualTo(new TurnUsage(7, 3, 40, 2, 52));
        assertThat(AgentTurnRunner.usageOf(null)).isEqualTo(TurnUsage.NONE);
    }
}
