package io.pigateway.pipeline.lane.kafka;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.util.function.BiConsumer;

/**
 * Watches a turn run here for a caller waiting on another instance: every event goes to the
 * replies topic, keyed by that instance (one partition, so in order). Publishing does not block.
 */
final class RemoteReplyObserver implements TurnObserver {
    private final String to;
    private final String id;
    private final BiConsumer<String, String> publish;

    /** @param publish sends (key, JSON) to the replies topic */
    RemoteReplyObserver(String to, String id, BiConsumer<String, String> publish) {
        this.to = to;
        this.id = id;
        this.publish = publish;
    }

    @Override
    public void onStart(String sessionKey, String runId) {
        publish.accept(to, ReplyEvent.start(to, id, sessionKey, runId));
    }

    @Override
    public void onDelta(String text) {
        publish.accept(to, ReplyEvent.delta(to, id, text));
    }

    @Override
    public void onTool(String toolName, String phase) {
        publish.accept(to, ReplyEvent.tool(to, id, toolName, phase));
    }

    @Override
    public void onFinal(TurnResult result) {
        publish.accept(to, ReplyEvent.fin(to, id, result));
    }

    @Override
    public void onError(String code, String message) {
        publish.accept(to, ReplyEvent.error(to, id, code, message));
    }
}
