package io.pigateway.bench;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnResult;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.core.stream.StreamRenderer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.core.stream.TextSplitter;
import java.util.ArrayList;
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

/** Session key routing, and the stream renderer + splitter over a 4,000-character answer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CoreBench {
    private InboundMessage message;
    private List<String> deltas;
    private String answer;
    private long now;

    @Setup
    public void setup() {
        message = InboundMessage.direct("telegram", "123456789", "hello");
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 4_000) {
            sb.append("Some prose about the change, then code:\n\n```java\nint x = compute(42);\n```\n\n");
        }
        answer = sb.substring(0, 4_000);
        deltas = new ArrayList<>();
        for (int i = 0; i < answer.length(); i += 8) {
            deltas.add(answer.substring(i, Math.min(answer.length(), i + 8)));
        }
    }

    @Benchmark
    public String sessionKeyRouting() {
        return SessionKeys.parse(SessionKeys.forMessage(message, "main", DmScope.DEFAULT));
    }

    /** Partial mode (edit in place, throttled): the renderer sees every delta of the answer. */
    @Benchmark
    public void renderPartial(Blackhole bh) {
        StreamRenderer r = new StreamRenderer(StreamingMode.PARTIAL, 4096, 1000, () -> now += 7, bh::consume);
        r.onStart("agent:main:telegram:dm:1", "run");
        for (String d : deltas) {
            r.onDelta(d);
        }
        r.onFinal(new TurnResult("agent:main:telegram:dm:1", "run", answer, "stop"));
    }

    @Benchmark
    public void renderBlock(Blackhole bh) {
        StreamRenderer r = new StreamRenderer(StreamingMode.BLOCK, 2000, 0, () -> now += 7, bh::consume);
        for (String d : deltas) {
            r.onDelta(d);
        }
        r.onFinal(new TurnResult("agent:main:telegram:dm:1", "run", answer, "stop"));
    }

    @Benchmark
    public List<String> splitAnswer() {
        return TextSplitter.split(answer, 2000);
    }
}
