package org.hmsabi.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a file's content splits into comparable parts. */
public enum Shape {
    /** The whole value is one item. */
    SCALAR,
    /** One row per line: "key value" or "key: value", with a leading "Node N " dropped (meminfo, vmstat). */
    TABLE,
    /** /proc/zoneinfo: rows named node&lt;N&gt;/&lt;zone&gt;/&lt;field&gt;. */
    ZONEINFO;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Shape fromYaml(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
