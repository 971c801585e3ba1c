package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.guest.GuestBooting;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.gate.BaselineKernel;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.kernel.Kernels;
import org.hmsabi.qemu.ContainerLauncher;
import org.hmsabi.qemu.QemuLauncher;
import org.hmsabi.qemu.QemuRunners;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that boots guests shares: where things are cached, how long a boot may take, which channel. */
final class GuestOptions {
    /** Where QEMU runs. */
    enum Runner { host, container, auto }

    /** The agent channel. */
    enum Transport {
        auto(GuestSpec.Transport.AUTO), serial(GuestSpec.Transport.SERIAL);

        final GuestSpec.Transport channel;

        Transport(GuestSpec.Transport channel) {
            this.channel = channel;
        }
    }

    @Mixin
    ModulesOption modules;

    @Mixin
    CacheDirOption cacheDir;

    @Option(names = "--boot-timeout", paramLabel = "SECONDS", defaultValue = "240",
            description = "how long a guest may take to boot to its agent (default: ${DEFAULT-VALUE})")
    long bootTimeoutSeconds;

    @Option(names = "--transport", paramLabel = "auto|serial", defaultValue = "auto",
            description = "agent channel: the fastest the kernel has (auto), or the 8250 UART (serial) (default: ${DEFAULT-VALUE})")
    Transport transport;

    @Option(names = "--runner", paramLabel = "host|container|auto", defaultValue = "host",
            description = "where QEMU runs: on this machine (host), in a local container (container; needs ci/docker-up),"
                    + " or on this machine and, for the fixtures its QEMU is too old for, in the trixie container (auto)"
                    + " (default: ${DEFAULT-VALUE})")
    Runner runner;

    /** The Debian suite of the container runner's image. */
    enum ContainerSuite { bookworm, trixie }

    @Option(names = "--container-suite", paramLabel = "bookworm|trixie", defaultValue = "bookworm",
            description = "the Debian suite of --runner container's image: bookworm (QEMU 7.2) or trixie (QEMU 10.0;"
                    + " generic initiators, CXL) (default: ${DEFAULT-VALUE})")
    ContainerSuite containerSuite;

    @Option(names = "--fresh-boot",
            description = "boot every guest, even where a saved state of the same guest could be restored (and save none)")
    boolean freshBoot;

    private QemuRunners runners; // chosen once per command: the container's image is checked (or built) once

    Workspace workspace() {
        return Workspace.locate(cacheDir.get());
    }

    Optional<Path> modules() {
        return modules.get();
    }

    Optional<Path> cacheDir() {
        return cacheDir.get();
    }

    Kernel kernel(String reference, PrintWriter progress) {
        return kernels(progress).resolve(KernelRef.parse(reference, modules()));
    }

    /**
     * A gate's baseline: a pinned {@code debian:<abi>} is only described by its pin until a guest
     * of it boots (its golden files may make that unnecessary); any other reference is resolved now.
     */
    BaselineKernel baseline(String reference, KernelPins pins, PrintWriter progress) {
        KernelRef ref = KernelRef.parse(reference, modules());
        if (ref instanceof KernelRef.DebianKernel exact) {
            Optional<KernelPin> pin = pins.pinFor(exact);
            if (pin.isPresent()) {
                return BaselineKernel.pinned(pin.get(), () -> kernels(progress).resolve(ref));
            }
        }
        return BaselineKernel.of(kernels(progress).resolve(ref));
    }

    /** The kernels of this machine (hmsabi's apt configuration, the cache, the repository's pins). */
    Kernels kernels(PrintWriter progress) {
        return Kernels.onThisMachine(cacheDir(), System.getenv(), workspace().root(),
                line -> {
                    progress.println(line);
                    progress.flush();
                });
    }

    GuestSpec guestSpec(Kernel kernel, Topology topology) {
        return booting().spec(kernel, topology);
    }

    /** How these options boot a guest. */
    GuestBooting booting() {
        return new GuestBooting(workspace().cacheRoot(), bootTimeout(), !freshBoot, runners(), transport.channel);
    }

    /** Boots and captures {@code parallel} guests at a time with these options, progress to {@code err}. */
    ParallelCaptures captures(int parallel, PrintWriter err) {
        return new ParallelCaptures(parallel, booting(), line -> {
            err.println(line);
            err.flush();
        });
    }

    /**
     * Every shipped fixture (none {@code named}) less those this runner's QEMU is too old for, each
     * left out with a note on {@code err}; named ones are all kept (booting refuses them, exit 2).
     */
    List<Topology> runnable(List<Topology> topologies, boolean named, PrintWriter err) {
        return named ? topologies : topologies.stream().filter(topology -> runners().leftOut(topology)
                .map(note -> { err.println("note: " + note); err.flush(); return false; }).orElse(true)).toList();
    }

    /**
     * Where each fixture's QEMU runs; a container's image is built on first use (progress to
     * stderr): with {@code auto}, only when a fixture needs the trixie container's QEMU.
     */
    QemuRunners runners() {
        if (runners == null) {
            runners = switch (runner) {
                case host -> QemuRunners.only(QemuLauncher.host());
                case container -> QemuRunners.only(container(containerSuite));
                case auto -> QemuRunners.withNewer(QemuLauncher.host(), () -> container(ContainerSuite.trixie));
            };
        }
        return runners;
    }

    private QemuLauncher container(ContainerSuite suite) {
        return ContainerLauncher.fromRecipe(workspace().root(), suite.name(), line -> {
            System.err.println(line);
            System.err.flush();
        });
    }

    /** The options a reproducing command needs to boot guests the way this run did, e.g. {@code " --runner container"}. */
    String reproducingOptions() {
        return (runner == Runner.host ? "" : " --runner " + runner)
                + (containerSuite == ContainerSuite.bookworm ? "" : " --container-suite " + containerSuite)
                + (transport == Transport.auto ? "" : " --transport " + transport);
    }

    private Duration bootTimeout() {
        if (bootTimeoutSeconds <= 0) {
            throw new org.hmsabi.BadInputException("--boot-timeout " + bootTimeoutSeconds + ": give a positive number of seconds");
        }
        return Duration.ofSeconds(bootTimeoutSeconds);
    }
}
