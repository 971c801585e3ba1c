package org.hmsabi.bisect;

import java.util.Objects;
import org.hmsabi.diff.Finding;

/** What one check of one kernel said: like the first kernel, different (and how), or not testable at all. */
public sealed interface Observation permits Observation.Good, Observation.Bad, Observation.Untestable {

    /** No difference the bisect looks for. */
    record Good() implements Observation {
    }

    /** @param finding the first finding the bisect looks for */
    record Bad(Finding finding) implements Observation {
        public Bad {
            Objects.requireNonNull(finding, "finding");
        }
    }

    /** The kernel could not be fetched, loaded, booted or captured; never guessed good or bad. */
    record Untestable(String reason) implements Observation {
        public Untestable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default String word() {
        return this instanceof Good ? "good" : this instanceof Bad ? "bad" : "untestable";
    }
}
