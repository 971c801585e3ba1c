package org.hmsabi.spec;

import java.util.Map;

/** One spec entry: which paths it covers, how their content splits, how each part is compared, and the ABI promise. */
public record AttributeRule(
        PathPattern path,
        Shape shape,
        ValueClass valueClass,
        Map<PathPattern, ValueClass> rows,
        Stability stability,
        String doc) {

    /** The rule for paths no spec entry covers: compared by value, and (issue 4) reported as undocumented. */
    public static AttributeRule unknown(String path) {
        return new AttributeRule(PathPattern.of(path), Shape.SCALAR, ValueClass.DETERMINISTIC, Map.of(),
                Stability.UNDOCUMENTED, "");
    }

    /** The class of one table row. */
    public ValueClass rowClass(String rowName) {
        return rows.entrySet().stream()
                .filter(row -> row.getKey().matches(rowName))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(valueClass);
    }
}
