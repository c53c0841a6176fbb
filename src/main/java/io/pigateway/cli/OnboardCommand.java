package io.pigateway.cli;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.ConfigPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        ConfigLoader.parseLoaded(config, Map.of(tokenVar != null ? tokenVar : "UNUSED", "123456:shape-check-placeholder"));
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
        Path unit = ConfigPaths.home().resolve(".config/systemd/user/pi-gateway.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, unitText(launcherCommand(System.getenv(), jarLocation()), output.toAbsolutePath()),
                StandardCharsets.UTF_8);
        out.println("wrote " + unit + "; enable it with: systemctl --user enable --now pi-gateway");
    }

    /**
     * KillMode=mixed: systemd's SIGTERM reaches only the gateway, which stops its pi children itself
     * (the default control-group mode signals pi too, mid-shutdown); stragglers still get SIGKILL.
     */
    static String unitText(List<String> command, Path config) {
        Path workDir = config.getParent();
        List<String> exec = new ArrayList<>(command);
        exec.addAll(List.of("gateway", "--config", config.toString()));
        return """
                [Unit]
                Description=pi-gateway
                After=network-online.target

                [Service]
                WorkingDirectory=%s
                ExecStart=%s
                KillMode=mixed
                Restart=on-failure

                [Install]
                WantedBy=default.target
                """.formatted(workDir, String.join(" ", exec.stream().map(OnboardCommand::unitQuote).toList()));
    }

    /**
     * The absolute command that runs this build, wherever onboard was run from: the {@code pi-gw}
     * launcher (which exports its own path), else the launcher next to {@code target/pi-gw.jar},
     * else {@code java -jar} on the jar itself.
     */
    static List<String> launcherCommand(Map<String, String> env, Path jar) {
        String launcher = env.get("PI_GW_LAUNCHER");
        if (launcher != null && !launcher.isBlank() && Path.of(launcher).isAbsolute()) {
            return List.of(launcher);
        }
        if (jar != null) {
            Path beside = jar.toAbsolutePath().getParent().resolveSibling("pi-gw");
            if (Files.isExecutable(beside)) {
                return List.of(beside.toString());
            }
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            return List.of(java.toString(), "-jar", jar.toAbsolutePath().toString());
        }
        return List.of(Path.of("pi-gw").toAbsolutePath().toString());
    }

    private static Path jarLocation() {
        try {
            Path code = Path.of(OnboardCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? code : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    private static String unitQuote(String word) {
        return word.matches("[A-Za-z0-9_./:=@+-]+") ? word : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
