package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code cluster} section: its defaults (one standalone gateway) and what kafka mode needs. */
class ClusterConfigTest {

    @Test
    void withoutASectionTheGatewayIsStandaloneWithItsSessionsInTheDataDir() {
        ClusterConfig cluster = ConfigLoader.parse("{}", Map.of()).cluster();

        assertThat(cluster.isKafka()).isFalse();
        assertThat(cluster.instanceId()).matches(".+-\\d+"); // hostname-pid
        assertThat(cluster.kafka().topic()).isEqualTo("pi-gateway.inbound");
        assertThat(cluster.kafka().repliesTopic()).isEqualTo("pi-gateway.inbound.replies");
        assertThat(cluster.kafka().groupId()).isEqualTo("pi-gateway");
        assertThat(cluster.sessionsDirOr(Path.of("/var/lib/gw"))).isEqualTo(Path.of("/var/lib/gw/sessions"));
    }

    @Test
    void kafkaModeReadsItsSettings() {
        ClusterConfig cluster = ConfigLoader.parse("""
                { "cluster": { "mode": "kafka", "instanceId": "gw-1", "sessionsDir": "/mnt/shared/sessions",
                  "kafka": { "bootstrapServers": "127.0.0.1:9092", "topic": "t", "groupId": "g", "partitions": 3 } } }
                """, Map.of()).cluster();

        assertThat(cluster.isKafka()).isTrue();
        assertThat(cluster.instanceId()).isEqualTo("gw-1");
        assertThat(cluster.kafka().partitions()).isEqualTo(3);
        assertThat(cluster.sessionsDirOr(Path.of("/var/lib/gw"))).isEqualTo(Path.of("/mnt/shared/sessions"));
    }

    @Test
    void kafkaModeWithoutBrokersOrWithAnUnknownModeIsRefused() {
        ConfigException noBrokers = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("{ \"cluster\": { \"mode\": \"kafka\" } }", Map.of()));
        ConfigException unknown = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("{ \"cluster\": { \"mode\": \"zookeeper\" } }", Map.of()));

        assertThat(noBrokers.problems()).anySatisfy(p -> assertThat(p).startsWith("cluster.kafka.bootstrapServers:"));
        assertThat(unknown.problems()).anySatisfy(p -> assertThat(p).contains("cluster.mode").contains("kafka"));
    }

    @Test
    void kafkaModeWithoutTheSharedStoreLoadsWithAWarning() {
        String kafka = "\"cluster\": { \"mode\": \"kafka\", \"kafka\": { \"bootstrapServers\": \"127.0.0.1:9092\" } }";
        LoadedConfig alone = ConfigLoader.parseLoaded("{ " + kafka + " }", Map.of());
        LoadedConfig shared = ConfigLoader.parseLoaded("{ " + kafka + ", \"store\": { \"kind\": \"postgres\", "
                + "\"postgres\": { \"url\": \"jdbc:postgresql://127.0.0.1:5432/gw\", \"user\": \"gw\" } } }", Map.of());

        assertThat(alone.warnings()).anySatisfy(w -> assertThat(w).startsWith("cluster.mode \"kafka\" without store.kind")
                .contains("set store.kind \"postgres\""));
        assertThat(shared.warnings()).noneSatisfy(w -> assertThat(w).contains("cluster.mode"));
    }
}
