package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path temp;

    private Path cwd;
    private Path home;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void dirs() throws IOException {
        cwd = Files.createDirectories(temp.resolve("work"));
        home = Files.createDirectories(temp.resolve("home"));
    }

    private ConfigLoader loader() {
        return new ConfigLoader(cwd, home, env);
    }

    /** Writes a config whose port identifies the file. */
    private Path configAt(Path file, int port) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "// marker\n{ \"gateway\": { \"port\": " + port + " } }\n");
    }

    @Test
    void noFileAnywhereYieldsDefaults() {
        LoadedConfig loaded = loader().load();

        assertThat(loaded.config()).isEqualTo(GatewayConfig.defaults());
        assertThat(loaded.source()).isNull();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void lookupOrderIsExplicitThenEnvThenCwdJsoncThenCwdJsonThenHome() throws IOException {
        Path inHome = configAt(home.resolve(".pi/gateway/pi-gateway.jsonc"), 1005);
        assertThat(loader().load().source()).isEqualTo(inHome);

        Path cwdJson = configAt(cwd.resolve("pi-gateway.json"), 1004);
        assertThat(loader().load().source()).isEqualTo(cwdJson);

        Path cwdJsonc = configAt(cwd.resolve("pi-gateway.jsonc"), 1003);
        assertThat(loader().load().source()).isEqualTo(cwdJsonc);

        Path fromEnv = configAt(temp.resolve("env/env.jsonc"), 1002);
        env.put(ConfigLoader.CONFIG_ENV_VAR, fromEnv.toString());
        assertThat(loader().load().config().gateway().port()).isEqualTo(1002);

        Path explicit = configAt(temp.resolve("explicit.jsonc"), 1001);
        LoadedConfig loaded = loader().load(explicit.toString());
        assertThat(loaded.source()).isEqualTo(explicit);
        assertThat(loaded.config().gateway().port()).isEqualTo(1001);
    }

    @Test
    void explicitPathIsRelativeToCwdAndMayUseTilde() throws IOException {
        configAt(cwd.resolve("conf/a.jsonc"), 2001);
        configAt(home.resolve("b.jsonc"), 2002);

        assertThat(loader().load("conf/a.jsonc").config().gateway().port()).isEqualTo(2001);
        assertThat(loader().load("~/b.jsonc").config().gateway().port()).isEqualTo(2002);
    }

    @Test
    void missingExplicitOrEnvFileIsAnErrorNotASilentFallback() throws IOException {
        configAt(cwd.resolve("pi-gateway.jsonc"), 3000);

        assertThatThrownBy(() -> loader().load("nope.jsonc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.jsonc (from --config) does not exist");
        env.put(ConfigLoader.CONFIG_ENV_VAR, "/definitely/missing.jsonc");
        assertThatThrownBy(() -> loader().load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(from PI_GATEWAY_CONFIG) does not exist");
    }

    @Test
    void fileUsesTheLoadersEnvironmentAndReportsWarnings() throws IOException {
        Files.writeString(cwd.resolve("pi-gateway.jsonc"), """
                { "agent": { "model": "${MODEL}", "modle": "typo" } }
                """);
        env.put("MODEL", "claude-sonnet-4");

        LoadedConfig loaded = loader().load();

        assertThat(loaded.config().agent().model()).isEqualTo("claude-sonnet-4");
        assertThat(loaded.warnings()).containsExactly("agent.modle: unknown key, ignored (did you mean `agent.model`?)");
    }

    @Test
    void invalidFileNamesTheFileInTheMessage() throws IOException {
        Path file = Files.writeString(cwd.resolve("pi-gateway.jsonc"), "{ \"gateway\": { \"bind\": \"x\" } }");

        assertThatThrownBy(() -> loader().load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration in " + file + ":")
                .hasMessageContaining("gateway.bind: \"x\" is not allowed");
    }

    @Test
    void byteOrderMarkIsTolerated() throws IOException {
        Files.writeString(cwd.resolve("pi-gateway.jsonc"), "\uFEFF{ \"gateway\": { \"port\": 4000 } }");

        assertThat(loader().load().config().gateway().port()).isEqualTo(4000);
    }

    @Test
    void reloadRereadsTheSameFile() throws IOException {
        Path file = configAt(cwd.resolve("pi-gateway.jsonc"), 5000);
        LoadedConfig first = loader().load();
        configAt(file, 5001);

        LoadedConfig second = loader().reload(first);

        assertThat(second.source()).isEqualTo(file);
        assertThat(second.config().gateway().port()).isEqualTo(5001);
    }

    @Test
    void bindingErrorsAreMappedToTheKeyPath() {
        var tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tree.putObject("gateway").put("port", "not-a-number");
        var errors = new java.util.ArrayList<String>();

        assertThat(ConfigParser.bind(tree, errors)).isNull();
        assertThat(errors).singleElement().asString().startsWith("gateway.port: ");
    }
}
