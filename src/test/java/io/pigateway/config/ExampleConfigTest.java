package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.config.ConfigSchema.Kind;
import io.pigateway.config.ConfigSchema.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped example must stay loadable, complete and truthful about defaults. */
class ExampleConfigTest {

    private static final String HOOKS = "0123456789abcdef0123456789abcdef";
    private static final Path EXAMPLE = Path.of("pi-gateway.jsonc.example");

    @Test
    void loadsWithoutWarningsOrErrorsWithAnEmptyEnvironment() {
        LoadedConfig loaded = ConfigLoader.loadFile(EXAMPLE, Map.of());

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.source()).isEqualTo(EXAMPLE);
    }

    @Test
    void documentsEveryKeyOfTheRecords() throws IOException {
        JsonNode example = JsoncReader.read(Files.readString(EXAMPLE), new ArrayList<>());
        List<String> missing = new ArrayList<>();

        collectMissing(example, ConfigSchema.ROOT, "", missing);

        assertThat(missing).as("keys missing from the example").isEmpty();
    }

    @Test
    void showsTheBuiltInDefaults() {
        GatewayConfig example = ConfigLoader.loadFile(EXAMPLE, Map.of()).config();
        GatewayConfig defaults = GatewayConfig.defaults();

        assertThat(example.gateway()).isEqualTo(defaults.gateway());
        assertThat(example.agent()).isEqualTo(defaults.agent());
        assertThat(example.roles().mergeMode()).isEqualTo(defaults.roles().mergeMode());
        assertThat(example.plugins()).isEqualTo(defaults.plugins());
        assertThat(example.security()).isEqualTo(defaults.security());
        assertThat(example.channels().webchat()).isEqualTo(defaults.channels().webchat());
        assertThat(example.cron().enabled()).isEqualTo(defaults.cron().enabled());
        assertThat(example.hooks().enabled()).isEqualTo(defaults.hooks().enabled());
        assertThat(example.hooks().path()).isEqualTo(defaults.hooks().path());
        var telegram = example.channels().telegram();
        var telegramDefaults = defaults.channels().telegram();
        assertThat(telegram.enabled()).isEqualTo(telegramDefaults.enabled());
        assertThat(telegram.apiBaseUrl()).isEqualTo(telegramDefaults.apiBaseUrl());
        assertThat(telegram.dmPolicy()).isEqualTo(telegramDefaults.dmPolicy());
        assertThat(telegram.streamingMode()).isEqualTo(telegramDefaults.streamingMode());
        assertThat(example.channels().discord().streamingMode()).isEqualTo(defaults.channels().discord().streamingMode());
        assertThat(example.channels().feishu().apiBaseUrl()).isEqualTo(defaults.channels().feishu().apiBaseUrl());
    }

    @Test
    void loadsWhenTheDisabledChannelsAreTurnedOnWithTheirVariablesSet() throws IOException {
        String enabled = Files.readString(EXAMPLE).replace("\"enabled\": false", "\"enabled\": true");
        Map<String, String> env = Map.of("TELEGRAM_BOT_TOKEN", "1:t", "WORK_BOT_TOKEN", "2:w", "DISCORD_TOKEN", "d",
                "HELPER_DISCORD_TOKEN", "h", "FEISHU_APP_ID", "i", "FEISHU_APP_SECRET", "s", "PI_GATEWAY_HOOKS_TOKEN", HOOKS);

        GatewayConfig config = ConfigLoader.parse(enabled, env);

        assertThat(config.channels().telegram().accounts().get("work").botToken()).isEqualTo("2:w");
        assertThat(config.channels().feishu().appSecret()).isEqualTo("s");
        assertThat(config.hooks().token()).isEqualTo(HOOKS);
    }

    /** A key counts as documented when present; an explicit null documents "not set" for a whole object. */
    private static void collectMissing(JsonNode node, Node schema, String path, List<String> missing) {
        if (node == null || node.isNull()) {
            return;
        }
        if (schema.kind() == Kind.RECORD) {
            schema.fields().forEach((key, child) -> {
                String childPath = KeyPaths.child(path, key);
                if (!node.has(key)) {
                    missing.add(childPath);
                } else {
                    collectMissing(node.get(key), child, childPath, missing);
                }
            });
        } else if (schema.kind() == Kind.MAP || schema.kind() == Kind.LIST) {
            boolean structured = schema.element().kind() == Kind.RECORD;
            if (structured && node.isEmpty()) {
                missing.add(path + " (needs one example entry)");
            }
            node.forEach(element -> collectMissing(element, schema.element(), path + "[]", missing));
        }
    }
}
