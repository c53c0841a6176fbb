package io.pigateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the gateway's own cost grows with the load: concurrency (sessions at once, fake pi, pool 4)
 * and answer size (streamed characters). One run per point; the table shows the trend.
 */
final class GrowthScenarios {
    private static final int[] CONCURRENCY = {1, 10, 50, 200};
    private static final int[] ANSWER_CHARS = {1_000, 4_000, 16_000};
    private static final int TURNS_PER_POINT = 1_000;

    private final BenchEnv env;

    GrowthScenarios(BenchEnv env) {
        this.env = env;
    }

    List<Row> all() throws Exception {
        List<Row> rows = new ArrayList<>(concurrency());
        rows.addAll(answerSize());
        return rows;
    }

    /** The same gateway, warmed up once, under 1 → 200 sessions at once: rate, latency, CPU per turn. */
    private List<Row> concurrency() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (GatewayProcess gw = GatewayProcess.start(env.repo, env.work, env.fakeAgent(4, 4, null), Map.of());
             ChatClient client = new ChatClient(gw)) {
            LoadScenarios.awaitPool(client, 4);
            LoadScenarios.sessionsRound(client, "growth-warm", 200, 5);
            for (int c : CONCURRENCY) {
                double cpu0 = gw.cpuMs();
                long t0 = System.nanoTime();
                int[] result = LoadScenarios.sessionsRound(client, "growth-c" + c, c, Math.max(1, TURNS_PER_POINT / c));
                double secs = (System.nanoTime() - t0) / 1e9;
                rows.add(Row.info("growth: " + c + " session(s) at once (fake pi, pool 4): turns/s, latency p50 / p99,"
                                + " gateway CPU per turn",
                        String.format("%.0f turns/s, %.1f / %.1f ms, %.2f ms (%d errors)", result[0] / secs,
                                result[3] / 1000.0, result[4] / 1000.0, (gw.cpuMs() - cpu0) / result[0], result[1])));
            }
        }
        return rows;
    }

    /** Gateway CPU per streamed answer (8-character deltas) by answer size. */
    private List<Row> answerSize() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int chars : ANSWER_CHARS) {
            int answers = chars > 4_000 ? 10 : 30;
            double[] f = StreamProbe.launch(env, "growth-size-" + chars, answers, answers, chars);
            rows.add(Row.info(String.format("growth: a %,d-char streamed answer (%d lines): gateway CPU, first delta p50",
                    chars, chars / 8 + 4), String.format("%.2f ms, %.2f ms", f[0], f[1])));
        }
        return rows;
    }
}
