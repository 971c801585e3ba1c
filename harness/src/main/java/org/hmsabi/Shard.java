package org.hmsabi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part of a run's matrix, {@code I/N}: the run does the cells that fall to part {@code index} of
 * {@code count} and nothing else, so N machines each do about 1/N of the work and their results
 * merge into the whole run's ({@code hmsabi report merge}). The split is deterministic and balanced
 * by expected cost: longest-processing-time greedy, the costliest cell first (ties by name), each to
 * the part with the least cost so far (ties to the lowest index). Every cell falls to exactly one
 * part; with more parts than cells some parts are empty.
 *
 * @param index 1-based, at most {@code count}
 * @param count how many parts the matrix is cut into, at least 1
 */
public record Shard(int index, int count) {
    /** The whole matrix: what a run without {@code --shard} does. */
    public static final Shard WHOLE = new Shard(1, 1);

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,6})/([0-9]{1,6})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new BadInputException("--shard " + index + "/" + count + ": give I/N with 1 <= I <= N, e.g. --shard 2/3");
        }
    }

    /** Parses {@code I/N}; anything else is bad input (exit 2), in one line. */
    public static Shard parse(String text) {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new BadInputException("--shard " + Messages.joinLines(String.valueOf(text))
                    + ": give I/N, the part I of N (1 <= I <= N), e.g. --shard 2/3");
        }
        return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** {@code I/N}. */
    public String text() {
        return index + "/" + count;
    }

    /**
     * This part's cells, in the matrix's order.
     *
     * @param cells the whole matrix, in its order; names must be unique
     * @param cost  a cell's expected cost (non-negative)
     * @param name  a cell's name, the tie-break that keeps the split the same on every machine
     */
    public <T> List<T> of(List<T> cells, ToLongFunction<T> cost, Function<T, String> name) {
        return split(cells, count, cost, name).get(index - 1);
    }

    /** Every part's cells, part 1 first, each in the matrix's order. */
    public static <T> List<List<T>> split(List<T> cells, int count, ToLongFunction<T> cost, Function<T, String> name) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -cost.applyAsLong(cells.get(i)))
                .thenComparing(i -> name.apply(cells.get(i))));
        long[] load = new long[count];
        int[] partOf = new int[cells.size()];
        for (int i : order) {
            int lightest = 0;
            for (int part = 1; part < count; part++) {
                if (load[part] < load[lightest]) {
                    lightest = part;
                }
            }
            partOf[i] = lightest;
            load[lightest] += Math.max(0, cost.applyAsLong(cells.get(i)));
        }
        List<List<T>> parts = new ArrayList<>();
        for (int part = 0; part < count; part++) {
            List<T> mine = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (partOf[i] == part) {
                    mine.add(cells.get(i));
                }
            }
            parts.add(List.copyOf(mine));
        }
        return List.copyOf(parts);
    }
}
