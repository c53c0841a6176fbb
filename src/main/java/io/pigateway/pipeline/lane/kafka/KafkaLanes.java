package io.pigateway.pipeline.lane.kafka;

import io.pigateway.core.CamelAwareService;
import io.pigateway.config.ClusterConfig;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.core.lane.PendingMessage;
import io.pigateway.pipeline.lane.LaneTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session lanes shared by several instances over Kafka ({@code cluster.mode: kafka}). The inbound
 * route's {@code to("lane:sessions")} publishes each accepted message to the lanes topic (camel-kafka),
 * keyed by session key, so all messages of a session land on one partition and so on one instance,
 * in order. Every instance consumes the topic in one group and submits each record to its own lane
 * dispatcher, where the queue modes work as in a single gateway. Offsets are committed once a
 * message's outcome is out; a partition that moves away stops starting turns here at once
 * ({@link LanePartitions}). Answers for callers waiting on another instance go back through
 * {@link ReplyRelay}.
 */
public final class KafkaLanes extends CamelAwareService implements LaneTransport {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLanes.class);

    private final ClusterConfig cluster;
    private final LaneDispatcher lanes;
    private final Function<InboundMessage, TurnObserver> channelAnswer;
    private Duration drainTimeout = Duration.ofSeconds(60);
    private OutcomeMarkers markers = OutcomeMarkers.NONE;
    private ProducerTemplate template;
    private LanePartitions partitions;
    private ReplyRelay replies;
    private boolean lifecycleHooked;
    private KafkaProducer<String, String> replyProducer;
    private Thread partitionsThread;
    private Thread repliesThread;

    /**
     * @param lanes         this instance's lane dispatcher (the records it consumes run there)
     * @param channelAnswer the channel's delivery of an answer nobody waits on, rebuilt where the turn runs
     */
    public KafkaLanes(ClusterConfig cluster, LaneDispatcher lanes, Function<InboundMessage, TurnObserver> channelAnswer) {
        if (cluster.kafka().bootstrapServers() == null || cluster.kafka().bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("cluster.mode kafka needs cluster.kafka.bootstrapServers");
        }
        this.cluster = cluster;
        this.lanes = lanes;
        this.channelAnswer = channelAnswer;
    }

    /** How long turns of a partition that moves away may still run here before it is released. */
    public KafkaLanes withDrainTimeout(Duration timeout) {
        this.drainTimeout = timeout;
        return this;
    }

    /**
     * The state store all instances share ({@code store.kind: postgres}): a record's outcome is marked
     * there until committed, so after a crash the next owner does not answer it again.
     */
    public KafkaLanes withSharedStore(io.pigateway.store.StateStore store) {
        this.markers = new OutcomeMarkers(store);
        return this;
    }



    @Override
    public void publish(PendingMessage m, boolean channel) {
        LaneRecord.Answer answer = channel ? LaneRecord.Answer.CHANNEL
                : m.observer() == TurnObserver.NONE ? LaneRecord.Answer.NONE : LaneRecord.Answer.REPLY;
        String replyId = answer == LaneRecord.Answer.REPLY ? replies.register(m.observer()) : null;
        String json = new LaneRecord(m.message(), m.sessionKey(), m.role(), answer,
                replyId != null ? cluster.instanceId() : null, replyId).toJson();
        try {
            // waits for the broker's ack: once the caller is told "accepted", the message is in Kafka
            template.sendBodyAndHeader(uri(cluster.kafka().topic()), json, KafkaConstants.KEY, m.sessionKey());
        } catch (RuntimeException e) {
            if (replyId != null) {
                replies.forget(replyId); // the caller gets the failure from this call, not from a turn
            }
            throw e;
        }
    }

    @Override
    public synchronized void stopTaking() {
        if (partitions != null) {
            partitions.stop(); // its thread drains, commits and leaves the group; stopConsuming waits for it
        }
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> h = new java.util.LinkedHashMap<>();
        h.put("mode", "kafka");
        h.put("instanceId", cluster.instanceId());
        h.put("topic", cluster.kafka().topic());
        h.put("consuming", partitionsThread != null && partitionsThread.isAlive()); // false: the poll loop ended
        h.put("partitions", ownedPartitions().stream().map(TopicPartition::partition).sorted().toList());
        h.put("waitingCallers", replies != null ? replies.waitingCount() : 0);
        return h;
    }

    /** The lanes topic's partitions this instance runs the sessions of now. */
    public Set<TopicPartition> ownedPartitions() {
        return partitions != null ? partitions.owned() : Set.of();
    }

    private void deliver(ConsumerRecord<String, String> record, PartitionLedger ledger) {
        LaneRecord r = LaneRecord.fromJson(record.value()).orElse(null);
        if (r == null) {
            LOG.warn("Kafka lanes: skipped an unreadable record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            ledger.done(record.offset());
            return;
        }
        TurnObserver watcher = switch (r.answer()) {
            case CHANNEL -> channelAnswer.apply(r.message());
            case REPLY -> replies.watcherFor(r.replyTo(), r.replyId());
            case NONE -> TurnObserver.NONE;
        };
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        RecordObserver observer = new RecordObserver(watcher, ledger, record.offset(), () -> {
            if (r.answer() == LaneRecord.Answer.REPLY && markers != OutcomeMarkers.NONE) {
                replyProducer.flush(); // the final event is in Kafka before the record counts as answered
            }
            markers.mark(partition, record.offset());
        });
        try {
            lanes.submit(new PendingMessage(r.message(), r.sessionKey(), observer, r.role()));
        } catch (LaneFullException e) {
            observer.onError("busy", "This session is busy; please send your message again.");
        } catch (RuntimeException e) { // the poll loop must go on for the other sessions
            LOG.error("Kafka lanes: the message at {}-{}@{} could not be queued", record.topic(), record.partition(),
                    record.offset(), e);
            observer.onError("internal", "The gateway could not start the agent turn; please send your message again.");
        }
    }

    @Override
    protected void doStart() throws Exception {
        createTopics();
        template = getCamelContext().createProducerTemplate();
        // the turn's events in order without blocking the turn: Kafka's own producer (the producer
        // template's async send would hand them to a thread pool, which reorders them)
        replyProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafka().bootstrapServers(), ProducerConfig.CLIENT_ID_CONFIG, cluster.instanceId() + "-replier",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
        String repliesTopic = cluster.kafka().repliesTopic();
        replies = new ReplyRelay(cluster.instanceId(), repliesTopic,
                (key, json) -> replyProducer.send(new ProducerRecord<>(repliesTopic, key, json), (meta, e) -> {
                    if (e != null) {
                        LOG.warn("Kafka lanes: a reply for {} was not sent: {}", key, e.toString());
                    }
                }),
                new KafkaConsumer<>(consumerProperties(null)));
        replies.assign();
        repliesThread = daemon(replies, "pi-gateway-kafka-replies");
        // take messages only once the routes that run the turns are up; leave the group (drained,
        // committed) before they stop
        if (!lifecycleHooked) {
            lifecycleHooked = true;
            getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onContextStarted(CamelContext context) {
                    startConsuming();
                }

                @Override
                public void onContextStopping(CamelContext context) {
                    stopConsuming();
                }
            });
        }
        if (getCamelContext().isStarted()) {
            startConsuming();
        }
        LOG.info("Kafka lanes: instance {} on topic {} (group {})", cluster.instanceId(), cluster.kafka().topic(),
                cluster.kafka().groupId());
    }

    @Override
    protected void doStop() throws Exception {
        stopConsuming();
        if (replies != null) {
            replies.stop();
            repliesThread.join(10_000);
        }
        if (replyProducer != null) {
            replyProducer.close(Duration.ofSeconds(5));
        }
        if (template != null) {
            template.stop();
        }
    }

    private synchronized void startConsuming() {
        if (partitions != null) {
            return;
        }
        partitions = new LanePartitions(new KafkaConsumer<>(consumerProperties(cluster.kafka().groupId())),
                cluster.kafka().topic(), this::deliver, drainTimeout, markers);
        partitionsThread = daemon(partitions, "pi-gateway-kafka-lanes");
    }

    private synchronized void stopConsuming() {
        if (partitions == null) {
            return;
        }
        partitions.stop();
        try {
            partitionsThread.join(drainTimeout.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        partitions = null; // a restart of the service joins the group anew
    }

    private String uri(String topic) {
        return "kafka:" + topic + "?brokers=" + cluster.kafka().bootstrapServers() + "&clientId=" + cluster.instanceId();
    }

    private void createTopics() throws Exception {
        int count = cluster.kafka().partitions();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafka().bootstrapServers()))) {
            for (String topic : List.of(cluster.kafka().topic(), cluster.kafka().repliesTopic())) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, count, (short) -1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, cluster.instanceId() + (groupId != null ? "-lanes" : "-replies")));
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            int sessionTimeout = cluster.kafka().sessionTimeoutMs();
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeout);
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, sessionTimeout / 3));
            // only the partitions that move are revoked (and drained), not all of them at every rebalance
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        return p;
    }

    private static Thread daemon(Runnable loop, String name) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
