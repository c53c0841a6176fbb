package io.pigateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.ConfigSchema.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the (substituted) tree against the schema before binding: unknown keys become warnings
 * with a suggestion; wrong types and disallowed values become errors naming the key path. Values
 * that fail are removed so binding still succeeds and later checks still run, letting one pass
 * report every problem. Scalars written as strings (typically from {@code ${PORT}}) are coerced.
 */
final class TreeValidator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ECHO = 40;

    private final List<String> errors;
    private final List<String> warnings;

    private TreeValidator(List<String> errors, List<String> warnings) {
        this.errors = errors;
        this.warnings = warnings;
    }

    static void validate(ObjectNode root, List<String> errors, List<String> warnings) {
        new TreeValidator(errors, warnings).checkRecord(root, ConfigSchema.ROOT, "");
    }

    /** @return the value to keep (possibly coerced), or null when it is invalid and must go */
    private JsonNode check(JsonNode node, Node schema, String path, List<String> allowed) {
        return switch (schema.kind()) {
            case RECORD -> node.isObject() ? checkRecord((ObjectNode) node, schema, path) : fail(path, "an object", node);
            case MAP -> node.isObject() ? checkMap((ObjectNode) node, schema, path) : fail(path, "an object", node);
            case LIST -> node.isArray() ? checkList((ArrayNode) node, schema, path) : fail(path, "a list", node);
            case STRING -> checkString(node, path, allowed);
            case INTEGER -> checkWholeNumber(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> checkWholeNumber(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case BOOLEAN -> checkBoolean(node, path);
        };
    }

    private JsonNode checkRecord(ObjectNode object, Node schema, String path) {
        for (String key : keys(object)) {
            String childPath = KeyPaths.child(path, key);
            Node field = schema.field(key);
            if (field == null && schema.element() != null) {
                field = schema.element(); // e.g. channels.<name> of a YAML channel
            }
            if (field == null) {
                warnings.add(unknownKey(key, path, schema, childPath));
                continue;
            }
            JsonNode value = object.get(key);
            if (value.isNull()) {
                continue; // explicit null means "use the default"
            }
            JsonNode checked = check(value, field, childPath, AllowedValues.of(schema.recordType(), key));
            object.set(key, checked != null ? checked : NODES.nullNode());
        }
        return object;
    }

    private JsonNode checkMap(ObjectNode object, Node schema, String path) {
        for (String key : keys(object)) {
            String childPath = KeyPaths.child(path, key);
            JsonNode checked = checkElement(object.get(key), schema.element(), childPath);
            if (checked != null) {
                object.set(key, checked);
            } else {
                object.remove(key);
            }
        }
        return object;
    }

    private JsonNode checkList(ArrayNode array, Node schema, String path) {
        ArrayNode kept = NODES.arrayNode(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode checked = checkElement(array.get(i), schema.element(), KeyPaths.index(path, i));
            if (checked != null) {
                kept.add(checked);
            }
        }
        return kept;
    }

    /** Map values and list elements may not be null: the records copy them into immutable collections. */
    private JsonNode checkElement(JsonNode value, Node schema, String path) {
        if (value.isNull()) {
            errors.add(path + ": must not be null; remove the entry instead");
            return null;
        }
        return check(value, schema, path, null);
    }

    private JsonNode checkString(JsonNode node, String path, List<String> allowed) {
        if (node.isContainerNode()) {
            return fail(path, "a string", node);
        }
        // numbers are fine where text is expected: user ids are often written unquoted
        String text = node.asText();
        if (allowed != null && !allowed.contains(text)) {
            errors.add(path + ": " + echo(node) + " is not allowed; use one of " + String.join(", ", allowed));
            return null;
        }
        return node.isTextual() ? node : NODES.textNode(text);
    }

    private JsonNode checkWholeNumber(JsonNode node, String path, long min, long max) {
        Long value = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isTextual()) {
            value = parseLong(node.asText().trim());
        }
        if (value == null || value < min || value > max) {
            return fail(path, "a whole number", node);
        }
        return NODES.numberNode(value);
    }

    private JsonNode checkBoolean(JsonNode node, String path) {
        if (node.isBoolean()) {
            return node;
        }
        String text = node.isTextual() ? node.asText().trim() : "";
        if (text.equals("true") || text.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        return fail(path, "true or false", node);
    }

    private JsonNode fail(String path, String expected, JsonNode actual) {
        errors.add(KeyPaths.display(path) + ": expected " + expected + ", got " + describe(actual));
        return null;
    }

    private String unknownKey(String key, String parentPath, Node schema, String childPath) {
        return childPath + ": unknown key, ignored"
                + KeySuggester.suggest(key, parentPath, schema.fields().keySet())
                        .map(suggestion -> " (did you mean `" + suggestion + "`?)")
                        .orElse(" (known keys here: " + String.join(", ", schema.fields().keySet()) + ")");
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return echo(node);
    }

    private static String echo(JsonNode node) {
        if (!node.isTextual()) {
            return node.asText();
        }
        String text = node.asText();
        return "\"" + (text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text) + "\"";
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> keys(ObjectNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
