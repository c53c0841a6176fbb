package io.pigateway.bench;

import io.pigateway.testing.FakeTelegramServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Telegram channel end to end: the gateway long-polls {@link FakeTelegramServer} (the Bot API
 * on loopback) and answers through it, with the fast fake pi behind (pool 4). 100 private chats
 * send 5 messages each, every chat its next one as soon as its answer arrived. Latency is from the
 * update being queued at the fake Bot API to the call that carries the whole answer.
 */
final class TelegramScenario {
    private static final String TOKEN = "4242:bench-bot-token";
    private static final int CHATS = 100;
    private static final int MESSAGES = 5;

    private final BenchEnv env;
    private final int runs;

    TelegramScenario(BenchEnv env, int runs) {
        this.env = env;
        this.runs = runs;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String mode : List.of("partial", "off")) {
            List<Double> rates = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> calls = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                double[] r = once(mode, run);
                rates.add(r[0]);
                p50.add(r[1]);
                p99.add(r[2]);
                cpu.add(r[3]);
                calls.add(r[4]);
            }
            rows.add(Row.info("telegram (" + mode + " streaming), " + CHATS + " chats x " + MESSAGES
                            + " messages, fake pi: messages/s", Stats.summary(rates, 0)));
            rows.add(Row.info("  update queued -> answer at the Bot API, p50 / p99",
                    Stats.summary(p50, 1) + " / " + Stats.summary(p99, 1) + " ms"));
            rows.add(Row.info("  gateway CPU per message / Bot API calls per message",
                    Stats.summary(cpu, 2) + " ms / " + Stats.summary(calls, 1)));
        }
        return rows;
    }

    /** One run; returns {messages/s, p50 ms, p99 ms, gateway CPU ms per message, Bot API calls per message}. */
    private double[] once(String mode, int run) throws Exception {
        try (FakeTelegramServer telegram = new FakeTelegramServer()) {
            String channels = """
                    "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                                                "dmPolicy": "open", "streamingMode": "%s" } }
                    """.formatted(telegram.baseUrl(), TOKEN, mode);
            // followup: each message its own answer (in steer mode a message sent while the answer
            // still streams would join that answer, which is right for users but not countable here)
            try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work,
                    env.fakeAgent(4, 4, "\"queue\": { \"mode\": \"followup\" }"), Map.of(), channels)) {
                round(telegram, 900_000 + run * 1_000, 1); // warm-up: every chat once
                int callsBefore = telegram.calls().size();
                double cpu0 = gw.cpuMs();
                long t0 = System.nanoTime();
                List<Double> latencies = round(telegram, 100_000 + run * 1_000, MESSAGES);
                double secs = (System.nanoTime() - t0) / 1e9;
                int messages = latencies.size();
                int sends = (int) telegram.calls().stream().skip(callsBefore)
                        .filter(c -> !"getUpdates".equals(c.method())).count();
                return new double[] {messages / secs, Stats.percentile(latencies, 50), Stats.percentile(latencies, 99),
                        (gw.cpuMs() - cpu0) / messages, (double) sends / messages};
            }
        }
    }

    /** Each of {@link #CHATS} users (ids from {@code firstUser}) sends {@code messages} messages in turn. */
    private static List<Double> round(FakeTelegramServer telegram, long firstUser, int messages) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> queuedAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(CHATS);
        telegram.onCall(call -> {
            String chat = call.chatId();
            String text = call.text();
            AtomicInteger n = chat != null ? sent.get(chat) : null;
            if (n == null || text == null || !text.startsWith("n=")) {
                return;
            }
            int turn = n.get();
            // BenchPi answers "n=<messages in the session so far>: <message>" (each round has its own users)
            if (!text.endsWith(": m" + turn) || !n.compareAndSet(turn, turn + 1)) {
                return;
            }
            latencies.add((System.nanoTime() - queuedAt.get(chat)) / 1e6);
            if (turn == messages) {
                done.countDown();
            } else {
                send(telegram, Long.parseLong(chat), turn + 1, queuedAt);
            }
        });
        for (int c = 0; c < CHATS; c++) {
            long user = firstUser + c;
            sent.put(String.valueOf(user), new AtomicInteger(1));
            send(telegram, user, 1, queuedAt);
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            StringBuilder stuck = new StringBuilder();
            sent.forEach((chat, n) -> {
                if (n.get() <= messages) {
                    stuck.append("\n  chat ").append(chat).append(" waits for m").append(n.get()).append("; calls: ");
                    telegram.calls().stream().filter(c -> chat.equals(c.chatId()))
                            .forEach(c -> stuck.append(c.method()).append('[').append(c.text()).append("] "));
                }
            });
            throw new IllegalStateException("telegram round: " + done.getCount() + " chats did not get all answers" + stuck);
        }
        telegram.onCall(call -> { });
        return latencies;
    }

    private static void send(FakeTelegramServer telegram, long user, int turn, Map<String, Long> queuedAt) {
        queuedAt.put(String.valueOf(user), System.nanoTime());
        telegram.addMessage(TOKEN, FakeTelegramServer.privateText(user, "m" + turn));
    }
}
