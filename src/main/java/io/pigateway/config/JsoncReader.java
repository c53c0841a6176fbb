package io.pigateway.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Reads JSONC into a Jackson tree: strict JSON plus {@code //}, {@code #} and {@code /* *}{@code /}
 * comments and trailing commas, nothing else (no unquoted keys, no missing commas, no single quotes): what
 * the README promises. A syntax error names its 1-based line and column, shows the line with a
 * caret under the spot, and says what was expected there ({@link JsoncSyntaxError}).
 */
final class JsoncReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory JSONC = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_YAML_COMMENTS) // '# ...' lines, as Hjson accepted before
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private JsoncReader() {
    }

    /**
     * @param warnings receives duplicate-key findings
     * @throws ConfigException on a syntax error or a non-object root
     */
    static ObjectNode read(String jsonc, List<String> warnings) {
        try (JsonParser parser = JSONC.createParser(jsonc)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return NODES.objectNode(); // empty, or only comments: defaults
            }
            if (first != JsonToken.START_OBJECT) {
                throw ConfigException.of("(root): the configuration must be a JSON object { ... }, not "
                        + describe(first));
            }
            ObjectNode root = readObject(parser, "", warnings);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw JsoncSyntaxError.at(jsonc, at.getLineNr(), at.getColumnNr(),
                        "extra text after the configuration's closing '}' (an extra '}' or ']'?); expected the end of the file");
            }
            return root;
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw JsoncSyntaxError.at(jsonc, at != null ? at.getLineNr() : -1, at != null ? at.getColumnNr() : -1,
                    JsoncSyntaxError.explain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ConfigException.of("cannot read the configuration: " + e.getMessage());
        }
    }

    private static ObjectNode readObject(JsonParser parser, String path, List<String> warnings) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String childPath = KeyPaths.child(path, name);
            parser.nextToken();
            if (node.has(name)) {
                warnings.add(childPath + ": duplicate key; the last value wins");
            }
            node.set(name, readValue(parser, childPath, warnings));
        }
        return node;
    }

    private static JsonNode readValue(JsonParser parser, String path, List<String> warnings) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readObject(parser, path, warnings);
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser, KeyPaths.index(path, i++), warnings));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(parser.getBigIntegerValue()) : NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(parser.getBooleanValue());
            default:
                return NODES.nullNode();
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "null";
        };
    }
}
