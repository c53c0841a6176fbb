package io.pigateway.bench;

import java.util.ArrayList;
import java.util.List;

/** Realistic pi stdout for benchmarks. */
public final class BenchLines {
    private BenchLines() {
    }

    /** The lines of a 4,000-character answer in 8-character deltas (as {@link BenchPi} streams it). */
    public static List<String> longAnswer() {
        String words = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ";
        String answer = words.repeat(BenchPi.LONG_ANSWER_CHARS / words.length() + 1).substring(0, BenchPi.LONG_ANSWER_CHARS);
        List<String> lines = new ArrayList<>();
        lines.add("{\"type\":\"agent_start\"}");
        lines.add("{\"type\":\"turn_start\"}");
        for (int i = 0; i < answer.length(); i += BenchPi.DELTA_CHARS) {
            int end = Math.min(answer.length(), i + BenchPi.DELTA_CHARS);
            lines.add(BenchPi.messageUpdateLine(answer.substring(0, end), answer.substring(i, end)));
        }
        lines.add("{\"type\":\"agent_end\",\"messages\":[]}");
        return lines;
    }

    public static long totalChars(List<String> lines) {
        return lines.stream().mapToLong(String::length).sum();
    }
}
