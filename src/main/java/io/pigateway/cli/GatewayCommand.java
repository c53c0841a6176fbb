package io.pigateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.pigateway.app.GatewayRuntime;
import io.pigateway.app.camel.CamelMainSetup;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.GatewayConfig;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
            } catch (IllegalStateException e) {
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
    static final class Restart implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--url", description = "Gateway base URL (default http://127.0.0.1:<gateway.port>).")
        String url;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = configOption.load().config();
            String base = GatewayApiCall.baseUrl(config, url);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                HttpResponse<String> response = GatewayApiCall.post(base, GatewayApiCall.token(config).value(),
                        "/api/gateway/restart", "{}");
                if (response.statusCode() == 202) {
                    out.println(new ObjectMapper().readTree(response.body()).path("message").asText());
                    out.flush();
                    return 0;
                }
                err.println("pi-gw gateway restart: HTTP " + response.statusCode() + ": " + response.body());
                err.flush();
                return 1;
            } catch (java.net.ConnectException e) {
                err.println("pi-gw gateway restart: no gateway answers at " + base + " (start it with: pi-gw gateway)");
                err.flush();
                return 1;
            }
        }
    }
}
