package io.pigateway.app;

import io.pigateway.pipeline.AgentPools;

import io.pigateway.api.ConfigState;
import io.pigateway.app.doctor.CheckResult;
import io.pigateway.config.GatewayConfig;
import io.pigateway.core.AgentErrorText;
import io.pigateway.config.AgentConfig;
import io.pigateway.config.ConfigPaths;
import io.pigateway.rpc.ModelChain;
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
        AgentReach reach = new AgentReach(config.agent(), pi, dataDir, gatewayExtensions, substitutedEnv, configFile)
                .withSharedSessions(config.cluster(), dataDir);
        reach.warnAtStart();
        PiRpcComponent component = new PiRpcComponent();
        component.setSettings(PiPoolSettings.from(config.agent())); // camel.component.pi-rpc.* override these at init
        configurePools(component, config, pi, reach);
        component.setWarmUpPools(MAIN_POOL); // its warm processes spawn while the routes start
        return component;
    }

    /**
     * A reloaded config's agent section applied to the running component: the same pools with new
     * sizes and spawn specs (idle processes recycled, busy ones after their turn), the failover
     * chains replaced. A pool default changes only when its config key changed, so a reload never
     * undoes what the operator set with {@code camel.component.pi-rpc.*}. pi's path and the sandbox's
     * inputs stay as started.
     */
    public static ConfigState.Applier reloader(PiRpcComponent component, Path dataDir, List<Path> gatewayExtensions,
                                               Set<String> substitutedEnv, Path configFile) {
        return (running, fresh, diff) -> {
            if (diff.applied().stream().noneMatch(k -> k.startsWith("agent.") || k.startsWith("roles."))) {
                return;
            }
            // pi as found at start (agent.piCliPath needs a restart): installed then, so it is found now
            Path cli = new PiRuntimeInstaller().locate(running.agent())
                    .orElseThrow(() -> new IllegalStateException("pi is no longer where it was found at start"));
            PoolDefaults.applyChanged(component, fresh.agent(), diff);
            configurePools(component, fresh, cli,
                    new AgentReach(fresh.agent(), cli, dataDir, gatewayExtensions, substitutedEnv, configFile)
                            .withSharedSessions(running.cluster(), dataDir)); // cluster.* needs a restart
            component.reconfigureRunningPools();
        };
    }

    /**
     * The main and role specs, and one pool per fallback model. Role and fallback pools start
     * empty: their processes spawn with their first turn.
     */
    private static void configurePools(PiRpcComponent component, GatewayConfig config, Path pi, AgentReach reach) {
        PiProcessSpec main = PiCommandLine.spec(config.agent(), pi);
        component.setSpec(reach.confine(main));
        configureFallbacks(component, config.agent(), MAIN_POOL, main, reach);
        config.roles().capabilities().forEach((role, capability) -> {
            PiProcessSpec spec = PiCommandLine.spec(config.agent(), pi, capability);
            component.configurePool(poolName(role), reach.confine(spec), settings -> settings.withMin(0));
            configureFallbacks(component, config.agent(), poolName(role), spec, reach);
        });
    }

    /**
     * With {@code agent.modelFailover.fallbacks}, one pool per fallback model ({@code <pool>@<model>},
     * the same command line with another {@code --model}): a process keeps the model it was started
     * with, so failing over never touches pi's shared settings.json (what {@code set_model} writes).
     */
    private static void configureFallbacks(PiRpcComponent component, AgentConfig agent, String pool, PiProcessSpec spec,
                                           AgentReach reach) {
        List<String> models = PiCommandLine.modelChain(agent);
        if (models.size() < 2) {
            component.configureFailover(pool, null);
            return;
        }
        List<ModelChain.Link> links = new ArrayList<>();
        links.add(new ModelChain.Link(models.get(0), pool));
        for (String model : models.subList(1, models.size())) {
            String fallbackPool = ModelChain.fallbackPool(pool, model);
            component.configurePool(fallbackPool, reach.confine(spec.withCommand(PiCommandLine.withModel(spec.command(),
                    model))), settings -> settings.withMin(0));
            links.add(new ModelChain.Link(model, fallbackPool));
        }
        AgentConfig.ModelFailover failover = agent.modelFailover();
        component.configureFailover(pool, new ModelChain(links, failover.maxRetries(), failover.cooldownMs()));
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
        List<String> models = PiCommandLine.modelChain(config.agent());
        if (models.size() < 2) {
            results.add(answerCheck(config, pi.get(), dataDir, null));
        } else {
            models.forEach(m -> results.add(answerCheck(config, pi.get(), dataDir, m))); // every fallback must answer too
        }
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
    private static CheckResult answerCheck(GatewayConfig config, Path pi, Path dataDir, String chainModel) {
        String model = chainModel != null ? chainModel
                : config.agent().model() != null ? config.agent().model() : "pi's default model";
        String check = chainModel != null ? "model " + chainModel : "model";
        Path scratch = null;
        PiPool pool = null;
        try {
            scratch = Files.createTempDirectory("pi-gw-doctor");
            PiProcessSpec spec = spec(config.agent(), pi, dataDir);
            if (chainModel != null) {
                spec = spec.withCommand(PiCommandLine.withModel(spec.command(), chainModel));
            }
            pool = new PiPool("doctor", spec,
                    new PiPoolSettings(0, 1, 60_000, 1, 90_000));
            pool.start();
            PiTurnResult result = pool.prompt("doctor", scratch.resolve("doctor.jsonl").toString(),
                    "This is a connectivity check. Reply with the single word: ok", e -> { }, 90_000)
                    .get(120, TimeUnit.SECONDS);
            if (result.failed()) {
                return CheckResult.fail(check, model + " did not answer: " + AgentErrorText.forUser(result.errorMessage()),
                        "check the provider's API key (as pi expects it, e.g. ANTHROPIC_API_KEY) and agent.model");
            }
            String text = result.text() == null ? "" : result.text().strip();
            return CheckResult.ok(check, model + " answered: \"" + abbreviate(text) + "\"");
        } catch (ExecutionException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return CheckResult.fail(check, "pi could not answer with " + model + ": " + AgentErrorText.forUser(why),
                    "check agent.model and the provider's API key (as pi expects it, e.g. ANTHROPIC_API_KEY)");
        } catch (Exception e) {
            return CheckResult.fail(check, "pi did not answer with " + model + ": " + e, "run pi by hand to see why");
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
