package io.pigateway.core.stream;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.stream.OutboundUpdate.DraftText;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.OutboundUpdate.Typing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns one answer's stream (deltas, tool calls, final text) into {@link OutboundUpdate}s for a
 * channel, by {@link StreamingMode}:
 * <ul>
 *   <li>{@code off}: only the final text at {@link #finish}, split at the limit.</li>
 *   <li>{@code partial}: one message edited in place, at most one update per
 *       {@code minEditIntervalMs}; text beyond the limit continues in a new segment; the final text
 *       always goes out at finish.</li>
 *   <li>{@code block}: each finished paragraph (blank-line separated) or complete code block as its
 *       own message as soon as it is complete; text before a tool call counts as finished.</li>
 *   <li>{@code draft}: throttled {@link DraftText} previews, then the final text as messages.</li>
 * </ul>
 * {@link Typing} comes first, and again when a tool starts. There are no timers: throttling is
 * decided on each delta with the injected clock, and whatever is pending goes out at finish.
 * Implements {@link TurnObserver}, so it can watch a turn directly. Thread-safe; one instance per answer.
 */
public final class StreamRenderer implements TurnObserver {

    private final StreamingMode mode;
    private final int textLimit;
    private final int maxLines;
    private final long minEditIntervalMs;
    private final LongSupplier nowMillis;
    private final Consumer<OutboundUpdate> sink;

    private final StringBuilder streamed = new StringBuilder();
    /** Texts of the segments sent so far (partial mode edits them; others only count them). */
    private final List<String> segments = new ArrayList<>();
    private boolean started;
    private boolean finished;
    private boolean toolSinceText;
    private long lastUpdateAt;
    private boolean updatedOnce;
    /** Block mode: offset in {@link #streamed} up to which blocks were sent. */
    private int blockOffset;
    private String lastDraft = "";

    public StreamRenderer(StreamingMode mode, int textLimit, long minEditIntervalMs, LongSupplier nowMillis,
                          Consumer<OutboundUpdate> sink) {
        this(mode, textLimit, Integer.MAX_VALUE, minEditIntervalMs, nowMillis, sink);
    }

    /** As above; each message also has at most {@code maxLines} lines (Discord: 17). */
    public StreamRenderer(StreamingMode mode, int textLimit, int maxLines, long minEditIntervalMs,
                          LongSupplier nowMillis, Consumer<OutboundUpdate> sink) {
        this.maxLines = maxLines;
        if (textLimit < 1) {
            throw new IllegalArgumentException("textLimit must be positive, was " + textLimit);
        }
        this.mode = Objects.requireNonNull(mode, "mode");
        this.textLimit = textLimit;
        this.minEditIntervalMs = minEditIntervalMs;
        this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public StreamRenderer(StreamingMode mode, int textLimit, long minEditIntervalMs, Clock clock,
                          Consumer<OutboundUpdate> sink) {
        this(mode, textLimit, minEditIntervalMs, clock::millis, sink);
    }

    /** Shows "typing…" now; otherwise that happens with the first delta, tool or finish. */
    public synchronized void start() {
        ensureStarted();
    }

    @Override
    public void onStart(String sessionKey, String runId) {
        start();
    }

    @Override
    public synchronized void onDelta(String text) {
        if (finished || text == null || text.isEmpty()) {
            return;
        }
        ensureStarted();
        if (toolSinceText) {
            // text after a tool call is a new paragraph, not a continuation of the sentence before it
            toolSinceText = false;
            if (!streamed.isEmpty() && !streamed.toString().endsWith("\n\n")) {
                streamed.append("\n\n");
            }
        }
        streamed.append(text);
        switch (mode) {
            case OFF -> {
            }
            case PARTIAL -> {
                if (isUpdateDue()) {
                    renderInPlace(withOpenFenceClosed(streamed.toString()));
                }
            }
            case BLOCK -> blockOffset = sendCompleteBlocks(streamed.toString(), blockOffset, false);
            case DRAFT -> {
                if (isUpdateDue()) {
                    sendDraft();
                }
            }
        }
    }

    @Override
    public synchronized void onTool(String toolName, String phase) {
        if (finished) {
            return;
        }
        ensureStarted();
        if ("start".equals(phase)) {
            sink.accept(new Typing()); // tools can take long: keep the indicator alive
            toolSinceText = true;
            if (mode == StreamingMode.BLOCK) {
                blockOffset = sendCompleteBlocks(streamed.toString(), blockOffset, true);
            }
        }
    }

    @Override
    public void onFinal(TurnResult result) {
        finish(result != null ? result.text() : null);
    }

    @Override
    public void onError(String code, String message) {
        fail(message);
    }

    /** The answer is complete; {@code finalText} is authoritative (null or blank: use the streamed text). */
    public synchronized void finish(String finalText) {
        if (finished) {
            return;
        }
        ensureStarted();
        finished = true;
        String full = streamed.toString();
        switch (mode) {
            case OFF, DRAFT -> sendAll(isBlank(finalText) ? full : finalText);
            case PARTIAL -> renderInPlace(partialAnswer(full, finalText));
            case BLOCK -> finishBlocks(full, finalText);
        }
        sink.accept(new Done());
    }

    /** The turn failed: flush what was streamed, then send {@code message} (fit for the user) as a new message. */
    public synchronized void fail(String message) {
        if (finished) {
            return;
        }
        ensureStarted();
        finished = true;
        String full = streamed.toString();
        if (mode == StreamingMode.PARTIAL && !full.isBlank()) {
            renderInPlace(full);
        } else if (mode == StreamingMode.BLOCK) {
            sendCompleteBlocks(full, blockOffset, true);
        }
        sendAll(message);
        sink.accept(new Done());
    }

    private void ensureStarted() {
        if (!started) {
            started = true;
            sink.accept(new Typing());
        }
    }

    private boolean isUpdateDue() {
        long now = nowMillis.getAsLong();
        if (updatedOnce && now - lastUpdateAt < minEditIntervalMs) {
            return false;
        }
        updatedOnce = true;
        lastUpdateAt = now;
        return true;
    }

    /** Partial mode: make the sent segments show {@code text}, sending only what changed. */
    private void renderInPlace(String text) {
        List<String> wanted = split(text);
        for (int i = 0; i < wanted.size(); i++) {
            String chunk = wanted.get(i);
            if (i >= segments.size()) {
                sendNew(chunk);
            } else if (!segments.get(i).equals(chunk)) {
                segments.set(i, chunk);
                sink.accept(new EditText(i, chunk));
            }
        }
    }

    /**
     * Partial mode's final text: keep the streamed text when it ends with the final answer (pi's
     * final text is the last message only, while the user already saw the text before tool
     * calls); otherwise the final text wins.
     */
    private static String partialAnswer(String streamed, String finalText) {
        if (isBlank(finalText) || streamed.strip().endsWith(finalText.strip())) {
            return streamed;
        }
        return finalText;
    }

    private void finishBlocks(String full, String finalText) {
        if (isBlank(finalText) || full.strip().endsWith(finalText.strip())) {
            sendCompleteBlocks(full, blockOffset, true);
        } else if (finalText.startsWith(full)) {
            sendCompleteBlocks(finalText, blockOffset, true); // some deltas never arrived
        } else if (segments.isEmpty()) {
            sendCompleteBlocks(finalText, 0, true);
        } else {
            // already-sent blocks cannot be taken back: finish what the user was reading
            sendCompleteBlocks(full, blockOffset, true);
        }
    }

    /**
     * Block mode: sends each block of {@code text} from {@code from} that is complete — a paragraph
     * ended by a blank line or by a following code fence, or a code block whose closing fence line
     * is complete — and everything left when {@code ended}. Returns the offset after the last block sent.
     */
    private int sendCompleteBlocks(String text, int from, boolean ended) {
        int blockStart = from;
        CodeFence open = null;
        int i = from;
        int nl;
        while ((nl = text.indexOf('\n', i)) >= 0) {
            String line = text.substring(i, nl);
            if (open != null) {
                if (open.isClosedBy(line)) {
                    open = null;
                    sendBlock(text.substring(blockStart, nl));
                    blockStart = nl + 1;
                }
            } else if ((open = CodeFence.opening(line)) != null) {
                sendBlock(text.substring(blockStart, i));
                blockStart = i;
            } else if (line.isBlank()) {
                sendBlock(text.substring(blockStart, i));
                blockStart = nl + 1;
            }
            i = nl + 1;
        }
        if (ended) {
            sendBlock(text.substring(blockStart));
            blockStart = text.length();
        }
        return blockStart;
    }

    private void sendBlock(String block) {
        sendAll(block.strip());
    }

    private void sendAll(String text) {
        for (String chunk : split(text)) {
            sendNew(chunk);
        }
    }

    private List<String> split(String text) {
        return maxLines == Integer.MAX_VALUE ? TextSplitter.split(text, textLimit)
                : TextSplitter.split(text, textLimit, maxLines);
    }

    private void sendNew(String text) {
        int segment = segments.size();
        segments.add(text);
        sink.accept(new SendText(segment, text));
    }

    /** Draft previews show the newest text when the answer outgrows one message. */
    private void sendDraft() {
        String text = streamed.toString();
        if (text.length() > textLimit) {
            int from = text.length() - (textLimit - 1);
            if (from < text.length() && Character.isLowSurrogate(text.charAt(from))) {
                from++; // do not start with half an emoji
            }
            text = "…" + text.substring(from);
        }
        if (!text.isBlank() && !text.equals(lastDraft)) {
            lastDraft = text;
            sink.accept(new DraftText(text));
        }
    }

    /** While streaming, an unfinished code block is shown closed so the message renders. */
    private static String withOpenFenceClosed(String text) {
        CodeFence open = CodeFence.openAtEnd(text);
        return open == null ? text : text + "\n" + open.marker();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
