package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.plugin.AgentToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension copy carries the plugins' tools as a JSON list in place of the empty one. */
class ToolExtensionTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void pluginToolsAreWrittenIntoTheExtensionAsJson() throws Exception {
        // text that would end a comment, a string or a template in TypeScript if it were not JSON-quoted
        String tricky = "Quotes \" ' ` */ ${x} </script>\nnew line";
        AgentToolSpec tool = new AgentToolSpec("plugin_tricky", tricky, null, (s, a) -> "");

        String source = Files.readString(ToolExtension.install(dataDir, List.of(tool)));

        assertThat(source).doesNotContain(ToolExtension.PLUGIN_TOOLS_SLOT);
        Matcher m = Pattern.compile("const PLUGIN_TOOLS: PluginTool\\[] = (\\[.*]);").matcher(source);
        assertThat(m.find()).isTrue();
        JsonNode list = JSON.readTree(m.group(1));
        assertThat(list.get(0).path("name").asText()).isEqualTo("plugin_tricky");
        assertThat(list.get(0).path("description").asText()).isEqualTo(tricky);
        assertThat(list.get(0).path("parameters").path("type").asText()).isEqualTo("object"); // none given: {}
    }

    @Test
    void withoutPluginsTheListIsEmpty() throws Exception {
        String source = Files.readString(ToolExtension.install(dataDir));

        assertThat(source).contains("const PLUGIN_TOOLS: PluginTool[] = [];");
    }
}
