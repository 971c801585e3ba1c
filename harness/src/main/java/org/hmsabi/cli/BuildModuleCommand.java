package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelHeaders;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.kernel.ModuleBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hmsabi build-module}: build an out-of-tree module against a Debian kernel's headers, print the .ko path. */
@Command(name = "build-module", mixinStandardHelpOptions = true,
        description = "Build an out-of-tree kernel module (Kbuild + C sources) against a debian: kernel's headers "
                + "(fetched and cached on first use) and print the path of each .ko.",
        footer = {"", "It takes the guest options (--cache-dir and others) but boots no guest.", "", "Example:",
                "  hmsabi build-module --kernel debian:6.12 --source vm-images/example-driver"})
final class BuildModuleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi> or debian:<series>")
    String kernelRef;

    @Option(names = "--source", paramLabel = "DIR", description = "the module's directory (default: vm-images/example-driver)")
    Path source;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = guestOptions.workspace();
        Path sourceDir = Optional.ofNullable(source).orElse(workspace.root().resolve("vm-images/example-driver"));
        List<Path> modules = build(guestOptions, kernelRef, sourceDir, err);
        modules.forEach(spec.commandLine().getOut()::println);
        return Main.OK;
    }

    /** Resolves the kernel (a series to its newest ABI) and builds; shared with validate-driver's messages. */
    static List<Path> build(GuestOptions options, String reference, Path sourceDir, PrintWriter progress) {
        Kernel kernel = options.kernel(reference, progress);
        if (!(KernelRef.parse(kernel.exactReference()) instanceof KernelRef.DebianKernel debian)) {
            throw new BadInputException(reference + ": modules can be built only for debian: kernels, whose headers"
                    + " packages hmsabi fetches; build against your own tree with make -C <tree> M=<dir>");
        }
        Workspace workspace = options.workspace();
        Consumer<String> say = line -> {
            progress.println(line);
            progress.flush();
        };
        KernelHeaders headers = KernelHeaders.onThisMachine(options.cacheDir(), System.getenv(), workspace.root(), say);
        return new ModuleBuilder(headers, ModuleBuilder.locateRoot(workspace.cacheRoot()), workspace.root(), say).build(sourceDir, debian);
    }
}
