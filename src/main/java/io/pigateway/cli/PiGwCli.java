package io.pigateway.cli;

import io.pigateway.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pi-gw}: the command-line entry point of the single jar. */
// scope = INHERIT gives every subcommand (and theirs) --help and --version too
@Command(name = "pi-gw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "pi-gateway: talk to the pi coding agent from Telegram, Discord, Feishu / Lark, WebChat,"
                + " an HTTP/WebSocket API and any OpenAI client.",
        subcommands = {GatewayCommand.class, DoctorCommand.class, ConfigCommand.class, SendCommand.class, TokenCommand.class, CronCommand.class,
                OnboardCommand.class, PairingCommand.class, CdsTrainingCommand.class, PluginsCommand.class,
                CommandLine.HelpCommand.class})
public final class PiGwCli implements Runnable {

    /** Exit code for an invalid configuration. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine(args).execute(args));
    }

    /** The configured command line with the plugins' subcommands for these arguments' config. */
    public static CommandLine newCommandLine(String... args) {
        CommandLine cli = newCommandLine();
        PluginSubcommands.addTo(cli, args);
        return cli;
    }

    /** The configured command line, built-in commands only (tests call {@code execute} on it). */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new PiGwCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException ce) {
                cmd.getErr().println("Invalid configuration:");
                ce.problems().forEach(p -> cmd.getErr().println("  - " + p));
                return EXIT_CONFIG;
            }
            throw ex;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
