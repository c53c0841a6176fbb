package io.pigateway.cli;

import io.pigateway.app.PluginCatalog;
import io.pigateway.app.Registrations;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Adds the plugins' {@code registerCli} commands to {@code pi-gw}. The plugins come from the
 * config {@code pi-gw} would read ({@code --config PATH} on the command line, else the default
 * location) and from {@code ./plugins}. Nothing here may break {@code pi-gw}: an invalid config, a
 * failing plugin or a command name already taken is skipped quietly (`pi-gw plugins list` tells why).
 */
final class PluginSubcommands {
    private PluginSubcommands() {
    }

    static void addTo(CommandLine cli, String[] args) {
        String first = commandName(args);
        if (first != null && cli.getSubcommands().containsKey(first)) {
            return; // a built-in command: no need to load (and run register() of) every plugin
        }
        Registrations registrations;
        try {
            GatewayConfig config = ConfigLoader.fromSystem().load(configArgument(args)).config();
            registrations = QuietLogs.during(() -> PluginCatalog.inspect(config, Path.of("")).registrations());
        } catch (RuntimeException | LinkageError e) {
            return; // the command itself reports a broken config; plugins list reports broken plugins
        }
        for (Registrations.Registered<Object> command : registrations.clis) {
            try {
                CommandLine sub = new CommandLine(command.value());
                if (sub.getCommandSpec().findOption("--config") == null) {
                    // pi-gw read --config to find this plugin: the command accepts it like the built-in ones
                    sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("--config").paramLabel("PATH")
                            .type(String.class).description("Config file naming the plugins").build());
                }
                if (!cli.getSubcommands().containsKey(sub.getCommandName())) {
                    cli.addSubcommand(sub.getCommandName(), sub);
                }
            } catch (RuntimeException e) { // NOPMD: not a picocli command: skipped
                System.err.println("pi-gw: plugin " + command.module() + ": its command cannot be added: "
                        + e.getMessage());
            }
        }
    }

    /** The first word that is neither an option nor the value of {@code --config}, or null. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    /** The value of {@code --config PATH} or {@code --config=PATH}, or null. */
    static String configArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }
}
