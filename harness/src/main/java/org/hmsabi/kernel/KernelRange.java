package org.hmsabi.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of kernel versions, as spec entries, the syscall contract and waivers name the kernels
 * they hold for; one syntax and one parser for all three (docs/formats.md, "Kernel ranges").
 *
 * <p>Canonical: {@code *} (every kernel) or comma-separated conditions that must all hold:
 * {@code >= V}, {@code > V}, {@code <= V}, {@code < V}, {@code == V}, where V is compared on as many
 * components as written ({@code <= 6.12} and {@code == 6.12} include 6.12.117). Waivers may also
 * name one exact kernel, a Debian reference ({@code debian:6.12.117+deb12}, with or without
 * {@code debian:}) or a release ({@code 6.12.117+deb12-amd64}). Also read, as older files write
 * them: a bare version ({@code 6.1}, the same as {@code == 6.1}), {@code A..B} (inclusive on both
 * ends, as {@code >= A, <= B}), and the spec's {@code since}/{@code until} fields ({@link #of}).
 *
 * <p>A range is kept as {@code since <= version < until} over full versions, plus the exact
 * kernels it names; this is not {@link KernelRefRange}, which lists the Debian kernels between two
 * references for bisect.
 *
 * @param text    the range as written, for messages
 * @param since   the first version in the range; empty: no lower bound
 * @param until   the first version after the range; empty: no upper bound
 * @param kernels exact kernels (references or releases) a kernel must be, all of them
 */
public record KernelRange(String text, Optional<KernelVersion> since, Optional<KernelVersion> until, List<String> kernels) {
    /** Every kernel. */
    public static final KernelRange ALL = new KernelRange("*", Optional.empty(), Optional.empty(), List.of());

    private static final Pattern COMPARISON = Pattern.compile("(>=|<=|==|>|<)?\\s*(\\d{1,4}(?:\\.\\d{1,6}){0,2})");
    private static final int MAX_TEXT = 256;
    private static final String USAGE = "write '*' or conditions such as '>= 6.9, < 6.16' (>=, >, <=, <, == and a version"
            + " compared on as many components as written), or an exact kernel (debian:6.12.117+deb12, 6.12.117+deb12-amd64)";

