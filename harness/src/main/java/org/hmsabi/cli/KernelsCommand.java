package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.ArchiveListing;
import org.hmsabi.kernel.DebianArchive;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelCache;
import org.hmsabi.kernel.KernelPinner;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.kernel.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi kernels fetch|list|pin}: fetches and caches kernels and prints where they are
 * (one tab-separated line per kernel, {@code REF RELEASE IMAGE MODULES-DIR|-}, so scripts can cut
 * fields); lists what the archive offers, what is pinned and cached and what can no longer be
 * fetched; re-pins kernels deliberately. Progress goes to stderr. Failures are thrown as
 * {@link org.hmsabi.HmsabiException}s for the main class to turn into one line and an exit code.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Fetch, list and pin the Debian kernels hmsabi boots.",
        footer = {"", "Examples:", "  hmsabi kernels list --series 7.3", "  hmsabi kernels fetch debian:6.12 debian:latest",
                "  hmsabi kernels pin debian:7.3"})
public final class KernelsCommand implements Runnable {
    private final Optional<DebianArchive> archiveOverride;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    @Spec
    private CommandSpec spec;

    /** Real apt through hmsabi's own configuration, this process's environment, and the repository's pins ({@link Workspace}). */
    public KernelsCommand() {
        this.archiveOverride = Optional.empty();
        this.environment = Map.copyOf(System.getenv());
        this.workingDirectory = Workspace.locate(Optional.empty()).root();
    }

