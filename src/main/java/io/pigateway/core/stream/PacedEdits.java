package io.pigateway.core.stream;

import io.pigateway.core.stream.OutboundUpdate.DraftText;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One answer's updates on their way out, its edits paced per chat by a {@link ChatEditPacer} the
 * channel shares between answers: an edit or draft takes a slot of the chat or waits, the latest
 * per message winning; any other update (a new message, the end) first releases what waits, so
 * nothing final is held.
 */
public final class PacedEdits {
    private final ChatEditPacer pacer;
    private final String chat;
    private final long intervalMs;
    private final ScheduledExecutorService timer;
    private final Consumer<OutboundUpdate> out;
    /** Edits waiting for the chat's next slot: the latest per message segment (drafts under -1). */
    private final Map<Integer, OutboundUpdate> held = new LinkedHashMap<>();
    private boolean releaseScheduled;

    /**
     * @param chat       the pacer's key: the chat as the platform limits it (account and chat id)
     * @param intervalMs the chat's edit interval
     * @param out        takes the updates in order (must not block)
     */
    public PacedEdits(ChatEditPacer pacer, String chat, long intervalMs, ScheduledExecutorService timer,
                      Consumer<OutboundUpdate> out) {
        this.pacer = pacer;
        this.chat = chat;
        this.intervalMs = intervalMs;
        this.timer = timer;
        this.out = out;
    }

    public synchronized void offer(OutboundUpdate update) {
        if (update instanceof EditText || update instanceof DraftText) {
            if (held.isEmpty() && pacer.tryAcquire(chat, intervalMs)) {
                out.accept(update);
                return;
            }
            held.put(update instanceof EditText e ? e.segment() : -1, update);
            scheduleRelease();
            return;
        }
        held.remove(-1); // a draft preview is moot once the answer sends messages or ends
        releaseHeld();
        out.accept(update);
    }

    private void scheduleRelease() {
        if (!releaseScheduled) {
            releaseScheduled = true;
            timer.schedule(this::releaseIfDue, Math.max(1, pacer.waitMs(chat)), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void releaseIfDue() {
        releaseScheduled = false;
        if (!held.isEmpty()) {
            if (pacer.tryAcquire(chat, intervalMs)) {
                releaseHeld();
            } else {
                scheduleRelease();
            }
        }
    }

    private void releaseHeld() {
        held.values().forEach(out);
        held.clear();
    }
}
