package org.hmsabi.kernel;

import java.util.ArrayList;
import java.util.List;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * {@code debian:A..debian:B}, a range of Debian kernel references (for bisect): every kernel the package index offers from A to B, oldest first. A
 * series as the lower end starts at its oldest kernel, as the upper end stops at its newest; an
 * exact ABI is itself. Kernels the index no longer offers are not listed (the search cannot test
 * them anyway); {@code hmsabi kernels list} shows what it offers. Not a {@link KernelRange}, which
 * is a range of versions that spec entries and waivers hold for.
 */
public final class KernelRefRange {
    private KernelRefRange() {}

    public static boolean isRange(String text) {
        return text.contains(KernelRefSyntax.RANGE_SEPARATOR);
    }

    /** The references {@code text} stands for: itself, or the kernels of the range. */
    public static List<String> expand(String text, KernelIndex index) {
        if (!isRange(text)) {
            return List.of(text);
        }
        List<String> ends;
        try {
            ends = KernelRefSyntax.rangeEnds(text).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(text + ": a kernel range is debian:A..debian:B (e.g. debian:6.16..debian:7.3)", e);
        }
        String low = lowest(KernelRef.parse(ends.get(0)), index, text);
        String high = highest(KernelRef.parse(ends.get(1)), index, text);
        if (DebianVersion.ORDER.compare(low, high) > 0) {
            throw new BadInputException(text + ": the range is empty (" + low + " is newer than " + high + "); write the older end first");
        }
        List<String> kernels = new ArrayList<>();
        for (DebianKernel kernel : index.kernels()) {
            if (DebianVersion.ORDER.compare(kernel.abi(), low) >= 0 && DebianVersion.ORDER.compare(kernel.abi(), high) <= 0) {
                kernels.add(kernel.text());
            }
        }
        return kernels;
    }

    private static String lowest(KernelRef end, KernelIndex index, String text) {
        if (end instanceof KernelRef.DebianSeries series) {
            return index.inSeries(series.series()).stream().findFirst().map(DebianKernel::abi)
                    .orElseThrow(() -> noSeries(text, series));
        }
        return exact(end, index, text);
    }

    private static String highest(KernelRef end, KernelIndex index, String text) {
        if (end instanceof KernelRef.DebianSeries series) {
            return index.newestIn(series.series()).map(DebianKernel::abi).orElseThrow(() -> noSeries(text, series));
        }
        return exact(end, index, text);
    }

    private static String exact(KernelRef end, KernelIndex index, String text) {
        if (end instanceof DebianKernel kernel) {
            return kernel.abi();
        }
        if (end instanceof KernelRef.DebianLatest) {
            return index.newest().map(DebianKernel::abi).orElseThrow(() -> new BadInputException(text + ": the package index lists no kernel"));
        }
        throw new BadInputException(text + ": both ends of a kernel range are debian: kernels");
    }

    private static BadInputException noSeries(String text, KernelRef.DebianSeries series) {
        return new BadInputException(text + ": the package index has no " + series.series() + " kernel");
    }
}
