package io.pigateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * API sessions driven against gateways in their own JVMs: session {@code s<n>}
 * ({@code agent:main:load-<n>}) sends {@code "s<n> m1"} ... {@code "s<n> m<k>"} through
 * {@code POST /api/chat}, each to a random gateway of the list and after the previous one was
 * answered. Every answer is kept per message, as {@code "<status> <reply>"}.
 */
final class ApiLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private final List<Future<?>> sessions = new ArrayList<>();
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
    /** When each session's messages were answered (System.nanoTime). */
    private final Map<String, List<Long>> answeredAt = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();

    private ApiLoad() {
    }

    static ApiLoad start(List<GatewayJvm> gateways, int sessionCount, int messages) {
        ApiLoad load = new ApiLoad();
        for (int s = 0; s < sessionCount; s++) {
            int session = s;
            load.sessions.add(load.callers.submit(() -> load.run(gateways, session, messages)));
        }
        load.callers.shutdown();
        return load;
    }

    private void run(List<GatewayJvm> gateways, int session, int messages) {
        String key = "agent:main:load-" + session;
        for (int m = 1; m <= messages; m++) {
            String text = "s" + session + " m" + m;
            GatewayJvm gw = gateways.get(ThreadLocalRandom.current().nextInt(gateways.size()));
            String answer;
            try {
                HttpResponse<String> r = gw.post("/api/chat", "{\"message\":" + TestGateway.quote(text)
                        + ",\"sessionKey\":" + TestGateway.quote(key) + "}", Duration.ofMinutes(3));
                JsonNode body = JSON.readTree(r.body());
                answer = r.statusCode() + " " + (r.statusCode() == 200 ? body.path("reply").asText() : body);
            } catch (Exception e) {
                answer = "failed " + e;
            }
            answers.computeIfAbsent(text, t -> new CopyOnWriteArrayList<>()).add(answer);
            answeredAt.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            answered.incrementAndGet();
        }
    }

    int answered() {
        return answered.get();
    }

    List<String> answers(String text) {
        return answers.getOrDefault(text, List.of());
    }

    /** Messages of the sessions {@code session} accepts answered after {@code nanoTime}. */
    long answeredAfter(long nanoTime, Predicate<String> session) {
        return answeredAt.entrySet().stream().filter(e -> session.test(e.getKey()))
                .flatMap(e -> e.getValue().stream()).filter(t -> t > nanoTime).count();
    }

    void awaitDone(Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Future<?> f : sessions) {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
