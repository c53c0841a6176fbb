package io.pigateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hjson.JsonArray;
import org.hjson.JsonObject;
import org.hjson.JsonValue;
import org.hjson.ParseException;

/**
 * Reads JSONC (JSON with {@code //} and {@code /* *}{@code /} comments and trailing commas) into a
 * Jackson tree. Hjson does the parsing; it is a superset of JSONC and reports line/column.
 */
final class JsoncReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Hjson appends " at line:col" itself; we report our own 1-based position instead. */
    private static final Pattern HJSON_POSITION = Pattern.compile("\\s+at \\d+:\\d+\\s*$");
    /** Integral doubles up to 2^53 are exact; anything beyond stays a double. */
    private static final double MAX_EXACT_LONG = 9_007_199_254_740_992d;

    private JsoncReader() {
    }

    /**
     * @param warnings receives duplicate-key findings
     * @throws ConfigException on a syntax error (naming line and column) or a non-object root
     */
    static ObjectNode read(String jsonc, List<String> warnings) {
        JsonValue value;
        try {
            value = JsonValue.readHjson(jsonc);
        } catch (ParseException e) {
            String reason = HJSON_POSITION.matcher(e.getMessage()).replaceFirst("");
            throw ConfigException.of("syntax error at line " + e.getLine() + ", column " + (e.getColumn() + 1)
                    + ": " + reason);
        }
        JsonNode tree = convert(value, "", warnings);
        if (!tree.isObject()) {
            throw ConfigException.of("(root): the configuration must be a JSON object { ... }, not " + describe(value));
        }
        return (ObjectNode) tree;
    }

    private static JsonNode convert(JsonValue value, String path, List<String> warnings) {
        if (value.isObject()) {
            return convertObject(value.asObject(), path, warnings);
        }
        if (value.isArray()) {
            JsonArray array = value.asArray();
            ArrayNode node = NODES.arrayNode(array.size());
            for (int i = 0; i < array.size(); i++) {
                node.add(convert(array.get(i), KeyPaths.index(path, i), warnings));
            }
            return node;
        }
        if (value.isString()) {
            return NODES.textNode(value.asString());
        }
        if (value.isNumber()) {
            double number = value.asDouble();
            boolean integral = number == Math.rint(number) && Math.abs(number) <= MAX_EXACT_LONG;
            return integral ? NODES.numberNode((long) number) : NODES.numberNode(number);
        }
        if (value.isBoolean()) {
            return NODES.booleanNode(value.asBoolean());
        }
        return NODES.nullNode();
    }

    private static ObjectNode convertObject(JsonObject object, String path, List<String> warnings) {
        ObjectNode node = NODES.objectNode();
        Set<String> seen = new HashSet<>();
        for (JsonObject.Member member : object) {
            String childPath = KeyPaths.child(path, member.getName());
            if (!seen.add(member.getName())) {
                warnings.add(childPath + ": duplicate key; the last value wins");
            }
            node.set(member.getName(), convert(member.getValue(), childPath, warnings));
        }
        return node;
    }

    private static String describe(JsonValue value) {
        return switch (value.getType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }
}
