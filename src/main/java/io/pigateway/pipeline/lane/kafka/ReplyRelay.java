package io.pigateway.pipeline.lane.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.TurnObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers for callers that wait on this instance (the HTTP API, WebSocket clients) whose turn runs
 * on another: each caller is registered under an id that travels with the message; the instance
 * running the turn publishes the turn's events to {@code <topic>.replies}, keyed by this
 * instance's id, and this relay reads the one partition that key lands on and plays them to the
 * caller. A turn that runs here is watched by the caller directly.
 */
final class ReplyRelay implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyRelay.class);

    private final String instanceId;
    /** How long a caller stays registered: its own timeout has long fired (the instance running its turn died). */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private record Waiting(TurnObserver caller, long since) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private long nextSweep = System.nanoTime();
    private final BiConsumer<String, String> publish;
    private final Consumer<String, String> consumer;
    private final String topic;
    private volatile boolean running = true;

    /**
     * @param publish  sends (key, JSON) to the replies topic without blocking
     * @param consumer a consumer without a group: the relay assigns its partition itself
     */
    ReplyRelay(String instanceId, String topic, BiConsumer<String, String> publish, Consumer<String, String> consumer) {
        this.instanceId = instanceId;
        this.topic = topic;
        this.publish = publish;
        this.consumer = consumer;
    }

    /**
     * Takes this instance's reply partition from its end (replies for callers registered from now
     * on). Called before the lanes take messages, so no answer can pass unseen.
     */
    void assign() throws InterruptedException {
        int partitions = consumer.partitionsFor(topic).size();
        for (long deadline = System.nanoTime() + 30_000_000_000L; partitions == 0 && System.nanoTime() < deadline; ) {
            Thread.sleep(100); // a topic just created: its metadata reaches the brokers in a moment
            partitions = consumer.partitionsFor(topic).size();
        }
        if (partitions == 0) {
            throw new IllegalStateException("the topic " + topic + " has no partitions");
        }
        TopicPartition mine = new TopicPartition(topic, partitionOf(instanceId, partitions));
        consumer.assign(List.of(mine));
        consumer.seekToEnd(List.of(mine));
        consumer.position(mine); // resolve the end now, not at the first poll
    }

    /** The partition Kafka's default partitioner picks for a key (murmur2, as for any keyed record). */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Registers a waiting caller; the returned id travels with its message. */
    String register(TurnObserver caller) {
        String id = UUID.randomUUID().toString();
        waiting.put(id, new Waiting(caller, System.nanoTime()));
        return id;
    }

    /** Drops a registration whose message never reached the lanes. */
    void forget(String id) {
        waiting.remove(id);
    }

    /** Whoever watches a turn for a caller registered on {@code replyTo} under {@code id}. */
    TurnObserver watcherFor(String replyTo, String id) {
        Waiting here = instanceId.equals(replyTo) ? waiting.get(id) : null;
        if (here == null) {
            return new RemoteReplyObserver(replyTo, id, publish);
        }
        return new EndingObserver(here.caller(), () -> waiting.remove(id)); // the caller waits here: it watches the turn
    }

    int waitingCount() {
        return waiting.size();
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    deliver(record.value());
                }
                sweep(System.nanoTime());
            }
        } catch (WakeupException e) {
            // stop() woke the poll
        } catch (RuntimeException e) {
            LOG.error("The Kafka replies consumer stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void deliver(String json) {
        JsonNode event = ReplyEvent.read(json);
        if (event == null || !instanceId.equals(event.path("to").asText())) {
            return; // another instance's key on the same partition
        }
        String id = event.path("id").asText();
        Waiting caller = waiting.get(id);
        if (caller != null && ReplyEvent.play(event, caller.caller())) {
            waiting.remove(id);
        }
    }

    /** Once a minute: forgets callers registered longer than {@link #FORGET_AFTER} ago. */
    void sweep(long now) {
        if (now - nextSweep < 0) {
            return;
        }
        nextSweep = now + Duration.ofMinutes(1).toNanos();
        waiting.values().removeIf(w -> now - w.since() > FORGET_AFTER.toNanos());
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
