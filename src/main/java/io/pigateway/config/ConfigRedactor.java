package io.pigateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The effective config as JSON with secrets masked, for {@code pi-gw config show} and
 * {@code GET /api/config}. A key is secret by name (token, botToken, password, appSecret,
 * webhookSecret, encryptKey, verificationToken, apiKey, secret, or ending in Token, Secret,
 * Password or Key, any case); its value becomes {@value #MASK}, null stays null. A secret value
 * that also appears inside another string (a webhook URL with the token in it) is masked there too.
 */
public final class ConfigRedactor {

    public static final String MASK = "***";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SECRET_NAMES = Set.of("token", "bottoken", "password", "appsecret",
            "webhooksecret", "encryptkey", "verificationtoken", "apikey", "secret");
    private static final List<String> SECRET_SUFFIXES = List.of("token", "secret", "password", "key");
    /** Ends in "Key" but is a routing key, not a credential; masking it would hide useful config. */
    private static final Set<String> NOT_SECRET = Set.of("sessionkey");

    private ConfigRedactor() {
    }

    public static JsonNode redact(GatewayConfig config) {
        JsonNode tree = MAPPER.valueToTree(config);
        List<String> secrets = new ArrayList<>();
        collectSecrets(tree, secrets);
        // longest first so a secret that contains another is masked whole
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return mask(tree, secrets);
    }

    /** Whether a key's value is treated as a secret. */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (NOT_SECRET.contains(lower)) {
            return false;
        }
        return SECRET_NAMES.contains(lower) || SECRET_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static void collectSecrets(JsonNode node, List<String> secrets) {
        node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isTextual() && isSecretKey(entry.getKey())) {
                if (!value.asText().isEmpty()) {
                    secrets.add(value.asText());
                }
            } else {
                collectSecrets(value, secrets);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collectSecrets(element, secrets));
        }
    }

    private static JsonNode mask(JsonNode node, List<String> secrets) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                JsonNode value = object.get(key);
                boolean secretScalar = isSecretKey(key) && value.isValueNode() && !value.isNull();
                object.set(key, secretScalar ? TextNode.valueOf(MASK) : mask(value, secrets));
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mask(array.get(i), secrets));
            }
            return array;
        }
        if (node.isTextual()) {
            String text = node.asText();
            for (String secret : secrets) {
                text = text.replace(secret, MASK);
            }
            return TextNode.valueOf(text);
        }
        return node;
    }
}
