package io.pigateway.rpc;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.AgentConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the pi CLI (as a path, on PATH, or previously installed into the runtime package dir)
 * and installs it with npm when it is missing.
 */
public final class PiRuntimeInstaller {
    public static final String PI_PACKAGE = "@mariozechner/pi-coding-agent@0.73.1";

    private final String pathEnv;

    public PiRuntimeInstaller() {
        this(System.getenv("PATH"));
    }

    /** {@code pathEnv} replaces $PATH (tests). */
    public PiRuntimeInstaller(String pathEnv) {
        this.pathEnv = pathEnv != null ? pathEnv : "";
    }

    /** The default {@code agent.piCliPath}: only this one may fall back to the runtime install. */
    public static final String DEFAULT_CLI = "pi";

    /** Where pi is, without installing anything. */
    public Optional<Path> locate(AgentConfig agent) {
        Optional<Path> configured = find(agent.piCliPath());
        if (configured.isPresent() || isExplicit(agent)) {
            return configured; // an explicit path is used as given, never swapped for another pi
        }
        Path installed = installedCli(agent);
        return Files.isExecutable(installed) ? Optional.of(installed) : Optional.empty();
    }

    /** True when {@code agent.piCliPath} names a particular pi (anything but the default {@code pi}). */
    public static boolean isExplicit(AgentConfig agent) {
        return agent.piCliPath() != null && !agent.piCliPath().isBlank() && !DEFAULT_CLI.equals(agent.piCliPath().trim());
    }

    /** The sentence for an explicit {@code agent.piCliPath} that is not there. */
    public static String missingExplicitCli(AgentConfig agent) {
        return "agent.piCliPath '" + agent.piCliPath() + "' does not exist or is not executable. "
                + "Correct the path, or remove agent.piCliPath to use pi from PATH (installed on first start if missing).";
    }

    /**
     * pi's path, installing it with npm into {@code agent.runtime.packageDir} if needed.
     *
     * @throws IllegalStateException when an explicit {@code agent.piCliPath} does not exist, or the install fails
     */
    public Path ensureInstalled(AgentConfig agent, PrintStream progress) {
        Optional<Path> found = locate(agent);
        if (found.isPresent()) {
            return found.get();
        }
        if (isExplicit(agent)) {
            throw new IllegalStateException(missingExplicitCli(agent));
        }
        Path npm = find("npm").orElseThrow(() -> new IllegalStateException(
                "pi was not found ('" + agent.piCliPath() + "') and npm is not installed to fetch it. "
                        + "Install Node.js 20+ with npm, or set agent.piCliPath to the pi binary."));
        Path packageDir = expandHome(agent.runtime().packageDir());
        // one progress line; npm's own output (a dozen deprecation warnings) goes to a log file
        progress.println("Installing pi (" + PI_PACKAGE + ", first start, ~30 s) into " + packageDir + " ...");
        List<String> cmd = List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--prefix",
                packageDir.toString(), PI_PACKAGE);
        Path log = packageDir.resolve("npm-install.log");
        try {
            Files.createDirectories(packageDir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")))
                    .redirectOutput(log.toFile()).start();
            int code = p.waitFor();
            if (code != 0) {
                progress.println(tail(log, 30));
                throw new IllegalStateException("npm install of " + PI_PACKAGE + " failed (exit " + code
                        + "); npm's output is in " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("npm install of " + PI_PACKAGE + " failed: " + e.getMessage()
                    + " (npm's output: " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing pi", e);
        }
        Path cli = installedCli(agent);
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("npm finished but " + cli + " is missing");
        }
        progress.println("pi installed: " + cli);
        return cli;
    }

    /** The last lines of npm's log, indented, for the failure report. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "  npm: " + String.join("\n  npm: ", last);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "  (npm's log " + log + " is unreadable: " + e.getMessage() + ")";
        }
    }

    Path installedCli(AgentConfig agent) {
        return expandHome(agent.runtime().packageDir()).resolve("node_modules").resolve(".bin").resolve("pi");
    }

    /** A command name is searched on PATH; anything with a separator is taken as a path. */
    Optional<Path> find(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        if (command.contains("/") || command.contains(File.separator) || command.startsWith("~")) {
            Path p = expandHome(command);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path p = Path.of(dir, command);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Path expandHome(String path) {
        return ConfigPaths.expandHome(path);
    }
}
