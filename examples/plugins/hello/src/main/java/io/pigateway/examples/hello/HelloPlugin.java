package io.pigateway.examples.hello;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;

/**
 * The example plugin: one of each registration a plugin usually needs.
 * <ul>
 *   <li>a tool the agent can call, {@code hello_time};</li>
 *   <li>a {@code message_received} hook that counts messages and expands {@code {{hello}}};</li>
 *   <li>an HTTP endpoint, {@code GET /plugins/hello/ping} (behind the gateway token);</li>
 *   <li>a WebSocket method, {@code hello.ping};</li>
 *   <li>a chat command, {@code /hello}, answered in every channel;</li>
 *   <li>a {@code pi-gw hello} subcommand.</li>
 * </ul>
 * Found by the gateway through {@code META-INF/services/io.pigateway.plugin.GatewayPlugin}.
 */
public final class HelloPlugin implements GatewayPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TIME = "It is always tea time in the hello plugin.";

    /** Messages seen by the hook: register() runs once per gateway start, so this counts one run. */
    private final AtomicInteger received = new AtomicInteger();

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public void register(GatewayPluginApi api) throws Exception {
        // a tool: pi sees the name, the description and the JSON schema; the handler's text is the result
        api.registerTool(new AgentToolSpec("hello_time", "Tells the time, the hello plugin's way.",
                JSON.readTree("""
                        {"type": "object",
                         "properties": {"name": {"type": "string", "description": "Who asks"}}}
                        """),
                (sessionKey, args) -> TIME + (args.hasNonNull("name") ? " Cheers, " + args.get("name").asText() + "!" : "")));

        // a hook: runs for every inbound message, before the agent sees it; it may change the text
        api.registerHook(HookPoint.MESSAGE_RECEIVED, context -> {
            received.incrementAndGet();
            String text = context.text();
            if (text != null && text.contains("{{hello}}")) {
                context.setText(text.replace("{{hello}}", "hello from the plugin"));
            }
        });

        // an HTTP endpoint: a Camel Processor; not public, so callers send the gateway token
        api.registerHttpRoute("/plugins/hello/ping", "GET", exchange -> {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody("{\"pong\":true,\"plugin\":\"hello\"}");
        }, false);

        // a WebSocket method: {"method": "hello.ping", "params": {...}} from an authenticated client
        api.registerGatewayMethod("hello.ping", params -> JSON.createObjectNode()
                .put("pong", true).put("messagesSeen", received.get()).put("echo", params.path("say").asText("")));

        // a chat command: "/hello Ada" in Telegram, WebChat or the API answers without the agent
        api.registerCommand(new ChatCommand("hello", "Say hello (from the hello plugin)",
                (message, sessionKey, args) -> "Hello" + (args.isEmpty() ? "" : ", " + args) + "! (the hello plugin)"));

        // a pi-gw subcommand: a picocli @Command object
        api.registerCli(new HelloCommand());
    }

    /** {@code pi-gw hello}: prints a greeting. */
    @Command(name = "hello", description = "Say hello (from the hello plugin).")
    public static final class HelloCommand implements Runnable {
        @Override
        public void run() {
            System.out.println("hello from the hello plugin");
        }
    }
}
