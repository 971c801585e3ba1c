package org.hmsabi.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A firmware feature without which a spec entry does not exist at all ({@code requires:} in the spec). */
public enum Condition {
    /** The firmware describes HMAT performance, so access classes exist. */
    HMAT,
    /** The firmware describes memory-side caches. */
    CACHE;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Condition fromYaml(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
