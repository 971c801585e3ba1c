package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.hmsabi.spec.ValueClass;

/**
 * One comparable value: either the value itself, or for volatile values only its format (the
 * value with every run of digits replaced by {@code <int>}), so that two captures of the same
 * kernel and topology are byte-identical while a format change still shows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(Cell.Value.class), @JsonSubTypes.Type(Cell.Volatile.class)})
public sealed interface Cell {

    /** A value compared as it is; its class says whether the fixture determines it (config) or the kernel (deterministic). */
    record Value(@JsonProperty("class") ValueClass valueClass, String value) implements Cell {
    }

    /** A value that changes from boot to boot: only its format is kept. */
    record Volatile(String format) implements Cell {
    }

    static Cell volatileOf(String value) {
        return new Volatile(formatOf(value));
    }

    /** {@code "Node 0 MemFree: 12345 kB"} → {@code "Node <int> MemFree: <int> kB"}. */
    static String formatOf(String value) {
        return value.replaceAll("[0-9]+", "<int>");
    }
}
