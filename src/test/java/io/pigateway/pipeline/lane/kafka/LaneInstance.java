package io.pigateway.pipeline.lane.kafka;

import io.pigateway.config.ClusterConfig;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.lane.PendingMessage;
import io.pigateway.core.lane.TurnRunner;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.pipeline.lane.LaneConstants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One gateway instance reduced to its lanes: a CamelContext with the real {@code lane:} component
 * on {@link KafkaLanes}, the inbound route's {@code to("lane:sessions")} and the agent-turns route,
 * whose turns a fake agent runs: each takes {@code turnMs}, then answers "re: text" through the
 * message's observer. Channel answers land in the shared {@link #answers} log, per session.
 */
final class LaneInstance implements AutoCloseable {
    /** Channel answers of all instances, by session key, in the order they were sent. */
    static class Answers {
        final Map<String, List<String>> bySession = new ConcurrentHashMap<>();
        final AtomicInteger count = new AtomicInteger();

        TurnObserver observerFor(InboundMessage message) {
            return new TurnObserver() {
                @Override
                public void onFinal(TurnResult result) {
                    answered(message.chatId(), result.text());
                }
            };
        }

        void answered(String session, String text) {
            bySession.computeIfAbsent(session, k -> new CopyOnWriteArrayList<>()).add(text);
            count.incrementAndGet();
        }
    }

    final String name;
    final CamelContext camel = new DefaultCamelContext();
    final KafkaLanes lanes;
    /** Turns this instance's fake agent ran, as "session:text". */
    final List<String> turns = new CopyOnWriteArrayList<>();
    private final org.apache.camel.ProducerTemplate template;
    private final ScheduledExecutorService agent = Executors.newScheduledThreadPool(4);

    LaneInstance(String name, String bootstrap, String topic, String group, Answers answers, long turnMs)
            throws Exception {
        this.name = name;
        LaneComponent lane = new LaneComponent();
        lane.setQueueMode("followup"); // one turn per message: turns counted = messages answered
        lane.setTurnRunner(new FakeAgent(turnMs));
        ClusterConfig cluster = new ClusterConfig("kafka", name,
                new ClusterConfig.KafkaConfig(bootstrap, topic, group, 6, 3_000), null);
        lanes = new KafkaLanes(cluster, lane.dispatcher("sessions"), answers::observerFor)
                .withDrainTimeout(Duration.ofSeconds(10));
        lane.setTransport(lanes);
        camel.addComponent("lane", lane);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:inbound").routeId("inbound-" + name)
                        .filter(exchangeProperty(GatewayHeaders.OBSERVER).isNull())
                            .setProperty(LaneConstants.CHANNEL_ANSWER, constant(true))
                        .end()
                        .to("lane:sessions");
                from("lane:sessions").routeId("agent-turns-" + name).process(ex -> ((TurnRunner) lane.getTurnRunner())
                        .runTurn(ex.getMessage().getHeader(LaneConstants.SESSION_KEY, String.class),
                                ex.getMessage().getBody(List.class), ex.getProperty(LaneConstants.ON_FINISHED,
                                        Runnable.class)));
            }
        });
        camel.addService(lanes);
        camel.start();
        template = camel.createProducerTemplate();
    }

    /** Sends a channel message into this instance's inbound route, as a channel adapter would. */
    void send(String session, String text) {
        inbound(InboundMessage.direct("test", session, text), "test:" + session, null);
    }

    /** Sends a message whose caller waits on this instance (the HTTP API's way). */
    void ask(String session, String text, TurnObserver caller) {
        inbound(InboundMessage.direct("api", session, text), "api:" + session, caller);
    }

    private void inbound(InboundMessage message, String sessionKey, TurnObserver caller) {
        org.apache.camel.Exchange done = template.send("direct:inbound", ex -> {
            ex.getMessage().setBody(message);
            ex.getMessage().setHeader(GatewayHeaders.SESSION_KEY, sessionKey);
            if (caller != null) {
                ex.setProperty(GatewayHeaders.OBSERVER, caller);
            }
        });
        if (done.getException() != null) {
            throw new IllegalStateException(done.getException());
        }
    }

    @Override
    public void close() {
        camel.stop();
        agent.shutdownNow();
    }

    /** The fake agent: a turn takes {@code turnMs}, then every message of the batch gets "re: text". */
    private final class FakeAgent implements TurnRunner {
        private final long turnMs;

        FakeAgent(long turnMs) {
            this.turnMs = turnMs;
        }

        @Override
        public void runTurn(String sessionKey, List<PendingMessage> batch, Runnable onFinished) {
            batch.forEach(m -> turns.add(sessionKey + ":" + m.message().text()));
            agent.schedule(() -> {
                for (PendingMessage m : batch) {
                    m.observer().onStart(sessionKey, "run-" + name);
                    m.observer().onDelta("re: ");
                    m.observer().onFinal(new TurnResult(sessionKey, "run-" + name, "re: " + m.message().text(),
                            "stop"));
                }
                onFinished.run();
            }, turnMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean steer(String sessionKey, PendingMessage message) {
            return false;
        }

        @Override
        public void abort(String sessionKey) {
        }
    }
}
