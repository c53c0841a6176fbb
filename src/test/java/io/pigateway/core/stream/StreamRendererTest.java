package io.pigateway.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.TurnResult;
import io.pigateway.core.stream.OutboundUpdate.DraftText;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.OutboundUpdate.Typing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamRendererTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final List<OutboundUpdate> out = new ArrayList<>();

    private StreamRenderer renderer(StreamingMode mode, int limit) {
        return new StreamRenderer(mode, limit, 1_000, now::get, out::add);
    }

    private List<OutboundUpdate> drain() {
        List<OutboundUpdate> copy = List.copyOf(out);
        out.clear();
        return copy;
    }

    @Test
    void offSendsOnlyTheFinalTextSplitAtTheLimit() {
        StreamRenderer r = renderer(StreamingMode.OFF, 12);
        r.onDelta("Hello there");
        r.onDelta(" general Kenobi");
        assertThat(drain()).containsExactly(new Typing());

        r.finish("Hello there general Kenobi");

        assertThat(drain()).containsExactly(new SendText(0, "Hello there"), new SendText(1, "general"),
                new SendText(2, "Kenobi"), new Done());
    }

    @Test
    void partialEditsOneMessageAtMostOncePerInterval() {
        StreamRenderer r = renderer(StreamingMode.PARTIAL, 4096);
        r.start();
        r.onDelta("Hel");
        now.addAndGet(100);
        r.onDelta("lo");
        now.addAndGet(500);
        r.onDelta(" wor");
        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "Hel"));

        now.addAndGet(400);
        r.onDelta("ld");
        assertThat(drain()).containsExactly(new EditText(0, "Hello world"));

        r.finish("Hello world!");
        assertThat(drain()).containsExactly(new EditText(0, "Hello world!"), new Done());
    }

    @Test
    void partialSkipsTheFinalEditWhenTheTextIsAlreadyShown() {
        StreamRenderer r = renderer(StreamingMode.PARTIAL, 4096);
        r.onDelta("All done.");

        r.finish("All done.");

        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "All done."), new Done());
    }

    @Test
    void partialOverflowContinuesInANewSegment() {
        StreamRenderer r = renderer(StreamingMode.PARTIAL, 20);
        r.onDelta("one two");
        now.addAndGet(2_000);
        r.onDelta(" three four five six seven");

        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "one two"),
                new EditText(0, "one two three four"), new SendText(1, "five six seven"));
        r.finish(null);
        assertThat(drain()).containsExactly(new Done());
    }

    @Test
    void partialShowsAnUnfinishedCodeBlockClosed() {
        StreamRenderer r = renderer(StreamingMode.PARTIAL, 4096);

        r.onDelta("Try:\n```sh\nls -la");

        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "Try:\n```sh\nls -la\n```"));
    }

    @Test
    void partialKeepsTextWrittenBeforeAToolCall() {
        StreamRenderer r = renderer(StreamingMode.PARTIAL, 4096);
        r.onDelta("Let me check.");
        r.onTool("bash", "start");
        r.onTool("bash", "end");
        now.addAndGet(2_000);
        r.onDelta("It is 42.");

        r.onFinal(new TurnResult("k", "run-1", "It is 42.", "stop"));

        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "Let me check."), new Typing(),
                new EditText(0, "Let me check.\n\nIt is 42."), new Done());
    }

    @Test
    void blockSendsEachFinishedParagraphAndWholeCodeBlocks() {
        StreamRenderer r = renderer(StreamingMode.BLOCK, 4096);
        r.onDelta("First para");
        r.onDelta("graph.\n\nSecond");
        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "First paragraph."));

        r.onDelta(" one.\n```python\nx = 1\n\ny = 2\n");
        assertThat(drain()).containsExactly(new SendText(1, "Second one."));

        r.onDelta("```\nAfter");
        assertThat(drain()).containsExactly(new SendText(2, "```python\nx = 1\n\ny = 2\n```"));

        r.finish("First paragraph.\n\nSecond one.\n```python\nx = 1\n\ny = 2\n```\nAfter code.");
        assertThat(drain()).containsExactly(new SendText(3, "After code."), new Done());
    }

    @Test
    void blockTreatsTextBeforeAToolCallAsFinished() {
        StreamRenderer r = renderer(StreamingMode.BLOCK, 4096);
        r.onDelta("Checking the logs");

        r.onTool("read", "start");

        assertThat(drain()).containsExactly(new Typing(), new Typing(), new SendText(0, "Checking the logs"));
        r.onDelta("Found it.");
        r.finish("Found it.");
        assertThat(drain()).containsExactly(new SendText(1, "Found it."), new Done());
    }

    @Test
    void blockSendsTheFinalTextWhenNoDeltasCame() {
        StreamRenderer r = renderer(StreamingMode.BLOCK, 4096);

        r.finish("One.\n\nTwo.");

        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "One."), new SendText(1, "Two."), new Done());
    }

    @Test
    void draftPreviewsAreThrottledAndTheFinalTextIsSent() {
        StreamRenderer r = renderer(StreamingMode.DRAFT, 4096);
        r.onDelta("Wri");
        now.addAndGet(10);
        r.onDelta("ting");
        now.addAndGet(1_000);
        r.onDelta("...");
        assertThat(drain()).containsExactly(new Typing(), new DraftText("Wri"), new DraftText("Writing..."));

        r.finish("Written.");
        assertThat(drain()).containsExactly(new SendText(0, "Written."), new Done());
    }

    @Test
    void aDraftLongerThanTheLimitShowsItsNewestText() {
        StreamRenderer r = renderer(StreamingMode.DRAFT, 10);

        r.onDelta("0123456789abcdef");

        assertThat(drain()).containsExactly(new Typing(), new DraftText("…789abcdef"));
    }

    @Test
    void failFlushesWhatWasStreamedThenSendsTheErrorAndIgnoresTheRest() {
        StreamRenderer r = renderer(StreamingMode.PARTIAL, 4096);
        r.onDelta("Work");
        r.onDelta("ing on it");

        r.onError("agent_crashed", "The agent stopped unexpectedly.");
        r.finish("late");
        r.onDelta("late");

        assertThat(drain()).containsExactly(new Typing(), new SendText(0, "Work"), new EditText(0, "Working on it"),
                new SendText(1, "The agent stopped unexpectedly."), new Done());
    }

    @Test
    void streamingModeParsesConfigValuesWithPartialAsDefault() {
        assertThat(StreamingMode.fromConfig("block")).isEqualTo(StreamingMode.BLOCK);
        assertThat(StreamingMode.fromConfig(null)).isEqualTo(StreamingMode.PARTIAL);
        assertThatThrownBy(() -> StreamingMode.fromConfig("live")).isInstanceOf(IllegalArgumentException.class);
    }
}
