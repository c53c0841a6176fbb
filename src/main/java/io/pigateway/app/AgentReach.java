package io.pigateway.app;

import io.pigateway.config.AgentConfig;
import io.pigateway.config.ClusterConfig;
import io.pigateway.config.ConfigPaths;
import io.pigateway.core.session.SessionFiles;
import io.pigateway.rpc.AgentEnvironment;
import io.pigateway.security.FileModes;
import io.pigateway.tools.ToolSecrets;
import io.pigateway.rpc.BwrapSandbox;
import io.pigateway.rpc.PiProcessSpec;
import io.pigateway.rpc.PrivateAgentDir;
import io.pigateway.rpc.ProviderKeys;
import io.pigateway.rpc.SessionSlots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pi process may reach, from the {@code agent} config: its workspace (outside the gateway's
 * dataDir by default), the environment it inherits ({@link AgentEnvironment}) and its sandbox
 * ({@code agent.sandbox}: {@code auto} = bwrap when it works here, else none with a warning).
 */
final class AgentReach {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReach.class);

    /** What {@code agent.sandbox} resolves to on this machine. */
    enum Sandbox { BWRAP, USER, NONE }

    private static final Set<String> LOADED_PATH_FLAGS = Set.of("--skill", "--extension", "--prompt-template");

    private final AgentConfig agent;
    private final Path pi;
    private final Path dataDir;
    private final List<Path> extensions;
    private final Set<String> substitutedEnv;
    private final Path configFile;
    private final Sandbox sandbox;
    private Path sessionsDir;
    /** Set when instances share the sessions folder: the slots of this one go under its name. */
    private String slotsOwner;

    AgentReach(AgentConfig agent, Path pi, Path dataDir, List<Path> extensions, Set<String> substitutedEnv,
               Path configFile) {
        this.agent = agent;
        this.pi = pi;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.extensions = List.copyOf(extensions);
        this.substitutedEnv = Set.copyOf(substitutedEnv);
        this.configFile = configFile != null ? configFile.toAbsolutePath().normalize() : null;
        this.sandbox = resolve(agent);
        this.sessionsDir = SessionFiles.sessionsDir(this.dataDir);
    }

    /** pi's transcripts live here ({@code cluster.sessionsDir}): kept private, hidden from sandboxed tools. */
    AgentReach withSessionsDir(Path dir) {
        this.sessionsDir = dir.toAbsolutePath().normalize();
        return this;
    }

    /**
     * The sessions folder is shared by several instances ({@code cluster.mode: kafka}): the sandbox's
     * transcript slots go into a folder of this instance's own, since every instance numbers its pi
     * processes from 1 and recovers "its" slots at start.
     */
    AgentReach withSharedSessions(ClusterConfig cluster, Path dataDir) {
        withSessionsDir(cluster.sessionsDirOr(dataDir));
        if (cluster.isKafka()) {
            slotsOwner = cluster.instanceId().replaceAll("[^A-Za-z0-9._-]", "_");
        }
        return this;
    }

    static Sandbox resolve(AgentConfig agent) {
        return switch (agent.sandbox()) {
            case "none" -> Sandbox.NONE;
            case "user" -> {
                if (agent.sandboxUser() == null || agent.sandboxUser().isBlank()) {
                    throw new IllegalStateException("agent.sandbox is \"user\" but agent.sandboxUser is not set:"
                            + " name the OS user pi should run as");
                }
                yield Sandbox.USER;
            }
            case "bwrap" -> {
                if (!BwrapSandbox.available()) {
                    throw new IllegalStateException("agent.sandbox is \"bwrap\" but bwrap is not installed or cannot"
                            + " create namespaces here: install it (apt-get install bubblewrap) or set agent.sandbox");
                }
                yield Sandbox.BWRAP;
            }
            default -> BwrapSandbox.available() ? Sandbox.BWRAP : Sandbox.NONE;
        };
    }

    Sandbox sandbox() {
        return sandbox;
    }

    void warnAtStart() {
        missingProviderKey().ifPresent(LOG::warn);
        if (sandbox == Sandbox.NONE) {
            LOG.warn("The agent runs without a sandbox: it can read everything the gateway's user can, {} included."
                    + " Install bubblewrap (apt-get install bubblewrap) or set agent.sandbox.", dataDir);
        }
    }

    /**
     * The inherited environment: {@code agent.env} plus the variables custom providers in pi's
     * {@code models.json} name as their {@code apiKey} (pi resolves an all-caps value as a variable).
     */
    private AgentEnvironment environment() {
        Set<String> listed = new java.util.HashSet<>(agent.env());
        listed.addAll(modelsJsonKeyVariables(agentDir().resolve("models.json")));
        return new AgentEnvironment(listed, substitutedEnv);
    }

    static Set<String> modelsJsonKeyVariables(Path modelsJson) {
        Set<String> names = new java.util.HashSet<>();
        try {
            if (Files.isRegularFile(modelsJson)) {
                com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(modelsJson.toFile());
                root.path("providers").forEach(provider -> {
                    String key = provider.path("apiKey").asText("");
                    if (key.matches("[A-Z_][A-Z0-9_]*")) {
                        names.add(key);
                    }
                });
            }
        } catch (IOException e) {
            LOG.warn("cannot read {} for its providers' key variables: {}", modelsJson, e.getMessage());
        }
        return names;
    }

    /** A sentence for the operator when pi will find no key for the configured model's provider. */
    Optional<String> missingProviderKey() {
        String model = agent.model() != null ? agent.model() : agent.modelFailover().primary();
        Map<String, String> env = environment().filter(System.getenv());
        return ProviderKeys.missing(model, env, agentDir());
    }

    private Path agentDir() {
        String agentDir = agent.runtime().agentDir();
        return ConfigPaths.expandHome(agentDir != null && !agentDir.isBlank() ? agentDir : "~/.pi/agent");
    }

    /** {@code base} with the gateway's extensions, the allowlisted environment, the workspace and the sandbox. */
    PiProcessSpec confine(PiProcessSpec base) {
        Path workDir = base.workingDir() != null ? base.workingDir() : PiSetup.workspace(agent, dataDir);
        Path sessions = sessionsDir;
        try {
            Files.createDirectories(workDir);
            FileModes.privateDir(sessions); // transcripts: the gateway's user only
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the agent workspace " + workDir, e);
        }
        List<String> command = new ArrayList<>(base.command());
        extensions.forEach(e -> command.addAll(List.of("--extension", e.toString())));
        List<String> confined = switch (sandbox) {
            case BWRAP -> bwrap(workDir, command).wrap(realPi(command));
            case USER -> prefixed(List.of("runuser", "-u", agent.sandboxUser(), "--"), command);
            case NONE -> command;
        };
        PiProcessSpec spec = new PiProcessSpec(confined, base.env(), workDir, environment());
        // in bwrap each process sees only the transcript it serves, moved into its own slot
        Path slots = slotsOwner == null ? SessionFiles.slotsIn(sessionsDir)
                : SessionFiles.slotsIn(sessionsDir).resolve(slotsOwner);
        return sandbox == Sandbox.BWRAP ? spec.withSlotsDir(slots) : spec;
    }

    private BwrapSandbox bwrap(Path workDir, List<String> command) {
        List<Path> hiddenFiles = new ArrayList<>();
        if (configFile != null && Files.isRegularFile(configFile) && !configFile.startsWith(dataDir)) {
            hiddenFiles.add(configFile);
        }
        List<Path> readOnly = new ArrayList<>();
        // what pi is told to load (skills, extensions, templates) must stay readable, wherever it is
        for (int i = 0; i + 1 < command.size(); i++) {
            if (LOADED_PATH_FLAGS.contains(command.get(i))) {
                readOnly.add(Path.of(command.get(i + 1)));
            }
        }
        readOnly.add(dataDir.resolve("media"));
        readOnly.add(ConfigPaths.expandHome(agent.runtime().packageDir()));
        readOnly.add(installRoot(pi));
        // not dataDir/sessions: a process's transcript slot and tools-secret folder are bound at spawn;
        // pi's agent dir is private per process too (its settings.json a copy, auth.json the real one)
        List<Path> agentDir = existing(List.of(agentDir()));
        List<Path> hidden = sessionsDir.startsWith(dataDir) ? List.of(dataDir) : List.of(dataDir, sessionsDir);
        return new BwrapSandbox(hidden, hiddenFiles, existing(List.of(workDir)), existing(readOnly),
                List.of(SessionSlots.ENV_SLOT_DIR, ToolSecrets.ENV_HANDOVER_DIR),
                agentDir.isEmpty() ? null : new PrivateAgentDir(agentDir.get(0)));
    }

    /** pi by its real path: a symlink to it may lie in a folder the sandbox hides (e.g. under /tmp). */
    private List<String> realPi(List<String> command) {
        List<String> out = new ArrayList<>(command);
        try {
            String real = pi.toRealPath().toString();
            out.replaceAll(arg -> arg.equals(pi.toString()) ? real : arg);
        } catch (IOException e) {
            // not there (yet): spawning reports it
        }
        return out;
    }

    /**
     * The folder pi is installed in: {@code node_modules/.bin/pi} is a symlink into the package, so
     * the whole tree above the nearest {@code node_modules} is bound, not just the link's folder.
     */
    static Path installRoot(Path pi) {
        Path real;
        try {
            real = pi.toRealPath();
        } catch (IOException e) {
            real = pi.toAbsolutePath();
        }
        for (Path p = pi.toAbsolutePath(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("node_modules")) {
                return p.getParent();
            }
        }
        for (Path p = real; p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("node_modules")) {
                return p.getParent();
            }
        }
        return real.getParent();
    }

    /** Existing paths, by their real location: bwrap cannot bind onto a symlink (a linked runtime dir). */
    private static List<Path> existing(List<Path> paths) {
        return paths.stream().map(p -> p.toAbsolutePath().normalize()).filter(Files::exists).map(p -> {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                return p;
            }
        }).distinct().toList();
    }

    private static List<String> prefixed(List<String> prefix, List<String> command) {
        List<String> out = new ArrayList<>(prefix);
        out.addAll(command);
        return out;
    }
}
