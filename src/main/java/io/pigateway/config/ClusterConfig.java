package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * {@code cluster} section: one gateway ({@code standalone}, the default) or several instances
 * sharing the session lanes over Kafka ({@code kafka}).
 *
 * @param instanceId  this instance's name among its peers (default: hostname-pid); replies for
 *                    callers waiting on this instance are addressed to it
 * @param sessionsDir where pi keeps the session transcripts; a directory all instances share (NFS)
 *                    so that a session that moves finds its history; null = {@code <dataDir>/sessions}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterConfig(String mode, String instanceId, KafkaConfig kafka, String sessionsDir) {
    public ClusterConfig {
        mode = mode != null ? mode : "standalone";
        instanceId = instanceId != null && !instanceId.isBlank() ? instanceId : defaultInstanceId();
        kafka = kafka != null ? kafka : KafkaConfig.defaults();
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(null, null, null, null);
    }

    /** Where pi's session transcripts go: {@code sessionsDir} if set, else {@code <dataDir>/sessions}. */
    public java.nio.file.Path sessionsDirOr(java.nio.file.Path dataDir) {
        return sessionsDir != null && !sessionsDir.isBlank()
                ? ConfigPaths.expandHome(sessionsDir).toAbsolutePath().normalize()
                : dataDir.resolve("sessions").toAbsolutePath().normalize();
    }

    public boolean isKafka() {
        return "kafka".equals(mode);
    }

    /**
     * {@code cluster.kafka}: the lanes' topic ({@code <topic>.replies} carries answers back to the
     * instance a caller waits on) and the consumer group all instances share.
     *
     * @param partitions       the partitions a missing topic is created with (the most instances that can share the load)
     * @param sessionTimeoutMs how long the group waits for a silent instance (a crash) before its
     *                         partitions move to the others (Kafka's default, 45 s)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KafkaConfig(String bootstrapServers, String topic, String groupId, Integer partitions,
                              Integer sessionTimeoutMs) {
        public KafkaConfig {
            topic = topic != null ? topic : "pi-gateway.inbound";
            groupId = groupId != null ? groupId : "pi-gateway";
            partitions = partitions != null ? partitions : 12;
            sessionTimeoutMs = sessionTimeoutMs != null ? sessionTimeoutMs : 45_000;
        }

        public static KafkaConfig defaults() {
            return new KafkaConfig(null, null, null, null, null);
        }

        public String repliesTopic() {
            return topic + ".replies";
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
