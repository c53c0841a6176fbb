package io.pigateway.app;

import io.pigateway.pipeline.AgentPools;

import io.pigateway.app.doctor.CheckResult;
import io.pigateway.config.GatewayConfig;
import io.pigateway.core.AgentErrorText;
import io.pigateway.config.AgentConfig;
import io.pigateway.config.ConfigPaths;
import io.pigateway.rpc.PiCommandLine;
import io.pigateway.rpc.PiPool;
import io.pigateway.rpc.PiPoolSettings;
import io.pigateway.rpc.PiProcessSpec;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.rpc.PiRuntimeInstaller;
import io.pigateway.rpc.PiTurnResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Turns the {@code agent} config into a running pi-rpc component: finds (or installs) pi,
 * builds the spawn spec, and gives sessions a stable workspace. Also pi's doctor checks.
 */
public final class PiSetup {
    /** The pool of turns without a role. */
    public static final String MAIN_POOL = AgentPools.MAIN;

    /** {@code main}, or {@code role-<name>}: each role's processes load that role's capabilities. */
    public static String poolName(String role) {
        return AgentPools.poolName(role);
    }

    private PiSetup() {
    }

    /** The agent's working directory when {@code agent.workspaceDir} is not set: outside the gateway's dataDir. */
    public static final String DEFAULT_WORKSPACE = "~/.pi/workspace";

    public static PiRpcComponent component(GatewayConfig config, Path dataDir, PrintStream out) throws IOException {
        return component(config, dataDir, out, List.of(), Set.of(), null);
    }

    /**
     * As above; every pi process also loads {@code gatewayExtensions} (e.g. the agent tools bridge),
     * never inherits the variables in {@code substitutedEnv} (read by the config's {@code ${...}}),
     * and runs in the configured sandbox, which hides {@code dataDir} and {@code configFile}.
     */
    public static PiRpcComponent component(GatewayConfig config, Path dataDir, PrintStream out,
                                           List<Path> gatewayExtensions, Set<String> substitutedEnv,
                                           Path configFile) throws IOException {
        Path pi = new PiRuntimeInstaller().ensureInstalled(config.agent(), out);
        AgentReach reach = new AgentReach(config.agent(), pi, dataDir, gatewayExtensions, substitutedEnv, configFile);
        reach.warnAtStart();
        PiRpcComponent component = new PiRpcComponent();
        // the defaults of every pool; camel.component.pi-rpc.* in application.properties overrides them
        component.setSettings(PiPoolSettings.from(config.agent()));
        component.setSpec(reach.confine(PiCommandLine.spec(config.agent(), pi)));
        component.setWarmUpPools(MAIN_POOL); // its warm processes spawn while the routes start
        // role pools start empty: processes are spawned for a role only when one of its turns comes
        config.roles().capabilities().forEach((role, capability) -> component.configurePool(poolName(role),
                reach.confine(PiCommandLine.spec(config.agent(), pi, capability)), settings -> settings.withMin(0)));
        return component;
    }

    /** The agent's working directory: {@code agent.workspaceDir}, else {@link #DEFAULT_WORKSPACE}. */
    public static Path workspace(AgentConfig agent, Path dataDir) {
        return ConfigPaths.expandHome(agent.workspaceDir() != null ? agent.workspaceDir() : DEFAULT_WORKSPACE);
    }

    /** The spawn spec doctor uses: the gateway's flags, environment and sandbox. */
    static PiProcessSpec spec(AgentConfig agent, Path pi, Path dataDir) {
        return new AgentReach(agent, pi, dataDir, List.of(), Set.of(), null).confine(PiCommandLine.spec(agent, pi));
    }

    /** pi found and its version; pi starts and answers with the configured model. */
    public static List<CheckResult> doctorChecks(GatewayConfig config, Path dataDir) {
        List<CheckResult> results = new ArrayList<>();
        Optional<Path> pi = new PiRuntimeInstaller().locate(config.agent());
        if (pi.isEmpty() && PiRuntimeInstaller.isExplicit(config.agent())) {
            results.add(CheckResult.fail("pi", "not found at '" + config.agent().piCliPath() + "'",
                    "correct agent.piCliPath, or remove it to use pi from PATH"));
            return results;
        }
        if (pi.isEmpty()) {
            results.add(CheckResult.warn("pi", "not found ('" + config.agent().piCliPath() + "')",
                    "the gateway installs " + PiRuntimeInstaller.PI_PACKAGE + " on first start (needs npm), "
                            + "or set agent.piCliPath"));
            return results;
        }
        results.add(versionCheck(pi.get()));
        results.addAll(reachChecks(config.agent(), pi.get(), dataDir));
        results.add(answerCheck(config, pi.get(), dataDir));
        return results;
    }

