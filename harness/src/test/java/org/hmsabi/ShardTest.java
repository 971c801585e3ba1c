package org.hmsabi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ShardTest {
    record Cell(String name, long cost) {
    }

    @Test
    void parsesIndexOfCount() {
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        assertThat(Shard.parse(" 1/1 ")).isEqualTo(Shard.WHOLE);
        assertThat(Shard.parse("3/3").text()).isEqualTo("3/3");
        assertThat(Shard.WHOLE.isWhole()).isTrue();
        assertThat(new Shard(1, 2).isWhole()).isFalse();
    }

    @Test
    void refusesAnythingElseInOneLineAsBadInput() {
        for (String bad : List.of("0/3", "4/3", "3", "1/0", "a/b", "-1/2", "1/2/3", "", "1 / 2", "2/3\nrm -rf /")) {
            assertThatThrownBy(() -> Shard.parse(bad), bad)
                    .isInstanceOf(BadInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("--shard").contains("I/N").doesNotContain("\n"));
        }
    }

    @Test
    void theCostliestCellsGoFirstEachToTheLightestPart() {
        List<Cell> cells = List.of(new Cell("a", 10), new Cell("b", 70), new Cell("c", 48), new Cell("d", 12), new Cell("e", 14),
                new Cell("f", 16));
        List<List<Cell>> parts = Shard.split(cells, 2, Cell::cost, Cell::name);
        // b 70 -> 1; c 48 -> 2; f 16 -> 2 (64); e 14 -> 2 (78); d 12 -> 1 (82); a 10 -> 2 (88)... each in matrix order
        assertThat(names(parts.get(0))).containsExactly("b", "d");
        assertThat(names(parts.get(1))).containsExactly("a", "c", "e", "f");
        assertThat(new Shard(1, 2).of(cells, Cell::cost, Cell::name)).isEqualTo(parts.get(0));
    }

    @Test
    void moreShardsThanCellsLeavesSomeEmpty() {
        List<Cell> cells = List.of(new Cell("a", 1), new Cell("b", 1));
        List<List<Cell>> parts = Shard.split(cells, 5, Cell::cost, Cell::name);
        assertThat(parts).hasSize(5);
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(2);
        assertThat(parts.subList(2, 5)).allMatch(List::isEmpty);
        assertThat(Shard.split(List.<Cell>of(), 3, Cell::cost, Cell::name)).allMatch(List::isEmpty);
    }

    @Property(tries = 200)
    void everyCellFallsToExactlyOnePartTheSameWhateverTheInputOrder(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 100) Integer> costs,
                                                                     @ForAll @IntRange(min = 1, max = 9) int count) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < costs.size(); i++) {
            cells.add(new Cell("cell-" + i, costs.get(i)));
        }
        List<List<Cell>> parts = Shard.split(cells, count, Cell::cost, Cell::name);
        assertThat(parts).hasSize(count);
        List<Cell> all = parts.stream().flatMap(List::stream).toList();
        assertThat(all).containsExactlyInAnyOrderElementsOf(cells);
        for (List<Cell> part : parts) { // each part keeps the matrix's order
            assertThat(part).isSortedAccordingTo((x, y) -> Integer.compare(cells.indexOf(x), cells.indexOf(y)));
        }
        // Deterministic: the same cells in another order fall to the same parts.
        List<Cell> shuffled = new ArrayList<>(cells);
        Collections.shuffle(shuffled, new java.util.Random(costs.hashCode()));
        Map<String, Integer> before = partOf(parts);
        assertThat(partOf(Shard.split(shuffled, count, Cell::cost, Cell::name))).isEqualTo(before);
        // Balanced: LPT's bound, no part costs more than an even share plus the costliest cell.
        long total = costs.stream().mapToLong(Integer::longValue).sum();
        long largest = costs.stream().mapToLong(Integer::longValue).max().orElse(0);
        for (List<Cell> part : parts) {
            assertThat(part.stream().mapToLong(Cell::cost).sum()).isLessThanOrEqualTo(total / count + largest);
        }
    }

    private static Map<String, Integer> partOf(List<List<Cell>> parts) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            for (Cell cell : parts.get(i)) {
                index.put(cell.name(), i);
            }
        }
        return index;
    }

    private static List<String> names(List<Cell> cells) {
        return cells.stream().map(Cell::name).collect(Collectors.toList());
    }

}
