package io.pigateway.channel.telegram;

import io.pigateway.pipeline.GatewayService;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.store.SessionRecord;
import java.util.Optional;

/** The chat commands {@code /new}, {@code /stop}, {@code /status}, {@code /help}; answers are plain text. */
final class TelegramCommands {
    static final String[][] COMMANDS = {
            {"new", "Start a fresh session"},
            {"stop", "Stop the running answer"},
            {"status", "Show this chat's session"},
            {"help", "What this bot understands"}};

    private final GatewayService gateway;
    private final String agentId;
    private final DmScope dmScope;

    TelegramCommands(GatewayService gateway, String agentId, DmScope dmScope) {
        this.gateway = gateway;
        this.agentId = agentId;
        this.dmScope = dmScope;
    }

    /** The reply to {@code /command}, or null for commands that are not ours (they go to the agent). */
    String handle(String command, InboundMessage message) {
        String key = SessionKeys.forMessage(message, agentId, dmScope);
        return switch (command) {
            case "new" -> {
                gateway.kill(key); // drop what was queued for the old session
                gateway.resetSession(key);
                yield "Started a fresh session.";
            }
            case "stop" -> gateway.lanes().abort(key) ? "Stopping the current answer." : "Nothing is running.";
            case "status" -> status(key);
            case "help", "start" -> help();
            default -> null;
        };
    }

    private String status(String key) {
        Optional<SessionRecord> session = gateway.session(key);
        StringBuilder sb = new StringBuilder("Session: ").append(key);
        sb.append("\nState: ").append(gateway.isBusy(key) ? "answering" : "idle");
        session.ifPresentOrElse(s -> sb.append("\nTurns: ").append(s.turnCount())
                        .append("\nMessages: ").append(s.messageCount())
                        .append(s.model() != null ? "\nModel: " + s.model() : ""),
                () -> sb.append("\nNo messages yet."));
        return sb.toString();
    }

    static String help() {
        StringBuilder sb = new StringBuilder("Send a message and the agent answers. Commands:");
        for (String[] c : COMMANDS) {
            sb.append("\n/").append(c[0]).append(" - ").append(c[1]);
        }
        return sb.toString();
    }
}
