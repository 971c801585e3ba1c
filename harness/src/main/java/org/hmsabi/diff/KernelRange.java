package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.model.Snapshot.KernelInfo;

/**
 * The candidate kernels a waiver applies to. The text is {@code *} (every kernel) or
 * comma-separated conditions that must all hold:
 * <ul>
 * <li>{@code >= 6.9}, {@code > 6.9}, {@code <= 6.12}, {@code < 6.13}, {@code == 6.12}: the
 *     candidate's release version, compared on as many components as the condition names, so
 *     {@code <= 6.12} and {@code == 6.12} include 6.12.117;</li>
 * <li>any other word: the candidate's exact reference ({@code debian:6.12.117+deb12}), that
 *     reference without {@code debian:}, or its exact release ({@code 6.12.117+deb12-amd64}).</li>
 * </ul>
 */
public record KernelRange(String text, List<Condition> conditions) {
    private static final Pattern COMPARISON = Pattern.compile("(>=|<=|==|>|<)\\s*([0-9]+(?:\\.[0-9]+)*)");
    private static final Pattern RELEASE_VERSION = Pattern.compile("^([0-9]+(?:\\.[0-9]+)*)");

    /** One condition on the candidate kernel. */
    public sealed interface Condition {
        boolean holdsFor(KernelInfo kernel);
    }

    record Exactly(String name) implements Condition {
        @Override
        public boolean holdsFor(KernelInfo kernel) {
            return name.equals(kernel.reference()) || name.equals(kernel.release())
                    || ("debian:" + name).equals(kernel.reference());
        }
    }

    record Compared(String operator, List<Integer> version) implements Condition {
        @Override
        public boolean holdsFor(KernelInfo kernel) {
            Optional<List<Integer>> release = versionOf(kernel.release());
            if (release.isEmpty()) {
                return false;
            }
            int order = compare(release.get(), version);
            return switch (operator) {
                case ">=" -> order >= 0;
                case ">" -> order > 0;
                case "<=" -> order <= 0;
                case "<" -> order < 0;
                default -> order == 0;
            };
        }

        /** Compares on the components the condition names; a release with fewer counts the missing ones as 0. */
        private static int compare(List<Integer> release, List<Integer> bound) {
            for (int i = 0; i < bound.size(); i++) {
                int component = i < release.size() ? release.get(i) : 0;
                if (component != bound.get(i)) {
                    return Integer.compare(component, bound.get(i));
                }
            }
            return 0;
        }
    }

    public KernelRange {
        conditions = List.copyOf(conditions);
    }

    public static KernelRange any() {
        return new KernelRange("*", List.of());
    }

    /** Parses the text; an unreadable range is an IllegalArgumentException saying what is wrong. */
    public static KernelRange parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("*")) {
            return new KernelRange(trimmed, List.of());
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            String condition = part.trim();
            Matcher comparison = COMPARISON.matcher(condition);
            if (comparison.matches()) {
                conditions.add(new Compared(comparison.group(1), numbers(comparison.group(2))));
            } else if (!condition.isEmpty() && condition.chars().noneMatch(c -> Character.isWhitespace(c) || "<>=".indexOf(c) >= 0)) {
                conditions.add(new Exactly(condition));
            } else {
                throw new IllegalArgumentException("kernels '" + text + "': '" + condition
                        + "' is neither '*', a comparison such as '>= 6.9', nor an exact reference or release");
            }
        }
        return new KernelRange(trimmed, conditions);
    }

    public boolean contains(KernelInfo kernel) {
        return conditions.stream().allMatch(condition -> condition.holdsFor(kernel));
    }

    private static Optional<List<Integer>> versionOf(String release) {
        Matcher matcher = RELEASE_VERSION.matcher(release);
        return matcher.find() ? Optional.of(numbers(matcher.group(1))) : Optional.empty();
    }

    private static List<Integer> numbers(String dotted) {
        return Arrays.stream(dotted.split("\\.")).map(Integer::valueOf).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}
