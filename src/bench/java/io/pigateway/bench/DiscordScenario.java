package io.pigateway.bench;

import io.pigateway.testing.FakeDiscordServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Discord channel end to end: the gateway's JDA client is connected to {@link FakeDiscordServer}
 * (gateway WebSocket with zlib-stream + REST on loopback), with the fast fake pi behind (pool 4).
 * 100 guild channels (no mention needed) send 5 messages each, every channel its next one as soon
 * as its answer arrived. Latency is from the MESSAGE_CREATE dispatch to the REST call that carries
 * the whole answer.
 */
final class DiscordScenario {
    private static final String TOKEN = "bench-discord-token";
    private static final String GUILD = "900";
    private static final int CHANNELS = 100;
    private static final int MESSAGES = 5;

    private final BenchEnv env;
    private final int runs;

    DiscordScenario(BenchEnv env, int runs) {
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
                double[] r = once(mode);
                rates.add(r[0]);
                p50.add(r[1]);
                p99.add(r[2]);
                cpu.add(r[3]);
                calls.add(r[4]);
            }
            rows.add(Row.info("discord (" + mode + " streaming), " + CHANNELS + " channels x " + MESSAGES
                    + " messages, fake pi: messages/s", Stats.summary(rates, 0)));
            rows.add(Row.info("  MESSAGE_CREATE -> answer at the REST API, p50 / p99",
                    Stats.summary(p50, 1) + " / " + Stats.summary(p99, 1) + " ms"));
            rows.add(Row.info("  gateway CPU per message / REST calls per message",
                    Stats.summary(cpu, 2) + " ms / " + Stats.summary(calls, 1)));
        }
        return rows;
    }

    /** One run; returns {messages/s, p50 ms, p99 ms, gateway CPU ms per message, REST calls per message}. */
    private double[] once(String mode) throws Exception {
        try (FakeDiscordServer discord = new FakeDiscordServer(TOKEN)) {
            String[] channels = new String[CHANNELS * 2];
            for (int i = 0; i < channels.length; i++) {
                channels[i] = Long.toString(910_000_000_000_000_000L + i);
            }
            discord.addGuild(GUILD, channels);
            String config = """
                    "channels": { "discord": { "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                                               "streamingMode": "%s",
                                               "guilds": { "%s": { "requireMention": false, "allowFrom": ["*"] } } } }
                    """.formatted(TOKEN, discord.apiBaseUrl(), discord.gatewayUrl(), mode, GUILD);
            try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work,
                    env.fakeAgent(4, 4, "\"queue\": { \"mode\": \"followup\" }"), Map.of(), config)) {
                awaitConnected(discord);
                round(discord, List.of(channels).subList(CHANNELS, 2 * CHANNELS), 1); // warm-up: other channels once
                int callsBefore = discord.calls().size();
                double cpu0 = gw.cpuMs();
                long t0 = System.nanoTime();
                List<Double> latencies = round(discord, List.of(channels).subList(0, CHANNELS), MESSAGES);
                double secs = (System.nanoTime() - t0) / 1e9;
                int messages = latencies.size();
                int restCalls = discord.calls().size() - callsBefore;
                return new double[] {messages / secs, Stats.percentile(latencies, 50), Stats.percentile(latencies, 99),
                        (gw.cpuMs() - cpu0) / messages, (double) restCalls / messages};
            }
        }
    }

    private static void awaitConnected(FakeDiscordServer discord) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // slash commands are registered once READY was handled: then messages are taken in
        while (discord.calls("PUT", "/commands").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway's Discord client did not connect");
            }
            Thread.sleep(50);
        }
    }

    /** Each channel sends {@code messages} messages in turn, the next once the answer to the last arrived. */
    private static List<Double> round(FakeDiscordServer discord, List<String> channels, int messages) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> queuedAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
        Map<String, String> users = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(channels.size());
        discord.onSent(sent -> {
            AtomicInteger n = turns.get(sent.channelId());
            String text = sent.content();
            if (n == null || text == null || !text.startsWith("n=")) {
                return;
            }
            int turn = n.get();
            // BenchPi answers "n=<messages in the session so far>: <message>"
            if (!text.endsWith(": m" + turn) || !n.compareAndSet(turn, turn + 1)) {
                return;
            }
            latencies.add((System.nanoTime() - queuedAt.get(sent.channelId())) / 1e6);
            if (turn == messages) {
                done.countDown();
            } else {
                send(discord, sent.channelId(), users.get(sent.channelId()), turn + 1, queuedAt);
            }
        });
        long user = 920_000_000_000_000_000L + (long) (Math.random() * 1_000_000) * 1_000;
        for (String channel : channels) {
            String u = Long.toString(user++);
            users.put(channel, u);
            turns.put(channel, new AtomicInteger(1));
            send(discord, channel, u, 1, queuedAt);
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("discord round: " + done.getCount() + " channels did not get all answers");
        }
        discord.onSent(sent -> { });
        return latencies;
    }

    private static void send(FakeDiscordServer discord, String channel, String user, int turn,
                             Map<String, Long> queuedAt) {
        queuedAt.put(channel, System.nanoTime());
        discord.sendGuild(TOKEN, GUILD, channel, user, "m" + turn, false);
    }
}
