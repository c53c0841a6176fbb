package io.pigateway.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.GatewayJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Gateways in their own JVMs that form one cluster (Kafka lanes, PostgreSQL store), seen through their /health. */
final class ClusterOfJvms implements AutoCloseable {
    private final List<GatewayJvm> gateways = new ArrayList<>();
    private final Map<GatewayJvm, Set<Integer>> partitionsWhenReady = new HashMap<>();

    void add(GatewayJvm gw) {
        gateways.add(gw);
    }

    /** Every gateway answers, the lanes' partitions are shared out among all of them, one leads Telegram. */
    void awaitReady(int partitions) {
        for (GatewayJvm gw : gateways) {
            gw.awaitReady(Duration.ofSeconds(120));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                gateways.stream().allMatch(gw -> !partitions(gw).isEmpty())
                        && gateways.stream().mapToInt(gw -> partitions(gw).size()).sum() == partitions
                        && gateways.stream().filter(this::leadsTelegram).count() == 1);
        gateways.forEach(gw -> partitionsWhenReady.put(gw, partitions(gw)));
    }

    Optional<GatewayJvm> telegramLeader() {
        return gateways.stream().filter(gw -> gw.process().isAlive()).filter(this::leadsTelegram).findFirst();
    }

    List<GatewayJvm> others(GatewayJvm gw) {
        return gateways.stream().filter(g -> g != gw).toList();
    }

    /** The lanes topic's partitions {@code gw} owns now. */
    Set<Integer> partitions(GatewayJvm gw) {
        Set<Integer> owned = new TreeSet<>();
        ScaleOutAcceptanceTest.health(gw).path("cluster").path("partitions").forEach(p -> owned.add(p.asInt()));
        return owned;
    }

    Set<Integer> partitionsBeforeKill(GatewayJvm gw) {
        return partitionsWhenReady.get(gw);
    }

    private boolean leadsTelegram(GatewayJvm gw) {
        JsonNode leader = ScaleOutAcceptanceTest.health(gw).path("cluster").path("leader");
        return leader.path("telegram-default").asBoolean(false);
    }

    @Override
    public void close() throws InterruptedException {
        for (GatewayJvm gw : gateways) {
            gw.kill();
        }
    }
}
