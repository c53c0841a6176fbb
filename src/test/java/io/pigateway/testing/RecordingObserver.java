package io.pigateway.testing;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TurnObserver} that records every call as a short string, e.g. {@code error:killed}. */
public final class RecordingObserver implements TurnObserver {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onStart(String sessionKey, String runId) {
        events.add("start:" + sessionKey);
    }

    @Override
    public void onDelta(String text) {
        events.add("delta:" + text);
    }

    @Override
    public void onTool(String toolName, String phase) {
        events.add("tool:" + toolName + ":" + phase);
    }

    @Override
    public void onFinal(TurnResult result) {
        events.add("final:" + result.text());
    }

    @Override
    public void onError(String code, String message) {
        events.add("error:" + code);
    }

    public List<String> events() {
        return List.copyOf(events);
    }
}
