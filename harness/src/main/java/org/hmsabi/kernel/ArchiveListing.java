package org.hmsabi.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * What {@code hmsabi kernels list} shows: every kernel the package index offers, every pinned and
 * every cached one, with its packaging, whether it is pinned and cached, and its state:
 * {@link State#FETCHABLE} (the index offers it, or its pinned version), {@link State#CACHED_ONLY}
 * (the archive dropped it; a verified copy is cached) or {@link State#UNAVAILABLE} (pinned, dropped
 * and not cached).
 */
public final class ArchiveListing {

    /** Whether a kernel can be had. */
    public enum State {
        FETCHABLE("fetchable"), CACHED_ONLY("cached-only"), UNAVAILABLE("unavailable");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** One kernel's line. */
    public record Row(DebianKernel kernel, String packaging, boolean pinned, boolean cached, State state) {}

    /**
     * A series hmsabi does not follow to its newest kernel: the archive offers {@code newest}, newer
     * than every kernel pinned in the series ({@code pinned}, the newest of them), or nothing in the
     * series is pinned at all. What {@code hmsabi kernels pin debian:<series>} would change.
     */
    public record Behind(String series, Optional<DebianKernel> pinned, DebianKernel newest) {
        public String line() {
            return pinned.map(p -> "behind: series " + series + ": the archive offers " + newest.text() + ", newer than the pinned "
                            + p.text())
                    .orElse("not followed: series " + series + ": the archive offers " + newest.text() + " and nothing is pinned")
                    + "; run 'hmsabi kernels pin debian:" + series + "' and record its golden files";
        }
    }

    private final List<Row> rows;

    private ArchiveListing(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static ArchiveListing of(DebianArchive archive, KernelCache cache, KernelPins pins) {
        KernelIndex index = KernelIndex.of(archive.kernelPackageNames());
        Map<String, CachedKernel> cached = new LinkedHashMap<>();
        for (CachedKernel entry : cache.entries()) {
            DebianKernelPackages.kernelAbiOf(entry.imagePackage().name()).ifPresent(abi -> cached.put(abi, entry));
        }
        Map<DebianKernel, Row> rows = new LinkedHashMap<>();
        for (DebianKernel kernel : index.kernels()) {
            KernelPackaging packaging = index.packaging(kernel).orElseThrow();
            String form = packaging.form().name().toLowerCase(java.util.Locale.ROOT)
                    + (packaging.hasModules() ? "" : " (no modules package)");
            rows.put(kernel, new Row(kernel, form, false, cached.containsKey(kernel.abi()), State.FETCHABLE));
        }
        for (KernelPin pin : pins.pins()) {
            DebianKernel kernel = pin.kernel();
            boolean isCached = Optional.ofNullable(cached.get(kernel.abi()))
                    .filter(entry -> pin.image().matches(entry.imagePackage())).isPresent();
            boolean offered = archive.describe(pin.image().packageName(), pin.image().version())
                    .filter(pkg -> pkg.sha256().equals(pin.image().sha256())).isPresent();
            State state = offered ? State.FETCHABLE : isCached ? State.CACHED_ONLY : State.UNAVAILABLE;
            String form = Optional.ofNullable(rows.get(kernel)).map(Row::packaging)
                    .orElse(DebianKernelPackages.kindOf(pin.image().packageName()).map(ArchiveListing::formOf).orElse("?"));
            rows.put(kernel, new Row(kernel, form, true, isCached, state));
        }
        for (Map.Entry<String, CachedKernel> entry : cached.entrySet()) {
            DebianKernel kernel = new DebianKernel(entry.getKey());
            rows.putIfAbsent(kernel, new Row(kernel, "cached", false, true, State.CACHED_ONLY));
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparing((Row r) -> r.kernel().abi(), DebianVersion.ORDER));
        return new ArchiveListing(sorted);
    }

    private static String formOf(DebianKernelPackages.Kind kind) {
        return switch (kind) {
            case IMAGE_UNSIGNED -> "unsigned";
            case IMAGE -> "signed";
            default -> "split";
        };
    }

    public List<Row> rows() {
        return rows;
    }

    /** The rows of these series (all when empty). */
    public List<Row> rows(List<String> series) {
        Set<String> wanted = Set.copyOf(series);
        return rows.stream().filter(r -> wanted.isEmpty() || wanted.contains(r.kernel().series())).toList();
    }

    /**
     * Each series of these (all when empty) whose newest fetchable kernel is newer than its newest
     * pinned one, or that has no pin, in series order.
     */
    public List<Behind> behind(List<String> series) {
        Map<String, DebianKernel> newestOffered = new LinkedHashMap<>();
        Map<String, DebianKernel> newestPinned = new LinkedHashMap<>();
        for (Row row : rows(series)) {
            if (row.state() == State.FETCHABLE) {
                newestOffered.merge(row.kernel().series(), row.kernel(), ArchiveListing::newer);
            }
            if (row.pinned()) {
                newestPinned.merge(row.kernel().series(), row.kernel(), ArchiveListing::newer);
            }
        }
        List<Behind> behind = new ArrayList<>();
        newestOffered.forEach((name, newest) -> {
            Optional<DebianKernel> pinned = Optional.ofNullable(newestPinned.get(name));
            if (pinned.map(p -> DebianVersion.ORDER.compare(newest.abi(), p.abi()) > 0).orElse(true)) {
                behind.add(new Behind(name, pinned, newest));
            }
        });
        return behind;
    }

    private static DebianKernel newer(DebianKernel a, DebianKernel b) {
        return DebianVersion.ORDER.compare(a.abi(), b.abi()) >= 0 ? a : b;
    }

    /** One line per series {@link #behind} names, or one line saying every series is followed. */
    public String behindText(List<String> series) {
        List<Behind> behind = behind(series);
        if (behind.isEmpty()) {
            return "following: the newest kernel the archive offers in each series is pinned\n";
        }
        return behind.stream().map(b -> b.line() + "\n").collect(Collectors.joining());
    }

    /** An aligned text table, a one-line summary and the series {@link #behind} names. */
    public String table(List<String> series) {
        List<Row> shown = rows(series);
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"KERNEL", "SERIES", "PACKAGING", "PINNED", "CACHED", "STATE"});
        for (Row row : shown) {
            lines.add(new String[] {row.kernel().text(), row.kernel().series(), row.packaging(),
                    row.pinned() ? "pinned" : "-", row.cached() ? "cached" : "-", row.state().word()});
        }
        int[] widths = new int[6];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + (widths[i] + 2) + "s", line[i]));
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        long fetchable = shown.stream().filter(r -> r.state() == State.FETCHABLE).count();
        String seriesText = shown.stream().filter(r -> r.state() == State.FETCHABLE).map(r -> r.kernel().series()).distinct()
                .collect(Collectors.joining(", "));
        out.append(fetchable).append(" fetchable kernels (series ").append(seriesText.isEmpty() ? "none" : seriesText).append("); ")
                .append(shown.stream().filter(Row::pinned).count()).append(" pinned, ")
                .append(shown.stream().filter(Row::cached).count()).append(" cached, ")
                .append(shown.stream().filter(r -> r.state() == State.CACHED_ONLY).count()).append(" cached-only, ")
                .append(shown.stream().filter(r -> r.state() == State.UNAVAILABLE).count()).append(" unavailable\n");
        return out.append(behindText(series)).toString();
    }
}
