package io.pigateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebChat channel's wire: 50 WebSocket connections (the page's protocol: {@code connect}, then
 * {@code chat.send}) each send 10 messages, the next one when {@code chat.final} of the last
 * arrived; fake pi, pool 4. Latency is {@code chat.send} written to {@code chat.final} received.
 */
final class WebChatScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABS = 50;
    private static final int MESSAGES = 10;

    private final BenchEnv env;
    private final int runs;

    WebChatScenario(BenchEnv env, int runs) {
        this.env = env;
        this.runs = runs;
    }

    List<Row> run() throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work, env.fakeAgent(4, 4, null), Map.of())) {
                Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
                try {
                    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true));
                    round(http, gw.port, "warm" + run, 3);
                    double cpu0 = gw.cpuMs();
                    long t0 = System.nanoTime();
                    List<Double> latencies = round(http, gw.port, "ws" + run, MESSAGES);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    rates.add(latencies.size() / secs);
                    p50.add(Stats.percentile(latencies, 50));
                    p99.add(Stats.percentile(latencies, 99));
                    cpu.add((gw.cpuMs() - cpu0) / latencies.size());
                } finally {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            }
        }
        return List.of(
                Row.info("webchat (WebSocket), " + TABS + " connections x " + MESSAGES + " messages, fake pi: turns/s",
                        Stats.summary(rates, 0)),
                Row.info("  chat.send -> chat.final, p50 / p99", Stats.summary(p50, 1) + " / " + Stats.summary(p99, 1) + " ms"),
                Row.info("  gateway CPU per turn", Stats.summary(cpu, 2) + " ms"));
    }

    /** Every connection sends {@code messages} messages on its own session; returns the latencies. */
    private static List<Double> round(HttpClient http, int port, String tag, int messages) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(TABS);
        List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < TABS; t++) {
            String key = "agent:main:webchat:dm:" + tag + "-" + t;
            AtomicInteger turn = new AtomicInteger(1);
            long[] sentAt = new long[1];
            http.webSocket(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")).onSuccess(ws -> {
                sockets.add(ws);
                ws.textMessageHandler(text -> {
                    JsonNode frame;
                    try {
                        frame = JSON.readTree(text);
                    } catch (Exception e) {
                        return;
                    }
                    if ("res".equals(frame.path("type").asText()) && "c".equals(frame.path("id").asText())) {
                        sentAt[0] = System.nanoTime();
                        ws.writeTextMessage(send(key, turn.get()));
                    } else if ("chat.final".equals(frame.path("event").asText())
                            && frame.path("payload").path("text").asText().endsWith(": m" + turn.get())) {
                        latencies.add((System.nanoTime() - sentAt[0]) / 1e6);
                        if (turn.incrementAndGet() > messages) {
                            done.countDown();
                        } else {
                            sentAt[0] = System.nanoTime();
                            ws.writeTextMessage(send(key, turn.get()));
                        }
                    }
                });
                ws.writeTextMessage("{\"id\":\"c\",\"method\":\"connect\",\"params\":{\"token\":\"" + GatewayProcess.TOKEN + "\"}}");
            });
        }
        boolean finished = done.await(120, TimeUnit.SECONDS);
        sockets.forEach(WebSocket::close);
        if (!finished) {
            throw new IllegalStateException("webchat round: " + done.getCount() + " connections did not get all answers");
        }
        return latencies;
    }

    private static String send(String key, int turn) {
        return "{\"id\":\"s" + turn + "\",\"method\":\"chat.send\",\"params\":{\"sessionKey\":\"" + key
                + "\",\"text\":\"m" + turn + "\"}}";
    }
}
