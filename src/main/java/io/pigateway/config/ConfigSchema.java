package io.pigateway.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of the configuration, derived by reflection from the config records so that the
 * known keys can never drift from what the code actually reads.
 */
final class ConfigSchema {

    enum Kind { RECORD, MAP, LIST, STRING, INTEGER, LONG, BOOLEAN }

    /**
     * One node of the schema.
     *
     * @param fields           record components by JSON key (RECORD only)
     * @param element          the value type of a MAP, the element type of a LIST, or of a RECORD's other keys
     * @param enabledByDefault the record's default for an {@code enabled} component, null if it has none
     */
    record Node(Kind kind, Class<?> recordType, Map<String, Node> fields, Node element, Boolean enabledByDefault) {

        boolean isRecord() {
            return kind == Kind.RECORD;
        }

        Node field(String key) {
            return fields.get(key);
        }
    }

    static final Node ROOT = nodeFor(GatewayConfig.class);

    private ConfigSchema() {
    }

    static Node nodeFor(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return new Node(Kind.LIST, null, Map.of(), nodeFor(args[0]), null);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new Node(Kind.MAP, null, Map.of(), nodeFor(args[1]), null);
            }
            throw new IllegalArgumentException("Unsupported config type " + type);
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            return scalar(Kind.STRING);
        }
        if (cls == Integer.class) {
            return scalar(Kind.INTEGER);
        }
        if (cls == Long.class) {
            return scalar(Kind.LONG);
        }
        if (cls == Boolean.class) {
            return scalar(Kind.BOOLEAN);
        }
        if (cls.isRecord()) {
            Map<String, Node> fields = new LinkedHashMap<>();
            Node extra = null; // the value shape of any other key (a @JsonAnySetter map component)
            for (RecordComponent component : cls.getRecordComponents()) {
                if (anySetter(cls, component)) {
                    extra = nodeFor(component.getGenericType()).element();
                    continue;
                }
                fields.put(jsonKey(component), nodeFor(component.getGenericType()));
            }
            return new Node(Kind.RECORD, cls, Collections.unmodifiableMap(fields), extra, enabledDefault(cls));
        }
        throw new IllegalArgumentException("Unsupported config type " + type);
    }

    /**
     * Every fixed key path (no map entries or list elements), e.g. {@code gateway.port}; used to
     * suggest the right place for a key written at the wrong level.
     */
    static List<String> fixedPaths() {
        List<String> paths = new ArrayList<>();
        collect(ROOT, "", paths);
        return paths;
    }

    private static void collect(Node node, String path, List<String> out) {
        if (!node.isRecord()) {
            return;
        }
        node.fields().forEach((key, child) -> {
            String childPath = KeyPaths.child(path, key);
            out.add(childPath);
            collect(child, childPath, out);
        });
    }

    /** The key in the file: the component's name, or its {@code @JsonProperty} (e.g. {@code metrics.public}). */
    private static String jsonKey(RecordComponent component) {
        com.fasterxml.jackson.annotation.JsonProperty renamed =
                component.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    /** {@code @JsonAnySetter} lands on the record's field (its targets exclude record components). */
    private static boolean anySetter(Class<?> record, RecordComponent component) {
        try {
            return record.getDeclaredField(component.getName())
                    .isAnnotationPresent(com.fasterxml.jackson.annotation.JsonAnySetter.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static Node scalar(Kind kind) {
        return new Node(kind, null, Map.of(), null, null);
    }

    /** The record's own default for {@code enabled}: build it from all-null components and ask. */
    private static Boolean enabledDefault(Class<?> recordType) {
        RecordComponent[] components = recordType.getRecordComponents();
        boolean hasEnabled = false;
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            hasEnabled |= components[i].getName().equals("enabled") && types[i] == Boolean.class;
        }
        if (!hasEnabled) {
            return null;
        }
        try {
            Constructor<?> canonical = recordType.getDeclaredConstructor(types);
            Object defaults = canonical.newInstance(new Object[components.length]);
            return (Boolean) recordType.getMethod("enabled").invoke(defaults);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the default of " + recordType.getSimpleName() + ".enabled", e);
        }
    }
}
