package org.hmsabi.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** When a spec entry's path must exist (the header of spec/attributes.yaml explains each). */
public enum Presence {
    /** In every existing parent directory; a top-level path once. */
    REQUIRED,
    /** Once per online node, the first {@code <N>} being the node id. */
    EACH_NODE,
    /** Once per node in {@code possible}, the first {@code <N>} being the node id. */
    EACH_POSSIBLE_NODE,
    /** Once per node in {@code has_memory}, the first {@code <N>} being the node id. */
    EACH_MEMORY_NODE,
    /** Never required. */
    OPTIONAL;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Presence fromYaml(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
