package io.pigateway.cli;

import io.pigateway.config.GatewayConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What a command calling the running gateway's API shares: the config (port, token) and {@code --url}. */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--url", description = "Gateway base URL (default http://127.0.0.1:<gateway.port>).")
    String url;

    @Spec
    CommandSpec spec;

    /** Sends the request with the gateway token and prints the answer (see {@link GatewayApiCall#print}); the exit code. */
    int call(String command, String method, String path, String body, GatewayApiCall.Render render) throws Exception {
        GatewayConfig config = configOption.load().config();
        String base = GatewayApiCall.baseUrl(config, url);
        return GatewayApiCall.print(GatewayApiCall.request(base, GatewayApiCall.token(config).value(), method, path,
                body), command, base, spec.commandLine().getOut(), spec.commandLine().getErr(), render);
    }
}
