package io.pigateway.cli;

import io.pigateway.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pi-gw onboard}: asks a few questions and writes a minimal {@code pi-gateway.jsonc}
 * (secrets stay in environment variables). Without a terminal (or with {@code --yes}) it takes
 * the defaults. {@code --install-daemon} also writes a systemd user unit.
 */
@Command(name = "onboard", description = "Write a starter pi-gateway.jsonc (and optionally a systemd unit).")
public final class OnboardCommand implements Callable<Integer> {
    @Option(names = "--output", paramLabel = "PATH", description = "Where to write (default ./pi-gateway.jsonc).")
    Path output = Path.of("pi-gateway.jsonc");

    @Option(names = {"--yes", "-y"}, description = "Take every default without asking.")
    boolean yes;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Option(names = "--install-daemon", description = "Also write ~/.config/systemd/user/pi-gateway.service.")
    boolean installDaemon;

    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(output) && !force) {
            System.err.println("pi-gw onboard: " + output + " exists; use --force to overwrite it");
            return 1;
        }
        String model = ask("Model as provider/modelId (empty: pi's default)", "");
        String port = ask("Port", "52134");
        boolean telegram = ask("Enable Telegram? (y/N)", "n").toLowerCase().startsWith("y");
        String tokenVar = telegram ? ask("Environment variable holding the bot token", "TELEGRAM_BOT_TOKEN") : null;
        String policy = telegram ? ask("Who may DM the bot: pairing | allowlist | open | disabled", "pairing") : null;

        if (!port.matches("\\d{1,5}")) {
            System.err.println("pi-gw onboard: the port must be a number from 1 to 65535");
            return PiGwCli.EXIT_CONFIG;
        }
        String config = render(model, port, tokenVar, policy);
        // refuse to write a file the gateway would reject (env vars are checked when the gateway starts)
        ConfigLoader.parseLoaded(config, Map.of(tokenVar != null ? tokenVar : "UNUSED", "placeholder"));
        Files.writeString(output, config, StandardCharsets.UTF_8);
        out.println("wrote " + output.toAbsolutePath());
        if (telegram) {
            out.println("set " + tokenVar + " before starting, e.g.: export " + tokenVar + "=123456:ABC...");
        }
        if (installDaemon) {
            writeUnit();
        }
        out.println("next: ./pi-gw doctor, then ./pi-gw gateway");
        return 0;
    }

    static String render(String model, String port, String tokenVar, String policy) {
        StringBuilder c = new StringBuilder("{\n  // written by pi-gw onboard; every key: pi-gateway.jsonc.example\n");
        c.append("  \"gateway\": { \"port\": ").append(Integer.parseInt(port.trim())).append(", \"bind\": \"loopback\" },\n");
        c.append("  \"agent\": {");
        if (!model.isBlank()) {
            c.append(" \"model\": ").append(quote(model.trim()));
        }
        c.append(" }");
        if (tokenVar != null) {
            c.append(",\n  \"channels\": {\n    \"telegram\": { \"enabled\": true, \"botToken\": ")
                    .append(quote("${" + tokenVar.trim() + "}")).append(", \"dmPolicy\": ").append(quote(policy.trim()))
                    .append(" }\n  }");
        }
        return c.append("\n}\n").toString();
    }

    private static String quote(String value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void writeUnit() throws IOException {
        Path unit = Path.of(System.getProperty("user.home"), ".config", "systemd", "user", "pi-gateway.service");
        Path launcher = Path.of("pi-gw").toAbsolutePath();
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, """
                [Unit]
                Description=pi-gateway
                After=network-online.target

                [Service]
                WorkingDirectory=%s
                ExecStart=%s gateway --config %s
                Restart=on-failure

                [Install]
                WantedBy=default.target
                """.formatted(launcher.getParent(), launcher, output.toAbsolutePath()), StandardCharsets.UTF_8);
        out.println("wrote " + unit + "; enable it with: systemctl --user enable --now pi-gateway");
    }

    private String ask(String question, String fallback) throws IOException {
        if (yes) {
            return fallback;
        }
        out.print(question + (fallback.isEmpty() ? "" : " [" + fallback + "]") + ": ");
        out.flush();
        String line = in.readLine();
        return line == null || line.isBlank() ? fallback : line.trim();
    }
}
