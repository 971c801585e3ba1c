package org.hmsabi.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an attribute's value is compared across snapshots (docs/formats.md, "Snapshots and golden files"). */
public enum ValueClass {
    /** Follows from the topology fixture; compared by value and checked against the fixture. */
    CONFIG,
    /** The same for the same kernel and topology; compared by value. */
    DETERMINISTIC,
    /** Changes from boot to boot; compared by presence and format only. */
    VOLATILE;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ValueClass fromYaml(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
