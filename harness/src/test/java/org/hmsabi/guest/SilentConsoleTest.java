package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.Kernels;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real QEMU (TCG) with images that never run: each must fail long before the boot timeout, with
 * the kind that blames the image, in one line, and with no QEMU left behind. A kernel that runs
 * and a restored guest are not held to the silent-console limit.
 */
@Tag("guest")
class SilentConsoleTest {
    private static final Duration BOOT_TIMEOUT = GuestSpecs.DEFAULT_BOOT_TIMEOUT;

    private static Workspace workspace;
    private static Kernel kernel;
    private static Topology topology;

    @BeforeAll
    static void resolveKernelAndTopology() {
        workspace = Workspace.locate(Optional.empty());
        String reference = KernelPins.findOrNone(workspace.root()).defaults().candidate().reference();
        kernel = Kernels.onThisMachine(Optional.empty(), System.getenv(), workspace.root(), System.err::println).resolve(reference);
        topology = TopologyLoader.load("two-socket", workspace.topologiesDir());
    }

    /** The default kernel on two-socket, fresh boots, the default boot timeout and silent-console limit. */
    private static GuestSpec spec() {
        return GuestSpecs.of(kernel, topology, workspace.cacheRoot()).withSavedStates(false);
    }

    /** The same guest booting another image (with the real kernel's modules: the initramfs is the usual one). */
    private static GuestSpec booting(String name, Path image) {
        GuestSpec real = spec();
        return new GuestSpec(name, image, real.modulesDir(), real.hmat(), real.topologyArguments(), real.transport(),
                real.bootTimeout(), real.cacheDir(), real.extraKernelArguments(), false);
    }

