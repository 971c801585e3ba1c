package org.hmsabi.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Debian names the packages of an amd64 kernel, in both directions. Three packagings exist in
 * the archive (see {@link Packaging}); every name here is of the generic flavour: cloud and
 * PREEMPT_RT flavours lack drivers or behave differently, and a series never picks them.
 */
final class DebianKernelPackages {
    /** The regular expression {@code apt-cache search --names-only} is given: every kernel package name. */
    static final String SEARCH_PATTERN = "^linux-(image|binary|modules|base)-[0-9].*-amd64(-unsigned)?$";

    /** The package kinds, by the word after {@code linux-}. */
    enum Kind {
        /** {@code linux-image-V-amd64-unsigned}: image, modules and config (bookworm). */
        IMAGE_UNSIGNED("image", "-amd64-unsigned"),
        /** {@code linux-image-V-amd64}: the signed image with modules and config (trixie, up to 6.18); an empty metapackage from 6.19.6. */
        IMAGE("image", "-amd64"),
        /** {@code linux-binary-V-amd64}: the kernel alone (6.19.6 on): boot/vmlinuz-V, or usr/lib/modules/V/vmlinuz from 7.2. */
        BINARY("binary", "-amd64"),
        /** {@code linux-modules-V-amd64}: the loadable modules of a split kernel. */
        MODULES("modules", "-amd64"),
        /** {@code linux-base-V-amd64}: config, System.map placeholder, modules.builtin of a split kernel. */
        BASE("base", "-amd64");

        private final Pattern name;
        private final String word;
        private final String suffix;

        Kind(String word, String suffix) {
            this.word = word;
            this.suffix = suffix;
            this.name = Pattern.compile("linux-" + word + "-(.+)" + Pattern.quote(suffix));
        }

        /** The package of this kind for an ABI. */
        String packageName(String abi) {
            return "linux-" + word + "-" + abi + suffix;
        }

        /** The ABI of a generic-flavour package of this kind, or empty. */
        Optional<String> abiOf(String packageName) {
            Matcher m = name.matcher(packageName);
            if (!m.matches() || FLAVOURED.matcher(m.group(1)).matches() || m.group(1).endsWith("-amd64")) {
                return Optional.empty();
            }
            String abi = m.group(1);
            // linux-image-6.12-amd64 is the series metapackage, not a kernel.
            if (KernelRefSyntax.SERIES.matcher(abi).matches() || !KernelRefSyntax.ABI.matcher(abi).matches()) {
                return Optional.empty();
            }
            return Optional.of(abi);
        }
    }

    /** A trailing all-letters component is a flavour ({@code -cloud}, {@code -rt}), not part of the ABI. */
    private static final Pattern FLAVOURED = Pattern.compile(".*-[a-z]+");

    private DebianKernelPackages() {}

    /**
     * The ABI of a package that can hold a kernel image (an image or binary package of the
     * generic flavour), or empty for anything else.
     */
    static Optional<String> kernelAbiOf(String packageName) {
        for (Kind kind : new Kind[] {Kind.IMAGE_UNSIGNED, Kind.BINARY, Kind.IMAGE}) {
            Optional<String> abi = kind.abiOf(packageName);
            if (abi.isPresent()) {
                return abi;
            }
        }
        return Optional.empty();
    }

    /** The kind and ABI of any kernel package name, or empty. */
    static Optional<Kind> kindOf(String packageName) {
        for (Kind kind : Kind.values()) {
            if (kind.abiOf(packageName).isPresent()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
