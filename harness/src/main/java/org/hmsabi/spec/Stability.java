package org.hmsabi.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kernel's promise about an attribute, as in Documentation/ABI (stable, testing, obsolete) plus none at all. */
public enum Stability {
    STABLE, TESTING, OBSOLETE, UNDOCUMENTED;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stability fromYaml(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
