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

    /** An aligned text table and a one-line summary. */
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
        return out.toString();
    }
}
