package io.pigateway.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.plugin.AgentToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The pi extension that bridges the agent tools, shipped as a resource and written under {@code dataDir}.
 * The plugins' tools are written into the copy itself (a JSON list in place of
 * {@value #PLUGIN_TOOLS_SLOT}): no second file for pi to find, and a sandbox that can read the
 * extension can read its tools.
 */
public final class ToolExtension {
    static final String RESOURCE = "/pi-extension/pi-gateway-tools.ts";
    /** The empty list in the resource that the plugin tools replace. */
    static final String PLUGIN_TOOLS_SLOT = "/*PLUGIN_TOOLS*/[]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolExtension() {
    }

    /** Writes (or refreshes) {@code dataDir/extensions/pi-gateway-tools.ts} and returns its path. */
    public static Path install(Path dataDir) {
        return install(dataDir, List.of());
    }

    /**
     * As {@link #install(Path)}, the extension also registering {@code pluginTools} with pi (name,
     * description, JSON-schema parameters); their calls come back to {@link ToolEndpoint#PLUGIN_PATH}.
     */
    public static Path install(Path dataDir, List<AgentToolSpec> pluginTools) {
        Path target = dataDir.resolve("extensions").resolve("pi-gateway-tools.ts").toAbsolutePath();
        try (InputStream in = ToolExtension.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!source.contains(PLUGIN_TOOLS_SLOT)) {
                throw new IllegalStateException("resource " + RESOURCE + " lacks " + PLUGIN_TOOLS_SLOT);
            }
            // JSON is a JavaScript expression: the list goes in as it is
            source = source.replace(PLUGIN_TOOLS_SLOT, manifest(pluginTools));
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".pi-gateway-tools", ".tmp");
            Files.writeString(tmp, source, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tools extension to " + target, e);
        }
    }

    /** {@code [{"name", "description", "parameters"}, ...]}; a tool without parameters takes an empty object. */
    static String manifest(List<AgentToolSpec> tools) {
        ArrayNode list = JSON.createArrayNode();
        for (AgentToolSpec tool : tools) {
            ObjectNode entry = list.addObject();
            entry.put("name", tool.name());
            entry.put("description", tool.description() == null ? tool.name() : tool.description());
            if (tool.parameters() != null && tool.parameters().isObject()) {
                entry.set("parameters", tool.parameters());
            } else {
                entry.putObject("parameters").put("type", "object").putObject("properties");
            }
        }
        return list.toString();
    }
}
