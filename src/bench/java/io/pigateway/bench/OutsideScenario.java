package io.pigateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Overhead the way a user meets it (issue 18's outside method): the gateway started by {@code ./pi-gw},
 * 5 warm-up turns only, then 100 turns on one session through Python's {@code http.client} on a
 * keep-alive connection, interleaved in blocks of 10 with a direct pi that the same Python script drives
 * (started with the gateway pi's command line, environment and working dir, read from /proc). Both
 * sides pay the same client costs, so the difference is the gateway's.
 */
final class OutsideScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BenchEnv env;
    private final int runs;

    OutsideScenario(BenchEnv env, int runs) {
        this.env = env;
        this.runs = runs;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        // right after /health (the outside benchmark), and once the gateway's CPU went quiet after start
        for (int[] pool : new int[][] {{1, 4, 0}, {4, 4, 0}, {1, 4, 1}}) {
            rows.addAll(runPool(pool[0], pool[1], pool[2] == 1));
        }
        return rows;
    }

    private List<Row> runPool(int min, int max, boolean settle) throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<String> warm = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime rt = PiTestRuntime.create(llm);
                 GatewayProcess gw = GatewayProcess.start(env.repo, env.work, BenchEnv.realAgent(rt, min, max),
                         BenchEnv.realEnv())) {
                GatewayProcess.PiSpawn spawn = gw.awaitPiSpawn();
                JsonNode out = drive(gw, spawn, rt.sessionFile("outside-direct-" + min + "-" + run).toString(), settle);
                List<Double> viaGw = numbers(out.path("gateway"));
                List<Double> viaPi = numbers(out.path("direct"));
                p50.add(Stats.percentile(viaGw, 50) - Stats.percentile(viaPi, 50));
                p99.add(Stats.percentile(viaGw, 99) - Stats.percentile(viaPi, 99));
                direct.add(Stats.percentile(viaPi, 50));
                cpu.add(out.path("gatewayCpuMs").asDouble() / viaGw.size());
                warm.add(String.format("turns 1..5 %s ms, CPU %s ms%s", fmt(numbers(out.path("warmGateway"))),
                        fmt(numbers(out.path("warmCpu"))), settle ? String.format(" (quiet %.1f s after /health)",
                                out.path("settledMs").asDouble() / 1000) : ""));
            }
        }
        String pool = "pool " + min + "/" + max + (settle ? ", gateway settled" : "");
        return List.of(
                Row.of("outside method, " + pool + ": overhead p50 after 5 warm-up turns (Python client)",
                        Stats.summary(p50, 2) + " ms", "<= 1 ms", Stats.median(p50) <= 1),
                Row.of("  overhead p99", Stats.summary(p99, 2) + " ms", "<= 2 ms", Stats.median(p99) <= 2),
                Row.of("  gateway CPU per turn (/proc, gateway blocks only)", Stats.summary(cpu, 2) + " ms",
                        "<= 1 ms", Stats.median(cpu) <= 1),
                Row.info("  (direct pi turn p50, same Python script)", Stats.summary(direct, 1) + " ms"),
                Row.info("  first turns (latency; gateway CPU), last run", warm.get(warm.size() - 1)));
    }

    private JsonNode drive(GatewayProcess gw, GatewayProcess.PiSpawn spawn, String sessionFile, boolean settle)
            throws Exception {
        var args = JSON.createObjectNode().put("port", gw.port).put("token", GatewayProcess.TOKEN)
                .put("sessionKey", "agent:main:bench:outside").put("gatewayPid", gw.pid())
                .put("directSessionFile", sessionFile).put("warmup", 5).put("turns", 100).put("block", 10)
                .put("settle", settle);
        var s = args.putObject("spawn");
        spawn.command().forEach(s.putArray("command")::add);
        s.set("env", JSON.valueToTree(Map.copyOf(spawn.env())));
        s.put("cwd", spawn.workDir().toString());
        Process p = new ProcessBuilder("python3", env.repo.resolve("src/bench/python/outside_driver.py").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(JSON.writeValueAsBytes(args));
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the Python driver failed: " + stdout);
        }
        return JSON.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
    }


    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    private static String fmt(List<Double> values) {
        return String.join("/", values.stream().map(v -> String.format("%.1f", v)).toList());
    }
}
