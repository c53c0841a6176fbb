package io.pigateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.ConfigRedactor;
import io.pigateway.config.LoadedConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pi-gw config show}: the effective configuration with every secret redacted. */
@Command(name = "config", description = "Inspect the configuration.",
        subcommands = {ConfigCommand.Show.class})
public final class ConfigCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "show", description = "Print the effective config (secrets shown as \"***\").")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            LoadedConfig loaded = configOption.load();
            System.err.println("# source: " + (loaded.source() != null ? loaded.source() : "built-in defaults"));
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(ConfigRedactor.redact(loaded.config())));
            return 0;
        }
    }
}
