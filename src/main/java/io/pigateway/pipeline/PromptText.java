package io.pigateway.pipeline;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.lane.PendingMessage;
import java.util.List;
import java.util.stream.Collectors;

/** What pi is prompted with for a lane's batch. */
final class PromptText {
    private PromptText() {
    }

    /** The prompt for a batch: one message as is, several (collect mode) joined; media as paths. */
    static String of(List<PendingMessage> batch) {
        if (batch.size() == 1) {
            return withMedia(batch.get(0).message()); // the usual case: one message, as is
        }
        return batch.stream().map(p -> withMedia(p.message())).collect(Collectors.joining("\n\n"));
    }

    private static String withMedia(InboundMessage m) {
        if (m.media().isEmpty()) {
            return m.text();
        }
        StringBuilder sb = new StringBuilder(m.text());
        for (MediaAttachment a : m.media()) {
            sb.append(sb.length() > 0 ? "\n" : "").append("[attached ").append(a.kind()).append(": ")
                    .append(a.path()).append(']');
        }
        return sb.toString();
    }
}
