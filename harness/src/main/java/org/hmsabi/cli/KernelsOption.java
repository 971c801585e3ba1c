package org.hmsabi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.kernel.KernelPair;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KernelRefRange;
import org.hmsabi.kernel.KernelRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --kernels REF[,REF...]} of bisect and bench: kernels oldest first, comma-separated or
 * repeated, where a range {@code debian:A..debian:B} stands for every kernel the archive offers
 * from A to B, and {@code default} for the pinned gate pair. Each item's syntax is checked while
 * parsing (a typo is a usage error); ranges are expanded against the package index when used.
 */
final class KernelsOption {
    static final String DEFAULT_PAIR = "default";

    @Option(names = "--kernels", split = ",", paramLabel = "REF", converter = Syntax.class,
            description = "kernels, oldest first, comma-separated or repeated; debian:A..debian:B is every kernel the archive"
                    + " offers from A to B; " + DEFAULT_PAIR + " is the pinned gate pair")
    List<String> kernels = new ArrayList<>();

    boolean isEmpty() {
        return kernels.isEmpty();
    }

    /**
     * The kernels asked for, ranges expanded and {@code default} replaced by the pinned gate pair
     * (as is no --kernels at all); each reference parsed.
     */
    List<String> references(GuestOptions guest, PrintWriter progress) {
        List<String> references = new ArrayList<>();
        for (String item : kernels.isEmpty() ? List.of(DEFAULT_PAIR) : kernels) {
            if (item.equals(DEFAULT_PAIR)) {
                KernelPair pair = KernelPins.findOrNone(guest.workspace().root()).defaults();
                references.add(pair.baseline().reference());
                references.add(pair.candidate().reference());
            } else if (KernelRefRange.isRange(item)) {
                references.addAll(KernelRefRange.expand(item, guest.kernels(progress).index()));
            } else {
                references.add(item);
            }
        }
        // Every reference is parsed before the first boot: a typo is bad input, not an untestable kernel.
        references.forEach(reference -> KernelRef.parse(reference, guest.modules()));
        return references;
    }

    /** One item of the list: a reference, a range of two debian: references, or {@code default}. */
    static final class Syntax implements ITypeConverter<String> {
        @Override
        public String convert(String item) {
            if (!item.equals(DEFAULT_PAIR)) {
                try {
                    for (String end : KernelRefRange.isRange(item) ? item.split("\\.\\.", -1) : new String[] {item}) {
                        KernelRef.parse(end);
                    }
                } catch (org.hmsabi.BadInputException malformed) {
                    throw new TypeConversionException(malformed.getMessage());
                }
            }
            return item;
        }
    }
}