    /** A copy of the kernel with one 16 KiB block of zeros at {@code offset}, as a bad disk sector leaves it. */
    private static Path damagedCopy(Path dir, long offset) throws IOException {
        Path copy = Files.copy(kernel.image(), dir.resolve("vmlinuz-damaged"));
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.seek(offset);
            file.write(new byte[16 * 1024]);
        }
        return copy;
    }

    private static List<ProcessHandle> qemuDescendants() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").contains("qemu-system"))
                .toList();
    }

    private static GuestBootException bootFailure(GuestSpec spec) {
        GuestBootException failure = catchThrowableOfType(() -> Guest.boot(spec), GuestBootException.class);
        assertThat(failure).as("%s must fail to boot", spec.name()).isNotNull();
        assertThat(failure.getMessage()).doesNotContain("\n").startsWith(spec.name() + ": ");
        assertThat(qemuDescendants()).as("no QEMU left after a failed boot").isEmpty();
        return failure;
    }

    /**
     * A bzImage header QEMU loads, whose real-mode entry (offset 0x200) is {@code jmp $}: a
     * "kernel" that runs forever and never prints a byte.
     */
    private static Path spinningImage(Path dir) throws IOException {
        ByteBuffer image = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        image.put(0x1f1, (byte) 4);                 // setup_sects
        image.putShort(0x1fe, (short) 0xaa55);      // boot_flag
        image.put(0x200, (byte) 0xeb).put(0x201, (byte) 0xfe); // jmp $
        image.putInt(0x202, 0x53726448);            // "HdrS"
        image.putShort(0x206, (short) 0x020f);      // boot protocol 2.15
        image.put(0x211, (byte) 0x01);              // LOADED_HIGH: a bzImage
        image.putInt(0x22c, 0x7fffffff);            // initrd_addr_max
        image.putInt(0x238, 4096);                  // cmdline_size
        return Files.write(dir.resolve("bzImage-spinning"), image.array());
    }

    @Test
    void anImageThatNeverPrintsFailsAtItsSilentConsoleLimit(@TempDir Path dir) throws IOException {
        GuestSpec spinning = booting("spinning image on two-socket", spinningImage(dir))
                .withSilentConsoleLimit(Duration.ofSeconds(3));
        Instant start = Instant.now();
        GuestBootException failure = bootFailure(spinning);
        Duration took = Duration.between(start, Instant.now());

        assertThat(failure.kind()).isEqualTo(GuestBootException.Kind.SILENT_CONSOLE);
        assertThat(failure.getMessage()).isEqualTo("spinning image on two-socket: the kernel printed nothing on the console"
                + " within 3 s of QEMU starting: " + spinning.kernelImage() + " is damaged or not a kernel QEMU can boot");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aKernelWithADamagedSetupBlockFailsAtTheDefaultLimitNotTheBootTimeout(@TempDir Path dir) throws IOException {
        // Zeros over the second 16 KiB block (setup and decompressor code): QEMU runs it, and it never prints.
        GuestSpec damaged = booting(kernel.reference() + " (damaged) on two-socket", damagedCopy(dir, 16 * 1024));
        assertThat(damaged.effectiveSilentConsoleLimit()).isEqualTo(Duration.ofSeconds(30));
        assertThat(damaged.bootTimeout()).isEqualTo(BOOT_TIMEOUT);
        Instant start = Instant.now();
        GuestBootException failure = bootFailure(damaged);
        Duration took = Duration.between(start, Instant.now());

        assertThat(failure.kind()).isEqualTo(GuestBootException.Kind.SILENT_CONSOLE);
        assertThat(failure.kind().blamesTheImage()).isTrue();
        assertThat(failure.getMessage()).contains("printed nothing on the console within 30 s of QEMU starting")
                .contains(damaged.kernelImage().toString());
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(30)).isLessThan(Duration.ofSeconds(90));
    }

    @Test
    void aKernelWithADamagedPayloadFailsAsSoonAsItsDecompressorHalts(@TempDir Path dir) throws IOException {
        // Zeros in the middle of the image: the compressed kernel, which the decompressor finds corrupt.
        long middle = Files.size(kernel.image()) / 2 / (16 * 1024) * (16 * 1024);
        GuestSpec damaged = booting(kernel.reference() + " (damaged) on two-socket", damagedCopy(dir, middle));
        Instant start = Instant.now();
        GuestBootException failure = bootFailure(damaged);
        Duration took = Duration.between(start, Instant.now());

        assertThat(failure.kind()).isEqualTo(GuestBootException.Kind.UNPACK_FAILED);
        assertThat(failure.getMessage()).containsPattern("could not unpack itself \\([A-Z0-9]+-compressed data is corrupt\\)")
                .contains(damaged.kernelImage().toString());
        assertThat(failure.console()).contains("System halted");
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    /**
     * The measured case end to end: a cached kernel whose vmlinuz lost a 16 KiB block after it was
     * verified. The failed boot checks the cache entry, names the damage and removes the entry, so
     * the next resolve fetches the kernel anew instead of failing the same way on every run.
     */
    @Test
    void aFailedBootOfADamagedCachedKernelRemovesTheEntryAndTheNextResolveFetchesItAgain(@TempDir Path cache) throws IOException {
        Path kernels = cache.resolve("kernels");
        Path entry = kernel.image().getParent();
        while (!Files.isRegularFile(entry.resolve(org.hmsabi.kernel.KernelCache.MANIFEST))) {
            entry = entry.getParent();
        }
        Path copy = kernels.resolve(entry.getFileName());
        copyTree(entry, copy);
        Path image = copy.resolve(entry.relativize(kernel.image()));
        long middle = Files.size(image) / 2 / (16 * 1024) * (16 * 1024);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(middle);
            file.write(new byte[16 * 1024]);
        }

        GuestBootException failure = bootFailure(booting(kernel.reference() + " (cached, damaged) on two-socket", image));

        assertThat(failure.kind()).isEqualTo(GuestBootException.Kind.DAMAGED_CACHE);
        assertThat(failure.getMessage()).contains("the cached kernel was damaged (" + copy.relativize(image) + " has another SHA-256")
                .endsWith("and has been removed: run again to fetch it anew");
        assertThat(copy).doesNotExist();
        Kernel again = Kernels.onThisMachine(Optional.of(cache), System.getenv(), workspace.root(), System.err::println)
                .resolve(kernel.exactReference());
        assertThat(Files.mismatch(again.image(), kernel.image())).isEqualTo(-1L);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void aKernelThatRunsPrintsLongBeforeAShortLimit() {
        try (Guest guest = Guest.boot(spec().withSilentConsoleLimit(Duration.ofSeconds(10)))) {
            assertThat(guest.restored()).isFalse();
            assertThat(guest.consoleText()).contains("Linux version");
        }
        assertThat(qemuDescendants()).isEmpty();
    }

    @Test
    void aRestoredGuestIsNotHeldToTheLimit() {
        GuestSpec saving = spec().withSavedStates(true);
        try (Guest first = Guest.boot(saving)) {
            assertThat(first.isRunning()).isTrue(); // booted and saved, or restored from an earlier run's state
        }
        // A restored guest prints nothing on its console: were it watched, 1 ms of silence would fail it.
        try (Guest restored = Guest.boot(saving.withSilentConsoleLimit(Duration.ofMillis(1)))) {
            assertThat(restored.restored()).isTrue();
        }
        assertThat(qemuDescendants()).isEmpty();
    }

    @Test
    void theSameOneMillisecondLimitFailsAFreshBoot() {
        // The limit that a restored guest ignores fails a fresh boot of the same kernel: only restores skip the rule.
        assertThatThrownBy(() -> Guest.boot(spec().withSilentConsoleLimit(Duration.ofMillis(1))))
                .isInstanceOf(GuestBootException.class)
                .satisfies(e -> assertThat(((GuestBootException) e).kind()).isEqualTo(GuestBootException.Kind.SILENT_CONSOLE));
        assertThat(qemuDescendants()).isEmpty();
    }
}
