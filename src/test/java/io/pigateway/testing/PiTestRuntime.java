package io.pigateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real pi, wired to a {@link FakeLlmServer}: locates (or once installs) the pi CLI and
 * creates a private {@code PI_CODING_AGENT_DIR} holding {@code models.json} (provider
 * {@code fake}, model {@code fake-echo}) and a {@code settings.json} with fast retries.
 * A private dir per runtime keeps pi's shared settings writes away from other tests.
 */
public final class PiTestRuntime implements AutoCloseable {
    public static final String PI_VERSION = "0.73.1";
    public static final String PROVIDER = "fake";
    public static final String MODEL = "fake-echo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path piCli;
    private final Path agentDir;
    private final Path workDir;

    private PiTestRuntime(Path piCli, Path agentDir, Path workDir) {
        this.piCli = piCli;
        this.agentDir = agentDir;
        this.workDir = workDir;
    }

    /** A runtime whose provider {@code fake} points at {@code llm}. */
    public static PiTestRuntime create(FakeLlmServer llm) {
        return create(llm.baseUrl());
    }

    public static PiTestRuntime create(String baseUrl) {
        try {
            Path root = Files.createTempDirectory("pi-test-runtime");
            Path agentDir = Files.createDirectories(root.resolve("agent"));
            Path workDir = Files.createDirectories(root.resolve("work"));
            writeModels(agentDir, baseUrl);
            Files.writeString(agentDir.resolve("settings.json"),
                    "{\"retry\":{\"enabled\":true,\"maxRetries\":2,\"baseDelayMs\":100,\"provider\":{\"maxRetries\":0}}}");
            return new PiTestRuntime(locatePi(), agentDir, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeModels(Path agentDir, String baseUrl) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode fake = root.putObject("providers").putObject(PROVIDER);
        fake.put("baseUrl", baseUrl).put("api", "openai-completions").put("apiKey", "fake-key");
        fake.putObject("compat").put("supportsDeveloperRole", false).put("supportsReasoningEffort", false)
                .put("supportsStore", false);
        fake.putArray("models").addObject().put("id", MODEL).put("name", "Fake Echo")
                .put("contextWindow", 128000).put("maxTokens", 4096);
        Files.writeString(agentDir.resolve("models.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** The pi CLI: system property {@code pi.test.cli}, installed into {@code <repo>/.pi-runtime} if missing. */
    public static synchronized Path locatePi() {
        Path runtimeDir = NpmTestInstall.runtimeDir(null);
        Path cli = Path.of(System.getProperty("pi.test.cli", runtimeDir.resolve("node_modules/.bin/pi").toString()));
        if (!Files.isExecutable(cli)) {
            NpmTestInstall.ensure(runtimeDir, "@mariozechner/pi-coding-agent@" + PI_VERSION, cli);
        }
        return cli;
    }

    public Path piCli() {
        return piCli;
    }

    /** The private {@code PI_CODING_AGENT_DIR}. */
    public Path agentDir() {
        return agentDir;
    }

    /** An empty temp dir to use as pi's working directory (so no AGENTS.md of the repo leaks in). */
    public Path workDir() {
        return workDir;
    }

    /** A fresh session file path under this runtime (the file itself is not created). */
    public Path sessionFile(String name) {
        return agentDir.resolve("sessions").resolve(name + ".jsonl");
    }

    /** Environment a pi spawn needs. */
    public Map<String, String> env() {
        return Map.of("PI_CODING_AGENT_DIR", agentDir.toString(), "PI_OFFLINE", "1");
    }

    /** {@code pi --mode rpc --model fake/fake-echo} plus flags that keep the test hermetic. */
    public List<String> rpcCommand(String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of(piCli.toString(), "--mode", "rpc", "--model", PROVIDER + "/" + MODEL,
                "--no-extensions", "--no-skills", "--no-prompt-templates", "--no-themes", "--no-context-files"));
        cmd.addAll(List.of(extraArgs));
        return cmd;
    }

    @Override
    public void close() {
        Path root = agentDir.getParent();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
