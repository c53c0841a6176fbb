package io.pigateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text to validated {@link GatewayConfig}: JSONC parse, {@code ${ENV}} substitution, schema check
 * (unknown keys, types, allowed values), binding to the records, range checks. Every stage adds
 * to one problem list so the user sees all errors at once.
 */
final class ConfigParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private ConfigParser() {
    }

    /**
     * @param source only used in messages and the result; null for text that is not a file
     * @throws ConfigException listing every error found
     */
    static LoadedConfig parse(String jsonc, Map<String, String> env, Path source) {
        String sourceName = source != null ? source.toString() : null;
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        ObjectNode tree;
        try {
            tree = JsoncReader.read(jsonc, warnings);
        } catch (ConfigException e) {
            throw new ConfigException(sourceName, e.problems());
        }
        Set<String> substitutedEnv = EnvSubstitutor.substitute(tree, env, errors);
        TreeValidator.validate(tree, errors, warnings);
        GatewayConfig config = bind(tree, errors);
        if (config != null) {
            RangeValidator.validate(config, errors);
            TokenShapeValidator.validate(config, errors);
            AuthValidator.validate(config, errors);
            StoreValidator.validate(config, errors);
            ClusterValidator.validate(config, errors, warnings);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(sourceName, errors);
        }
        return new LoadedConfig(config, source, warnings, substitutedEnv);
    }

    /** Binds the tree to the records; a binding error is reported with its key path. */
    static GatewayConfig bind(ObjectNode tree, List<String> errors) {
        try {
            return MAPPER.treeToValue(tree, GatewayConfig.class);
        } catch (JsonMappingException e) {
            errors.add(KeyPaths.display(pathOf(e)) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add("(root): " + e.getMessage());
        }
        return null;
    }

    private static String pathOf(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference reference : e.getPath()) {
            path = reference.getFieldName() != null
                    ? KeyPaths.child(path, reference.getFieldName())
                    : KeyPaths.index(path, reference.getIndex());
        }
        return path;
    }
}
