package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.AptArchive;
import org.hmsabi.kernel.DebianArchive;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelCache;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.kernel.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi kernels fetch REF...}: fetches and caches kernels and prints where they are, one
 * tab-separated line per kernel ({@code REF RELEASE IMAGE MODULES-DIR|-}) so scripts can cut
 * fields. Progress goes to stderr. Failures are thrown as {@link org.hmsabi.HmsabiException}s for
 * the main class to turn into one line and an exit code.
 */
@Command(name = "kernels",
        description = "Fetch and cache the kernels hmsabi boots.")
public final class KernelsCommand implements Runnable {
    private final DebianArchive archive;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** Real apt, this process's environment, and the pins of the hmsabi repository ({@link Workspace}). */
    public KernelsCommand() {
        this(new AptArchive(), System.getenv(), Workspace.locate(Optional.empty()).root());
    }

    /** For tests and embedding: the archive, the environment (HMSABI_CACHE, XDG_CACHE_HOME, HOME) and where to look for fixtures/kernels.yaml. */
    public KernelsCommand(DebianArchive archive, Map<String, String> environment, Path workingDirectory) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.environment = Map.copyOf(environment);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** {@code kernels} alone is incomplete: ask for a subcommand, as a usage error (exit 2). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: fetch");
    }

    @Command(name = "fetch",
            description = {"Fetch and cache kernels, then print one line per kernel:",
                    "REF<TAB>RELEASE<TAB>IMAGE<TAB>MODULES-DIR (or - without modules)."})
    int fetch(
            @Parameters(arity = "0..*", paramLabel = "REF",
                    description = "debian:<abi> (debian:6.1.0-56), debian:<series> (debian:6.12: the newest) or a bzImage path")
            List<String> references,
            @Option(names = "--modules", paramLabel = "DIR",
                    description = "modules of the bzImage REF: lib/modules/<release>, or an INSTALL_MOD_PATH root")
            Path modules,
            @Option(names = "--cache-dir", paramLabel = "DIR",
                    description = "hmsabi cache root; kernels go in DIR/kernels (default: $HMSABI_CACHE, "
                            + "else $XDG_CACHE_HOME/hmsabi, else ~/.cache/hmsabi)")
            Path cacheDir,
            @Option(names = "--defaults", description = "also fetch the gate's default pair pinned in fixtures/kernels.yaml")
            boolean defaults,
            @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
            boolean help) {
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
        List<KernelRef> refs = withModules(references.stream().map(KernelRef::parse).toList(), Optional.ofNullable(modules));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        KernelCache cache = new KernelCache(KernelCache.locateRoot(Optional.ofNullable(cacheDir), environment), progress);
        Kernels kernels = new Kernels(archive, cache, pins, progress);
        for (KernelRef ref : refs) {
            Kernel kernel = kernels.resolve(ref);
            out.println(String.join("\t", kernel.reference(), kernel.release(), kernel.image().toString(),
                    kernel.modulesDir().map(Path::toString).orElse("-")));
            out.flush();
        }
        return 0;
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
