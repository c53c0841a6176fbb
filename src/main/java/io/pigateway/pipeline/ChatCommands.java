package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.security.InboundPolicy;
import io.pigateway.store.SessionRecord;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash commands of every channel ({@code /new /stop /status /help} and the plugins'): a step
 * of the inbound route, after the policy gate and the session router. A known command is answered
 * through the message's observer (so the reply leaves through {@code direct:outbound}) and never
 * reaches the agent; an unknown one is text for the agent.
 */
public final class ChatCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCommands.class);

    private final Map<String, ChatCommand> commands = new ConcurrentHashMap<>();
    private final InboundPolicy policy;

    public ChatCommands(GatewayService gateway, InboundPolicy policy) {
        this.policy = policy;
        register(new ChatCommand("new", "Start a fresh session", (m, key, args) -> {
            gateway.kill(key); // drop what was queued for the old session
            gateway.resetSession(key);
            return "Started a fresh session.";
        }));
        register(new ChatCommand("stop", "Stop the running answer",
                (m, key, args) -> gateway.lanes().abort(key) ? "Stopping the current answer." : "Nothing is running."));
        register(new ChatCommand("status", "Show this chat's session", (m, key, args) -> status(gateway, key)));
        register(new ChatCommand("help", "What this bot understands", (m, key, args) -> help()));
    }

    public void register(ChatCommand command) {
        String name = command.name().toLowerCase(Locale.ROOT);
        if (commands.putIfAbsent(name, command) != null) {
            throw new IllegalStateException("the command /" + name + " is registered twice");
        }
    }

    public java.util.Collection<ChatCommand> all() {
        return commands.values();
    }

    /** The inbound route's step: answers a command and marks the exchange done, or lets it go on. */
    void process(Exchange exchange, BiFunction<Exchange, InboundMessage, TurnObserver> observers) {
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        String text = message.text().strip();
        if (!text.startsWith("/") || text.length() < 2) {
            return;
        }
        String[] parts = text.substring(1).split("\\s+", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        int at = name.indexOf('@'); // Telegram's /cmd@botname in groups
        name = at >= 0 ? name.substring(0, at) : name;
        if ("start".equals(name)) {
            name = "help"; // Telegram's first contact
        }
        ChatCommand command = commands.get(name);
        if (command == null) {
            return;
        }
        TurnObserver observer = observers.apply(exchange, message);
        String key = exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY, String.class);
        exchange.setProperty(GatewayHeaders.REJECTED, "command");
        String reply;
        if (("new".equals(name) || "stop".equals(name)) && !policy.mayControlSession(message)) {
            reply = "Only the people the operator named for this group can use /" + name + " here.";
        } else {
            try {
                reply = command.handler().handle(message, key, parts.length > 1 ? parts[1].strip() : "");
            } catch (Exception e) {
                LOG.warn("the command /{} failed: {}", name, e.toString());
                reply = "The command /" + name + " failed; please try again later.";
            }
        }
        if (reply == null) {
            exchange.removeProperty(GatewayHeaders.REJECTED); // the handler passes it to the agent
            return;
        }
        observer.onStart(key, "command");
        observer.onFinal(new TurnResult(key, "command", reply, "command"));
    }

    private static String status(GatewayService gateway, String key) {
        Optional<SessionRecord> session = gateway.session(key);
        StringBuilder sb = new StringBuilder("Session: ").append(key);
        sb.append("\nState: ").append(gateway.isBusy(key) ? "answering" : "idle");
        session.ifPresentOrElse(s -> sb.append("\nTurns: ").append(s.turnCount())
                        .append("\nMessages: ").append(s.messageCount())
                        .append(s.model() != null ? "\nModel: " + s.model() : ""),
                () -> sb.append("\nNo messages yet."));
        return sb.toString();
    }

    private String help() {
        StringBuilder sb = new StringBuilder("Send a message and the agent answers. Commands:");
        commands.values().stream().sorted(java.util.Comparator.comparing(ChatCommand::name))
                .forEach(c -> sb.append("\n/").append(c.name()).append(" - ").append(c.description()));
        return sb.toString();
    }
}
