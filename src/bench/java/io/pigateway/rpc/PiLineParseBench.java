package io.pigateway.rpc;

import io.pigateway.bench.BenchLines;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing pi's stdout for one 4,000-character answer: ~500 {@code message_update} lines (each
 * repeating the whole message twice, ~2.4 MB in all) plus the closing events, exactly as
 * {@code PiProcess} does it: {@code PiProtocol.parse} of the line's bytes and the delta of each event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PiLineParseBench {
    private List<byte[]> lines;

    @Setup
    public void setup() {
        lines = BenchLines.longAnswer().stream().map(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    @Benchmark
    public void parseAnswer(Blackhole bh) {
        for (byte[] line : lines) {
            PiProtocol.Line parsed = PiProtocol.parse(line, line.length);
            if (parsed instanceof PiProtocol.Event e) {
                bh.consume(e.event().textDelta());
            } else {
                bh.consume(parsed);
            }
        }
    }
}
