package io.pigateway.bench;

import io.pigateway.bench.ChatClient.Answer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** The load scenarios of the performance budget, each against a real gateway process. */
final class LoadScenarios {
    private final BenchEnv env;
    private final int runs;

    LoadScenarios(BenchEnv env, int runs) {
        this.env = env;
        this.runs = runs;
    }

    /** Gateway overhead per turn: /api/chat minus the same prompt to a warm pi directly (alternating). */
    List<Row> overhead() throws Exception {
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        List<Double> directP50 = new ArrayList<>();
        List<Double> httpP50 = new ArrayList<>();
        List<Double> cpuPerTurn = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime rt = PiTestRuntime.create(llm);
                 GatewayProcess gw = GatewayProcess.start(env.repo, env.work, BenchEnv.realAgent(rt, 1, 1),
                         BenchEnv.realEnv());
                 DirectPi direct = directLike(gw, rt.sessionFile("direct-" + run).toString());
                 KeepAliveClient client = new KeepAliveClient(gw.port)) {
                String key = "agent:main:bench:overhead";
                // steady state: C1 compiles a method after ~200 calls, so 1,000 turns before measuring
                for (int i = 0; i < 1000; i++) {
                    require(client.chat("agent:main:bench:warm-" + (i % 8), "warm " + i), 200);
                }
                for (int i = 0; i < 15; i++) {
                    require(client.chat(key, "warm " + i), 200);
                    direct.prompt("warm " + i);
                }
                List<Double> viaGateway = new ArrayList<>();
                List<Double> viaPi = new ArrayList<>();
                StringBuilder trace = new StringBuilder();
                double cpu0 = gw.cpuMs();
                for (int i = 0; i < 100; i++) {
                    long t0 = System.nanoTime();
                    require(client.chat(key, "hello " + i), 200);
                    long t1 = System.nanoTime();
                    viaGateway.add((t1 - t0) / 1e6);
                    trace.append(String.format("%.3f SEND hello %d%n%.3f RECV%n", t0 / 1e6, i, t1 / 1e6));
                    viaPi.add(direct.prompt("hello " + i));
                }
                cpuPerTurn.add((gw.cpuMs() - cpu0) / 100);
                if (!System.getProperty("bench.trace", "").isEmpty()) {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("bench.trace")), trace);
                }
                List<Double> health = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    long t0 = System.nanoTime();
                    require(client.health(), 200);
                    health.add((System.nanoTime() - t0) / 1e6);
                }
                httpP50.add(Stats.percentile(health, 50));
                p50s.add(Stats.percentile(viaGateway, 50) - Stats.percentile(viaPi, 50));
                p99s.add(Stats.percentile(viaGateway, 99) - Stats.percentile(viaPi, 99));
                directP50.add(Stats.percentile(viaPi, 50));
            }
        }
        return List.of(
                Row.of("overhead per turn p50 (gateway - direct pi, real pi)", Stats.summary(p50s, 2) + " ms",
                        "<= 1 ms", Stats.median(p50s) <= 1),
                Row.of("overhead per turn p99", Stats.summary(p99s, 2) + " ms", "<= 5 ms", Stats.median(p99s) <= 5),
                Row.info("  (direct pi turn p50, for scale)", Stats.summary(directP50, 1) + " ms"),
                Row.info("  (GET /health round trip p50, same client: the HTTP share)", Stats.summary(httpP50, 2) + " ms"),
                Row.info("  gateway CPU per real-pi turn, one at a time (/proc, 10 ms ticks)", Stats.summary(cpuPerTurn, 2) + " ms"));
    }

    /**
     * A pi started exactly like the gateway's own (its command line, environment and working dir,
     * read from /proc: same flags, same extensions), on its own session file.
     */
    private static DirectPi directLike(GatewayProcess gw, String sessionFile) throws Exception {
        GatewayProcess.PiSpawn spawn = gw.awaitPiSpawn();
        return new DirectPi(spawn.command(), spawn.env(), spawn.workDir(), sessionFile);
    }

    /** 32 sessions x 4 turns at once, pool max 4, real pi: every answer from its own history. */
    List<Row> sessions32() throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> correct = new ArrayList<>();
        List<Double> cpuPerTurn = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (FakeLlmServer llm = BenchEnv.historyLlm(); PiTestRuntime rt = PiTestRuntime.create(llm);
                 GatewayProcess gw = GatewayProcess.start(env.repo, env.work, BenchEnv.realAgent(rt, 4, 4),
                         BenchEnv.realEnv());
                     ChatClient client = new ChatClient(gw)) {
                awaitPool(client, 4);
                // a warm-up round on other sessions (JIT), then the measured one
                List<CompletableFuture<Void>> warm = new ArrayList<>();
                for (int s = 0; s < 32; s++) {
                    warm.add(turns(client, "agent:main:bench:w32-" + run + "-" + s, "s" + s, 4, new AtomicInteger()));
                }
                CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).join();
                AtomicInteger good = new AtomicInteger();
                double cpu0 = gw.cpuMs();
                long t0 = System.nanoTime();
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int s = 0; s < 32; s++) {
                    all.add(turns(client, "agent:main:bench:s32-" + run + "-" + s, "s" + s, 4, good));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                double secs = (System.nanoTime() - t0) / 1e9;
                rates.add(128 / secs);
                cpuPerTurn.add((gw.cpuMs() - cpu0) / 128);
                correct.add((double) good.get());
            }
        }
        return List.of(
                Row.of("32 sessions x 4 turns, pool 4, real pi: answered from own history",
                        Stats.summary(correct, 0) + " of 128", "128 of 128", Stats.median(correct) == 128),
                Row.of("32 sessions x 4 turns: throughput", Stats.summary(rates, 1) + " turns/s", ">= 100 turns/s",
                        Stats.median(rates) >= 100),
                Row.info("  gateway process CPU per turn in that run (/proc, 10 ms ticks)", Stats.summary(cpuPerTurn, 2) + " ms"));
    }

    /** {@code turns} sequential turns of one session; counts answers that match the session's own history. */
    private static CompletableFuture<Void> turns(ChatClient client, String key, String tag, int turns, AtomicInteger good) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int t = 1; t <= turns; t++) {
            int turn = t;
            String msg = tag + "-t" + turn;
            chain = chain.thenCompose(v -> client.chat(key, msg)).thenAccept(a -> {
                if (a.status() == 200 && a.reply().equals("n=" + turn + ": " + msg)) {
                    good.incrementAndGet();
                }
            });
        }
        return chain;
    }

    /** Throughput with the fast fake pi, 4 processes, 200 concurrent sessions. */
    List<Row> throughput() throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> gatewayCpu = new ArrayList<>();
        List<Double> piCpu = new ArrayList<>();
        List<Double> clientCpu = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work, env.fakeAgent(4, 4, null), Map.of());
                     ChatClient client = new ChatClient(gw)) {
                awaitPool(client, 4);
                sessionsRound(client, "warm" + run, 200, 3); // JIT warm-up
                double gw0 = gw.cpuMs();
                double pi0 = gw.childrenCpuMs();
                double client0 = os.getProcessCpuTime() / 1e6;
                long t0 = System.nanoTime();
                int[] result = sessionsRound(client, "tp" + run, 200, 10);
                double secs = (System.nanoTime() - t0) / 1e9;
                gatewayCpu.add((gw.cpuMs() - gw0) / result[0]);
                piCpu.add((gw.childrenCpuMs() - pi0) / result[0]);
                clientCpu.add((os.getProcessCpuTime() / 1e6 - client0) / result[0]);
                rates.add(result[0] / secs);
                errors.add((double) result[1]);
                p99.add((double) result[2]);
            }
        }
        return List.of(
                Row.of("throughput, fake pi, 4 processes, 200 sessions", Stats.summary(rates, 0) + " turns/s",
                        ">= 1,000 turns/s", Stats.median(rates) >= 1000),
                Row.of("  errors in that run", Stats.summary(errors, 0), "0", Stats.median(errors) == 0),
                Row.info("  turn latency p99 under that load", Stats.summary(p99, 0) + " ms"),
                Row.info("  CPU per turn: gateway / the 4 fake pis / the load client", Stats.summary(gatewayCpu, 2)
                        + " / " + Stats.summary(piCpu, 2) + " / " + Stats.summary(clientCpu, 2) + " ms"));
    }

    /** {@code sessions} sessions each running {@code turns} turns; returns {ok, errors, p99 ms, p50 us, p99 us}. */
    static int[] sessionsRound(ChatClient client, String tag, int sessions, int turns) {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            String key = "agent:main:bench:" + tag + "-" + s;
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int t = 1; t <= turns; t++) {
                int turn = t;
                chain = chain.thenCompose(v -> client.chat(key, "m" + turn)).thenAccept(a -> {
                    latencies.add(a.ms());
                    if (a.status() == 200 && a.reply().equals("n=" + turn + ": m" + turn)) {
                        ok.incrementAndGet();
                    } else if (bad.incrementAndGet() <= 3) {
                        System.err.println("bench: unexpected answer for " + key + " turn " + turn + ": " + a);
                    }
                });
            }
            all.add(chain);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return new int[] {ok.get(), bad.get(), (int) Stats.percentile(latencies, 99),
                (int) (Stats.percentile(latencies, 50) * 1000), (int) (Stats.percentile(latencies, 99) * 1000)};
    }

    /** 5,000 distinct sessions, one message each, pool max 4; live threads and RSS of the gateway. */
    List<Row> sessions5000() throws Exception {
        List<Double> correct = new ArrayList<>();
        List<Double> maxThreads = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> idleRss = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work, env.fakeAgent(1, 4, null), Map.of());
                     ChatClient client = new ChatClient(gw)) {
                awaitPool(client, 1);
                Thread.sleep(3000);
                idleRss.add(gw.rssMb());
                AtomicInteger peak = new AtomicInteger(gw.threads());
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(gw.threads(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.start();
                AtomicInteger good = new AtomicInteger();
                Semaphore inFlight = new Semaphore(200);
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int s = 0; s < 5000; s++) {
                    inFlight.acquire();
                    String msg = "hello " + s;
                    all.add(client.chat("agent:main:bench:k" + run + "-" + s, msg).thenAccept(a -> {
                        if (a.status() == 200 && a.reply().equals("n=1: " + msg)) {
                            good.incrementAndGet();
                        }
                    }).whenComplete((v, e) -> inFlight.release()));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                sampler.interrupt();
                sampler.join();
                correct.add((double) good.get());
                maxThreads.add((double) peak.get());
                rss.add(gw.rssMb());
            }
        }
        return List.of(
                Row.of("5,000 sessions, pool max 4: answered from own history", Stats.summary(correct, 0) + " of 5000",
                        "5000 of 5000", Stats.median(correct) == 5000),
                Row.of("5,000 sessions: peak live threads of the gateway", Stats.summary(maxThreads, 0), "< 200",
                        Stats.median(maxThreads) < 200),
                Row.of("memory: gateway RSS idle (fake pi, pool min 1)", Stats.summary(idleRss, 0) + " MB", "<= 100 MB",
                        Stats.median(idleRss) <= 100),
                Row.of("memory: gateway RSS after the 5,000-session run", Stats.summary(rss, 0) + " MB", "<= 250 MB",
                        Stats.median(rss) <= 250));
    }

    /** 1,000 messages at once into one session, maxPerSession 20: none lost, refused ones get 429. */
    List<Row> oneSession1000() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String mode : List.of("steer", "followup")) {
            List<Double> lost = new ArrayList<>();
            List<Double> refused = new ArrayList<>();
            List<Double> secs = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work, env.fakeAgent(1, 4,
                        "\"queue\": { \"mode\": \"" + mode + "\", \"maxPerSession\": 20 }"), Map.of());
                         ChatClient client = new ChatClient(gw)) {
                    awaitPool(client, 1);
                    String key = "agent:main:bench:one-" + run;
                    long t0 = System.nanoTime();
                    List<CompletableFuture<Answer>> all = new ArrayList<>();
                    all.add(client.chat(key, "slow:1000 m0"));
                    for (int i = 1; i < 1000; i++) {
                        all.add(client.chat(key, "m" + i));
                    }
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                    secs.add((System.nanoTime() - t0) / 1e9);
                    int lostHere = 0;
                    int refusedHere = 0;
                    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
                    for (int i = 0; i < all.size(); i++) {
                        Answer a = all.get(i).join();
                        statuses.merge(a.status(), 1, Integer::sum);
                        if (a.status() == 429) {
                            refusedHere++;
                        } else if (a.status() != 200 || !words(a.reply()).contains("m" + i)) {
                            if (++lostHere <= 3) {
                                System.err.println("bench: " + mode + ": message m" + i + " got " + a);
                            }
                        }
                    }
                    System.err.println("bench: " + mode + ": statuses " + statuses);
                    lost.add((double) lostHere);
                    refused.add((double) refusedHere);
                }
            }
            rows.add(Row.of("1,000 messages into one session, maxPerSession 20, queue mode " + mode
                    + ": lost (answered without it, or no answer)", Stats.summary(lost, 0), "0", Stats.median(lost) == 0));
            rows.add(Row.info("  refused with 429 / seconds until all answered", Stats.summary(refused, 0) + " / "
                    + Stats.summary(secs, 1) + " s"));
        }
        return rows;
    }

    private static Set<String> words(String reply) {
        return new HashSet<>(List.of(reply.split("[\\s|:]+")));
    }

    /** Startup: process start to /health 200 and to the first answered chat (real pi); idle RSS after 10 s. */
    List<Row> startup(int startupRuns) throws Exception {
        List<Double> health = new ArrayList<>();
        List<Double> firstChat = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime rt = PiTestRuntime.create(llm)) {
            for (int run = 0; run < startupRuns + 1; run++) {
                try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work, BenchEnv.realAgent(rt, 1, 4),
                        BenchEnv.realEnv());
                         ChatClient client = new ChatClient(gw)) {
                    double chatMs = -1;
                    while (chatMs < 0 && System.nanoTime() - gw.startedNanos < 60_000_000_000L) {
                        Answer a = client.chatSync("agent:main:bench:first", "hi");
                        if (a.status() == 200) {
                            chatMs = (System.nanoTime() - gw.startedNanos) / 1e6;
                        }
                    }
                    long waitUntil = gw.startedNanos + 10_000_000_000L;
                    while (System.nanoTime() < waitUntil) {
                        Thread.sleep(100);
                    }
                    if (run == 0) {
                        continue; // the first run may (re)create the launcher's AppCDS archive
                    }
                    health.add(gw.healthMs);
                    firstChat.add(chatMs);
                    rss.add(gw.rssMb());
                }
            }
        }
        return List.of(
                Row.of("startup: process start to /health 200 (./pi-gw launcher)", Stats.summary(health, 0) + " ms",
                        "<= 800 ms", Stats.median(health) <= 800),
                Row.of("startup: process start to first answered /api/chat (real pi)",
                        Stats.summary(firstChat, 0) + " ms", "<= 1,800 ms", Stats.median(firstChat) <= 1800),
                Row.of("memory: gateway RSS idle, 10 s after start (real pi, pool min 1)", Stats.summary(rss, 0) + " MB",
                        "<= 100 MB", Stats.median(rss) <= 100));
    }

    /** Waits until the pool has {@code n} ready processes (so spawn time is not counted as load). */
    static void awaitPool(ChatClient client, int n) throws Exception {
        // a turn per process warms them all; the pool grows to n because the turns overlap
        List<CompletableFuture<Answer>> warm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            warm.add(client.chat("agent:main:bench:warmup-" + i, "slow:300 warm"));
        }
        for (CompletableFuture<Answer> f : warm) {
            Answer a = f.join();
            if (a.status() != 200 && !a.reply().contains("warm")) {
                throw new IllegalStateException("warm-up failed: " + a);
            }
        }
    }

    private static void require(int got, int status) {
        if (got != status) {
            throw new IllegalStateException("expected HTTP " + status + " but got " + got);
        }
    }

    private static Answer require(Answer a, int status) {
        if (a.status() != status) {
            throw new IllegalStateException("expected HTTP " + status + " but got " + a);
        }
        return a;
    }
}
