package org.hmsabi.conformance;

/** Which check a path failed. */
public enum ViolationRule {
    /** The value does not match the entry's grammar. */
    GRAMMAR,
    /** The path is the wrong kind of thing: a table where a value was expected, a file where a link was. */
    KIND,
    /** The kernel should have the path (by the entry's since, requires and presence) and does not. */
    MISSING,
    /** A fixture-free property of the whole tree does not hold (distances, masks, tiers, access classes). */
    INVARIANT;

    /** How messages name the rule. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
