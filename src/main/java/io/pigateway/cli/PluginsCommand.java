package io.pigateway.cli;

import io.pigateway.app.PluginCatalog;
import io.pigateway.config.LoadedConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pi-gw plugins}: the user's Java plugins. */
@Command(name = "plugins", description = "Java plugins: jars in ./plugins or listed in the config's \"plugins\".",
        subcommands = PluginsCommand.ListCommand.class)
public final class PluginsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code pi-gw plugins list}: loads the plugins (not the gateway), runs their register() and
     * prints each one's name, source, registrations and errors. Exit 1 when any plugin failed.
     */
    @Command(name = "list", description = "Show the plugins, what each registers, and their errors.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() {
            LoadedConfig loaded = configOption.load();
            PluginCatalog.Report report = QuietLogs.during(() -> PluginCatalog.inspect(loaded.config(), Path.of("")));
            print(report, System.out);
            boolean failed = !report.registrations().failed.isEmpty() || !report.unloadable().isEmpty();
            return failed ? 1 : 0;
        }
    }

    static void print(PluginCatalog.Report report, PrintStream out) {
        if (report.plugins().isEmpty() && report.unloadable().isEmpty()) {
            out.println("No plugins (looked in ./plugins and the config's \"plugins\" list).");
            return;
        }
        for (PluginCatalog.Entry entry : report.plugins()) {
            out.println(entry.name() + "  (" + entry.source() + ")");
            String error = report.registrations().failed.get(entry.name());
            if (error != null) {
                out.println("  FAILED in register(): " + error);
                continue;
            }
            var lines = report.registrations().summaryOf(entry.name());
            if (lines.isEmpty()) {
                out.println("  (registers nothing)");
            }
            lines.forEach(line -> out.println("  " + line));
        }
        report.unloadable().forEach((path, why) -> out.println(path + "\n  FAILED to load: " + why));
    }
}
