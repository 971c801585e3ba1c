package org.hmsabi.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.AttributeRule;
import org.hmsabi.spec.Shape;
import org.hmsabi.spec.ValueClass;

/**
 * Turns a readable file's content into a snapshot entry as the spec says: split by its shape,
 * each part kept by value or, when volatile, by format. Agent replies and directory trees share
 * it, so both give the same entries for the same file.
 */
public final class EntryClassifier {
    private final AbiSpec spec;

    public EntryClassifier(AbiSpec spec) {
        this.spec = spec;
    }

    public Entry fileEntry(String path, String mode, String value) {
        AttributeRule rule = spec.ruleFor(path);
        if (rule.shape() == Shape.SCALAR) {
            return new Entry.File(mode, cell(rule.valueClass(), value));
        }
        Map<String, String> rows = rule.shape() == Shape.TABLE ? ContentSplitter.table(value) : ContentSplitter.zoneinfo(value);
        SortedMap<String, Cell> cells = new TreeMap<>();
        rows.forEach((name, rowValue) -> cells.put(name, cell(rule.rowClass(name), rowValue)));
        return new Entry.Table(mode, cells);
    }

    private static Cell cell(ValueClass valueClass, String value) {
        return valueClass == ValueClass.VOLATILE ? Cell.volatileOf(value) : new Cell.Value(valueClass, value);
    }
}
