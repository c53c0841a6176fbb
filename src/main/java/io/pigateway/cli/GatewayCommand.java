package io.pigateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.pigateway.app.GatewayRuntime;
import io.pigateway.app.camel.CamelMainSetup;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.store.StateStoreException;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pi-gw gateway}: run the gateway in the foreground until Ctrl-C / SIGTERM (which drain it
 * first); {@code pi-gw gateway restart} asks the running one to drain and restart in place.
 */
@Command(name = "gateway", description = "Run the gateway (HTTP API, WebSocket and WebChat on one port).",
        subcommands = GatewayCommand.Restart.class)
public final class GatewayCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (overrides gateway.port).")
    int port;

    @Option(names = "--verbose", description = "Debug logging for the gateway.")
    boolean verbose;

    @Option(names = "--camel-properties", paramLabel = "PATH",
            description = "camel-main settings file (overrides gateway.camelProperties, default config/application.properties).")
    String camelProperties;

    @Override
    public Integer call() throws Exception {
        if (verbose) {
            ((Logger) LoggerFactory.getLogger("io.pigateway")).setLevel(Level.DEBUG);
        }
        if (camelProperties != null) {
            // a system property, not a config change: an in-process restart re-reads the config file
            System.setProperty(CamelMainSetup.SETTINGS_FILE_PROPERTY, camelProperties);
        }
        try (GatewayRuntime gateway = new GatewayRuntime(configOption.load(), port, System.out)) {
            try {
                gateway.start();
            } catch (IllegalStateException | StateStoreException e) { // a sentence, no trace
                System.err.println("pi-gw: " + e.getMessage());
                return 1;
            }
            System.out.println("pi-gateway is up: WebChat and API on " + gateway.baseUrl() + "  (Ctrl-C to stop)");
            gateway.awaitShutdown();
        }
        return 0;
    }

    /** {@code pi-gw gateway restart}: {@code POST /api/gateway/restart} on the running gateway. */
    @Command(name = "restart", description = "Drain the running gateway (turns in flight finish) and restart it in place.")
    static final class Restart extends ApiCommand {
        @Override
        public Integer call() throws Exception {
            return call("pi-gw gateway restart", "POST", "/api/gateway/restart", "{}",
                    answer -> new ObjectMapper().readTree(answer).path("message").asText());
        }
    }
}