    private static List<CheckResult> reachChecks(AgentConfig agent, Path pi, Path dataDir) {
        List<CheckResult> results = new ArrayList<>();
        try {
            AgentReach reach = new AgentReach(agent, pi, dataDir, List.of(), Set.of(), null);
            results.add(reach.sandbox() == AgentReach.Sandbox.NONE
                    ? CheckResult.warn("sandbox", "none: the agent can read everything the gateway's user can",
                    "apt-get install bubblewrap (agent.sandbox \"auto\" then uses it) or set agent.sandbox")
                    : CheckResult.ok("sandbox", reach.sandbox().name().toLowerCase(java.util.Locale.ROOT)
                    + ": the gateway's dataDir and config are hidden from the agent"));
            reach.missingProviderKey().ifPresent(why -> results.add(CheckResult.warn("provider key", why,
                    "export the variable before ./pi-gw gateway (or list it in agent.env if the config reads it)")));
        } catch (IllegalStateException e) {
            results.add(CheckResult.fail("sandbox", e.getMessage(), "fix agent.sandbox"));
        }
        return results;
    }

    private static CheckResult versionCheck(Path pi) {
        try {
            Process p = new ProcessBuilder(pi.toString(), "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return CheckResult.fail("pi", pi + " --version did not answer in 30 s", "reinstall pi");
            }
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String pinned = PiRuntimeInstaller.PI_PACKAGE.substring(PiRuntimeInstaller.PI_PACKAGE.lastIndexOf('@') + 1);
            return version.equals(pinned) ? CheckResult.ok("pi", pi + " version " + version)
                    : CheckResult.warn("pi", pi + " version " + version + " (the gateway is tested with " + pinned + ")",
                    "npm install -g " + PiRuntimeInstaller.PI_PACKAGE);
        } catch (IOException e) {
            return CheckResult.fail("pi", "cannot run " + pi + ": " + e.getMessage(), "check agent.piCliPath");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail("pi", "interrupted", null);
        }
    }

    /** Spawns one pi with the gateway's flags and asks the model for a one-word answer. */
    private static CheckResult answerCheck(GatewayConfig config, Path pi, Path dataDir) {
        String model = config.agent().model() != null ? config.agent().model() : "pi's default model";
        Path scratch = null;
        PiPool pool = null;
        try {
            scratch = Files.createTempDirectory("pi-gw-doctor");
            pool = new PiPool("doctor", spec(config.agent(), pi, dataDir),
                    new PiPoolSettings(0, 1, 60_000, 1, 90_000));
            pool.start();
            PiTurnResult result = pool.prompt("doctor", scratch.resolve("doctor.jsonl").toString(),
                    "This is a connectivity check. Reply with the single word: ok", e -> { }, 90_000)
                    .get(120, TimeUnit.SECONDS);
            if (result.failed()) {
                return CheckResult.fail("model", model + " did not answer: " + AgentErrorText.forUser(result.errorMessage()),
                        "check the provider's API key (as pi expects it, e.g. ANTHROPIC_API_KEY) and agent.model");
            }
            String text = result.text() == null ? "" : result.text().strip();
            return CheckResult.ok("model", model + " answered: \"" + abbreviate(text) + "\"");
        } catch (ExecutionException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return CheckResult.fail("model", "pi could not answer with " + model + ": " + AgentErrorText.forUser(why),
                    "check agent.model and the provider's API key (as pi expects it, e.g. ANTHROPIC_API_KEY)");
        } catch (Exception e) {
            return CheckResult.fail("model", "pi did not answer with " + model + ": " + e, "run pi by hand to see why");
        } finally {
            if (pool != null) {
                pool.stop();
            }
            deleteQuietly(scratch);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
