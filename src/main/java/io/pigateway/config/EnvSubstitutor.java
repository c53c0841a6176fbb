package io.pigateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.ConfigSchema.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} inside string values (several per string are
 * fine; {@code $${} writes a literal {@code ${}). A variable that is not set and has no default is
 * an error naming the key path, except inside a disabled section (an enclosing object whose
 * {@code enabled} is false, explicitly or by its record's default) or an unknown key: there the
 * reference stays as written, so a disabled channel needs no token in the environment.
 */
final class EnvSubstitutor {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;
    private final List<String> errors;
    private final Set<String> used = new TreeSet<>();

    private EnvSubstitutor(Map<String, String> env, List<String> errors) {
        this.env = env;
        this.errors = errors;
    }

    /**
     * Substitutes in place; unresolvable values become null (so they fall back to defaults) and are reported.
     *
     * @return the names of the variables the config read (the agent must not inherit them)
     */
    static Set<String> substitute(ObjectNode root, Map<String, String> env, List<String> errors) {
        EnvSubstitutor substitutor = new EnvSubstitutor(env, errors);
        substitutor.walkObject(root, ConfigSchema.ROOT, "", true);
        return Set.copyOf(substitutor.used);
    }

    private JsonNode walk(JsonNode node, Node schema, String path, boolean strict) {
        if (node.isObject()) {
            walkObject((ObjectNode) node, schema, path, strict);
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            Node element = schema != null ? schema.element() : null;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, walk(array.get(i), element, KeyPaths.index(path, i), strict));
            }
        } else if (node.isTextual()) {
            String text = substituteText(node.asText(), path, strict);
            return text != null ? JsonNodeFactory.instance.textNode(text) : JsonNodeFactory.instance.nullNode();
        }
        return node;
    }

    private void walkObject(ObjectNode object, Node schema, String path, boolean strict) {
        // `enabled` decides how strict the rest of the object is, so it is resolved first
        JsonNode enabled = object.get("enabled");
        if (enabled != null) {
            Node enabledSchema = schema != null && schema.isRecord() ? schema.field("enabled") : null;
            enabled = walk(enabled, enabledSchema, KeyPaths.child(path, "enabled"), strict);
            object.set("enabled", enabled);
        }
        boolean childrenStrict = strict && schema != null && !isDisabled(enabled, schema);
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (key.equals("enabled")) {
                continue;
            }
            Node childSchema = childSchema(schema, key);
            boolean knownKey = childSchema != null;
            object.set(key, walk(object.get(key), childSchema, KeyPaths.child(path, key), childrenStrict && knownKey));
        }
    }

    private static Node childSchema(Node schema, String key) {
        if (schema == null) {
            return null;
        }
        return switch (schema.kind()) {
            case RECORD -> schema.field(key);
            case MAP -> schema.element();
            default -> null;
        };
    }

    private static boolean isDisabled(JsonNode enabled, Node schema) {
        if (enabled == null || enabled.isNull()) {
            return Boolean.FALSE.equals(schema.enabledByDefault());
        }
        if (enabled.isBoolean()) {
            return !enabled.booleanValue();
        }
        return enabled.isTextual() && enabled.asText().trim().equalsIgnoreCase("false");
    }

    /** @return the substituted text, or null when a strict reference could not be resolved */
    private String substituteText(String text, String path, boolean strict) {
        if (!text.contains("${")) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (name == null) {
                replacement = "${"; // the $${ escape
            } else {
                used.add(name);
                String value = env.get(name);
                String fallback = matcher.group(2);
                if (fallback != null && (value == null || value.isEmpty())) {
                    replacement = fallback;
                } else if (value != null) {
                    replacement = value;
                } else {
                    replacement = matcher.group();
                    if (strict) {
                        failed = true;
                        errors.add(KeyPaths.display(path) + ": environment variable " + name
                                + " is not set (set it or use ${" + name + ":-default})");
                    }
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return failed ? null : out.toString();
    }
}
