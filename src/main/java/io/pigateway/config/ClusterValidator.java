package io.pigateway.config;

import io.pigateway.config.ClusterConfig.KafkaConfig;
import java.util.List;

/** {@code cluster}: what {@code mode: kafka} cannot start without, and what it should not run without. */
final class ClusterValidator {

    private ClusterValidator() {
    }

    static void validate(GatewayConfig config, List<String> errors, List<String> warnings) {
        ClusterConfig cluster = config.cluster();
        if (!cluster.isKafka()) {
            return;
        }
        if (!config.store().usesPostgres()) { // works (one instance, tests), so a warning, not a refusal
            warnings.add("cluster.mode \"kafka\" without store.kind \"postgres\": each instance keeps its own "
                    + "sessions, pairing and journal, and a crashed instance's last answers may be sent twice; "
                    + "set store.kind \"postgres\" to share them");
        }
        KafkaConfig kafka = cluster.kafka();
        if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
            errors.add("cluster.kafka.bootstrapServers: cluster.mode \"kafka\" needs the brokers to reach, e.g. "
                    + "\"kafka-1:9092,kafka-2:9092\"");
        }
        if (kafka.topic().isBlank() || kafka.groupId().isBlank()) {
            errors.add("cluster.kafka.topic and cluster.kafka.groupId must not be empty");
        }
        if (kafka.sessionTimeoutMs() < 1000) {
            errors.add("cluster.kafka.sessionTimeoutMs: at least 1000, was " + kafka.sessionTimeoutMs());
        }
        if (kafka.partitions() < 1) {
            errors.add("cluster.kafka.partitions: at least 1, was " + kafka.partitions());
        }
    }
}