    public KernelRange {
        kernels = List.copyOf(kernels);
        if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
            throw new IllegalArgumentException("kernels '" + KernelVersion.shown(text) + "' holds no version: "
                    + "from " + since.get() + " to before " + until.get());
        }
    }

    /** The spec's older {@code since}/{@code until} fields: {@code >= since, < until}. */
    public static KernelRange of(Optional<KernelVersion> since, Optional<KernelVersion> until) {
        List<String> parts = new ArrayList<>();
        since.ifPresent(version -> parts.add(">= " + version));
        until.ifPresent(version -> parts.add("< " + version));
        return new KernelRange(parts.isEmpty() ? "*" : String.join(", ", parts), since, until, List.of());
    }

    /** Parses a range; an IllegalArgumentException saying what is wrong otherwise. */
    public static KernelRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty kernel range; " + USAGE);
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("kernel range of " + text.length() + " characters; " + USAGE);
        }
        String trimmed = text.strip();
        if (trimmed.equals("*")) {
            return new KernelRange(trimmed, Optional.empty(), Optional.empty(), List.of());
        }
        Optional<KernelVersion> since = Optional.empty();
        Optional<KernelVersion> until = Optional.empty();
        List<String> kernels = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            String condition = part.strip();
            Optional<List<String>> ends = KernelRefSyntax.rangeEnds(condition);
            Matcher comparison = COMPARISON.matcher(condition);
            Bounds bounds;
            if (ends.isPresent()) {
                bounds = inclusive(ends.get(), text);
            } else if (comparison.matches()) {
                bounds = compared(comparison.group(1) == null ? "==" : comparison.group(1), comparison.group(2));
            } else if (condition.length() <= KernelRefSyntax.MAX_ABI_LENGTH + KernelRef.DEBIAN_SCHEME.length()
                    && KernelRefSyntax.ABI.matcher(condition.replaceFirst("^" + KernelRef.DEBIAN_SCHEME, "")).matches()) {
                kernels.add(condition);
                continue;
            } else {
                throw new IllegalArgumentException("kernels '" + KernelVersion.shown(text) + "': '" + KernelVersion.shown(condition)
                        + "' is neither a comparison nor an exact kernel; " + USAGE);
            }
            since = max(since, bounds.since());
            until = min(until, bounds.until());
        }
        return new KernelRange(trimmed, since, until, kernels);
    }

    /** True when the version is in the range; a range naming exact kernels holds no bare version. */
    public boolean contains(KernelVersion version) {
        return kernels.isEmpty() && inBounds(version);
    }

    /**
     * True when the kernel of this release ({@code uname -r}) and reference (as booted) is in the
     * range; a release without a version is in a range only if it has no bounds.
     */
    public boolean contains(String release, String reference) {
        boolean versionHolds = since.isEmpty() && until.isEmpty()
                || KernelVersion.tryParse(release).filter(this::inBounds).isPresent();
        return versionHolds && kernels.stream().allMatch(name -> name.equals(reference) || name.equals(release)
                || (KernelRef.DEBIAN_SCHEME + name).equals(reference));
    }

    /** True when some version lies in both ranges (exact kernels aside). */
    public boolean overlaps(KernelRange other) {
        boolean thisStartsBeforeOtherEnds = since.isEmpty() || other.until.isEmpty() || since.get().compareTo(other.until.get()) < 0;
        boolean otherStartsBeforeThisEnds = other.since.isEmpty() || until.isEmpty() || other.since.get().compareTo(until.get()) < 0;
        return thisStartsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }

    /** The range in the canonical syntax: {@code >= 6.9, < 6.16}, exact kernels after the bounds. */
    public String canonical() {
        List<String> parts = new ArrayList<>();
        since.ifPresent(version -> parts.add(">= " + version));
        until.ifPresent(version -> parts.add("< " + version));
        parts.addAll(kernels);
        return parts.isEmpty() ? "*" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return text;
    }

    private boolean inBounds(KernelVersion version) {
        return since.map(version::atLeast).orElse(true) && until.map(bound -> !version.atLeast(bound)).orElse(true);
    }

    /** One condition as a half-open interval over full versions. */
    private record Bounds(Optional<KernelVersion> since, Optional<KernelVersion> until) {
    }

    private static Bounds compared(String operator, String written) {
        KernelVersion low = version(written);
        Optional<KernelVersion> high = Optional.of(next(low, written.split("\\.").length));
        return switch (operator) {
            case ">=" -> new Bounds(Optional.of(low), Optional.empty());
            case ">" -> new Bounds(high, Optional.empty());
            case "<=" -> new Bounds(Optional.empty(), high);
            case "<" -> new Bounds(Optional.empty(), Optional.of(low));
            default -> new Bounds(Optional.of(low), high);
        };
    }

    private static Bounds inclusive(List<String> ends, String text) {
        Matcher first = COMPARISON.matcher(ends.get(0));
        Matcher last = COMPARISON.matcher(ends.get(1));
        if (!first.matches() || !last.matches() || first.group(1) != null || last.group(1) != null) {
            throw new IllegalArgumentException("kernels '" + KernelVersion.shown(text) + "': A..B takes two versions (6.9..6.11); " + USAGE);
        }
        return new Bounds(compared("==", first.group(2)).since(), compared("<=", last.group(2)).until());
    }

    /** A written version of one to three components; one component is a major version (7 is 7.0). */
    private static KernelVersion version(String written) {
        String[] parts = written.split("\\.");
        return new KernelVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
    }

    /** The first version after every version that starts with {@code version}'s first {@code components}. */
    private static KernelVersion next(KernelVersion version, int components) {
        return switch (components) {
            case 1 -> new KernelVersion(version.major() + 1, 0, 0);
            case 2 -> new KernelVersion(version.major(), version.minor() + 1, 0);
            default -> new KernelVersion(version.major(), version.minor(), version.patch() + 1);
        };
    }

    private static Optional<KernelVersion> max(Optional<KernelVersion> a, Optional<KernelVersion> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }

    private static Optional<KernelVersion> min(Optional<KernelVersion> a, Optional<KernelVersion> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }
}