    /** For tests and embedding: the archive, the environment (HMSABI_CACHE, XDG_CACHE_HOME, HOME) and where to look for fixtures/kernels.yaml. */
    public KernelsCommand(DebianArchive archive, Map<String, String> environment, Path workingDirectory) {
        this.archiveOverride = Optional.of(Objects.requireNonNull(archive, "archive"));
        this.environment = Map.copyOf(environment);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** {@code kernels} alone is incomplete: ask for a subcommand, as a usage error (exit 2). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: fetch, list or pin");
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch and cache kernels, then print one line per kernel:",
                    "REF<TAB>RELEASE<TAB>IMAGE<TAB>MODULES-DIR (or - without modules)."},
            footer = {"", "Example:", "  hmsabi kernels fetch debian:6.1 debian:7.3.4+deb13 debian:latest"})
    int fetch(
            @Parameters(arity = "0..*", paramLabel = "REF",
                    description = "debian:<abi> (debian:6.1.0-56), debian:<series> (debian:7.3: the newest), debian:latest or a bzImage path")
            List<String> references,
            @Mixin ModulesOption modules,
            @Mixin CacheDirOption cacheDir,
            @Option(names = "--defaults", description = "also fetch the gate's default pair pinned in fixtures/kernels.yaml")
            boolean defaults) {
        KernelPins pins = KernelPins.findOrNone(workingDirectory);
        references = new ArrayList<>(references == null ? List.of() : references);
        if (defaults) {
            references.add(pins.defaults().baseline().reference());
            references.add(pins.defaults().candidate().reference());
        }
        if (references.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give at least one REF, or --defaults");
        }
        // Parse everything first: a typo in the last reference should not cost a download of the first.
        List<KernelRef> refs = withModules(references.stream().map(KernelRef::parse).toList(), modules.get());
        PrintWriter out = spec.commandLine().getOut();
        Kernels kernels = kernels(pins, cacheDir);
        for (KernelRef ref : refs) {
            Kernel kernel = kernels.resolve(ref);
            out.println(String.join("\t", kernel.reference(), kernel.release(), kernel.image().toString(),
                    kernel.modulesDir().map(Path::toString).orElse("-")));
            out.flush();
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"What the archive offers per series, what is pinned, what is cached, and what can no longer be fetched.",
                    "Columns: KERNEL SERIES PACKAGING PINNED CACHED STATE (fetchable, cached-only, unavailable)."},
            footer = {"", "The last lines name each series whose newest kernel in the archive",
                    "is newer than its newest pin (behind), or that nothing pins (not",
                    "followed); --behind prints only those.",
                    "", "Examples:", "  hmsabi kernels list --series 6.19", "  hmsabi kernels list --behind"})
    int list(
            @Option(names = "--series", paramLabel = "S", split = ",", description = "only these series (e.g. 6.12,7.3)")
            List<String> series,
            @Option(names = "--behind", description = "print only the series hmsabi does not follow to their newest kernel")
            boolean behind,
            @Mixin CacheDirOption cacheDir) {
        KernelPins pins = KernelPins.findOrNone(workingDirectory);
        ArchiveListing listing = ArchiveListing.of(archive(pins, cacheDir), cache(cacheDir), pins);
        PrintWriter out = spec.commandLine().getOut();
        List<String> wanted = series == null ? List.of() : series;
        out.print(behind ? listing.behindText(wanted) : listing.table(wanted));
        out.flush();
        return 0;
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = {"Pin kernels: write the package versions and SHA-256 the index offers now, for the kernel and its",
                    "headers, into fixtures/kernels.yaml, and say what changed. A series pins its newest kernel."},
            footer = {"", "Examples:", "  hmsabi kernels pin debian:6.1.0-56   # after Debian replaced linux-kbuild-6.1",
                    "  hmsabi kernels pin debian:7.3 debian:6.18"})
    int pin(
            @Parameters(arity = "1..*", paramLabel = "REF", description = "debian:<abi>, debian:<series> or debian:latest")
            List<String> references,
            @Option(names = "--note", paramLabel = "TEXT", description = "a note for the pin (default: keep the old note)")
            String note,
            @Mixin CacheDirOption cacheDir) {
        KernelPins pins = KernelPins.find(workingDirectory).map(KernelPins::load).orElseThrow(() -> new BadInputException(
                "no fixtures/kernels.yaml above " + workingDirectory + "; run 'hmsabi kernels pin' inside an hmsabi checkout"));
        List<KernelRef> refs = references.stream().map(KernelRef::parse).toList();
        if (refs.stream().anyMatch(KernelRef.ImagePath.class::isInstance)) {
            throw new BadInputException("only debian: kernels can be pinned; a bzImage path is used as it is");
        }
        KernelPinner pinner = new KernelPinner(archive(pins, cacheDir), pins);
        Map<String, List<String>> changes = new LinkedHashMap<>();
        for (KernelRef ref : refs) {
            changes.put(ref.text(), pinner.pin(ref, Optional.ofNullable(note)));
        }
        pinner.result().save();
        PrintWriter out = spec.commandLine().getOut();
        changes.forEach((ref, lines) -> {
            if (lines.isEmpty()) {
                out.println(ref + ": unchanged");
            }
            lines.forEach(line -> out.println(ref + ": " + line));
        });
        out.println("wrote " + pins.describeSource());
        out.flush();
        return 0;
    }

    private Consumer<String> progress() {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    private KernelCache cache(CacheDirOption cacheDir) {
        return new KernelCache(KernelCache.locateRoot(cacheDir.get(), environment), progress());
    }

    private DebianArchive archive(KernelPins pins, CacheDirOption cacheDir) {
        return archiveOverride.orElseGet(() -> Kernels.archive(
                KernelCache.locateRoot(cacheDir.get(), environment).getParent(), pins, environment, progress()));
    }

    private Kernels kernels(KernelPins pins, CacheDirOption cacheDir) {
        return new Kernels(archive(pins, cacheDir), cache(cacheDir), pins, progress());
    }

    /** --modules belongs to the one bzImage reference; with none or several it is ambiguous. */
    private static List<KernelRef> withModules(List<KernelRef> refs, Optional<Path> modules) {
        if (modules.isEmpty()) {
            return refs;
        }
        long images = refs.stream().filter(KernelRef.ImagePath.class::isInstance).count();
        if (images != 1) {
            throw new BadInputException("--modules " + modules.get() + " needs exactly one bzImage REF, got " + images
                    + "; fetch bzImages with their modules one at a time");
        }
        List<KernelRef> result = new ArrayList<>();
        for (KernelRef ref : refs) {
            result.add(ref instanceof KernelRef.ImagePath image ? new KernelRef.ImagePath(image.bzImage(), modules) : ref);
        }
        return result;
    }
}
