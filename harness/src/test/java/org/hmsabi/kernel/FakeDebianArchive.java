package org.hmsabi.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory package index. A "download" writes a small .deb-named file whose SHA-256 is the
 * one the index advertises (unless told to corrupt it); "unpacking" it lays out boot/ and
 * lib/modules/ as a real linux-image package does.
 */
final class FakeDebianArchive implements DebianArchive {
    /** What unpacking a package lays out: the whole image package, or one part of a split kernel. */
    enum Layout { IMAGE_WITH_MODULES, BINARY_BOOT, BINARY_USR, MODULES, BASE }

    private record Entry(DebianPackage pkg, byte[] content, String release, Layout layout) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> otherNames = new ArrayList<>();
    private final List<String> corrupted = new ArrayList<>();
    final AtomicInteger downloads = new AtomicInteger();
    final AtomicInteger searches = new AtomicInteger();

    /** Adds {@code linux-image-<abi>-amd64-unsigned} at {@code version}, release {@code <abi>-amd64}. */
    FakeDebianArchive with(String abi, String version) {
        return withPackage(DebianKernelPackages.Kind.IMAGE_UNSIGNED.packageName(abi), version, abi, Layout.IMAGE_WITH_MODULES);
    }

    /** Adds the signed {@code linux-image-<abi>-amd64} (trixie's packaging). */
    FakeDebianArchive withSigned(String abi, String version) {
        return withPackage(DebianKernelPackages.Kind.IMAGE.packageName(abi), version, abi, Layout.IMAGE_WITH_MODULES);
    }

    /**
     * Adds a split kernel: the empty image metapackage, {@code linux-binary-<abi>-amd64} (image
     * under boot/, or under usr/lib/modules/ when {@code usrImage}) and, when {@code companions},
     * its modules and base packages.
     */
    FakeDebianArchive withSplit(String abi, String version, boolean usrImage, boolean companions) {
        listing(DebianKernelPackages.Kind.IMAGE.packageName(abi));
        withPackage(DebianKernelPackages.Kind.BINARY.packageName(abi), version, abi, usrImage ? Layout.BINARY_USR : Layout.BINARY_BOOT);
        if (companions) {
            withPackage(DebianKernelPackages.Kind.MODULES.packageName(abi), version, abi, Layout.MODULES);
            withPackage(DebianKernelPackages.Kind.BASE.packageName(abi), version, abi, Layout.BASE);
        }
        return this;
    }

    private FakeDebianArchive withPackage(String name, String version, String abi, Layout layout) {
        byte[] content = ("fake deb of " + name + " " + version).getBytes(StandardCharsets.UTF_8);
        entries.put(name, new Entry(new DebianPackage(name, version, sha256(content), content.length), content, abi + "-amd64", layout));
        return this;
    }

    /** The index forgets a package (Debian published a newer one); what was downloaded stays cached. */
    FakeDebianArchive dropping(String packageName) {
        entries.remove(packageName);
        otherNames.remove(packageName);
        return this;
    }

    /** A package name that is listed but never described or downloaded (flavours, noise). */
    FakeDebianArchive listing(String packageName) {
        otherNames.add(packageName);
        return this;
    }

    /** Downloads of this ABI's package deliver other bytes than the index's checksum says. */
    FakeDebianArchive corrupting(String abi) {
        corrupted.add(DebianKernelPackages.Kind.IMAGE_UNSIGNED.packageName(abi));
        return this;
    }

    DebianPackage packageOf(String abi) {
        return entries.get(DebianKernelPackages.Kind.IMAGE_UNSIGNED.packageName(abi)).pkg();
    }

    @Override
    public List<String> kernelPackageNames() {
        searches.incrementAndGet();
        List<String> names = new ArrayList<>(entries.keySet());
        names.addAll(otherNames);
        return names;
    }

    @Override
    public Optional<DebianPackage> describe(String packageName) {
        return Optional.ofNullable(entries.get(packageName)).map(Entry::pkg);
    }

    @Override
    public Optional<DebianPackage> describe(String packageName, String version) {
        return describe(packageName).filter(pkg -> pkg.version().equals(version));
    }

    @Override
    public Path download(DebianPackage pkg, Path directory) {
        downloads.incrementAndGet();
        Entry entry = entries.get(pkg.name());
        byte[] content = corrupted.contains(pkg.name()) ? "tampered".getBytes(StandardCharsets.UTF_8) : entry.content();
        try {
            return Files.write(directory.resolve(pkg.name() + "_" + pkg.version() + "_amd64.deb"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void unpack(Path deb, Path directory) {
        String name = deb.getFileName().toString().split("_", 2)[0];
        Entry entry = entries.get(name);
        String release = entry.release();
        try {
            byte[] image = FakeBzImage.withVersion(release + " (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian");
            switch (entry.layout()) {
                case IMAGE_WITH_MODULES -> {
                    FakeBzImage.write(directory.resolve("boot/vmlinuz-" + release), image);
                    Files.writeString(directory.resolve("boot/config-" + release), "CONFIG_NUMA=y\n");
                    Path modules = Files.createDirectories(directory.resolve("lib/modules/" + release + "/kernel/drivers"));
                    Files.writeString(modules.resolve("virtio_console.ko"), "module");
                }
                case BINARY_BOOT -> FakeBzImage.write(directory.resolve("boot/vmlinuz-" + release), image);
                case BINARY_USR -> FakeBzImage.write(directory.resolve("usr/lib/modules/" + release + "/vmlinuz"), image);
                case MODULES -> {
                    Path modules = Files.createDirectories(directory.resolve("usr/lib/modules/" + release + "/kernel/drivers"));
                    Files.writeString(modules.resolve("virtio_mem.ko.xz"), "module");
                }
                case BASE -> {
                    Path base = Files.createDirectories(directory.resolve("usr/lib/modules/" + release));
                    Files.writeString(base.resolve("config"), "CONFIG_NUMA=y\n");
                    Files.writeString(base.resolve("modules.builtin"), "kernel/drivers/virtio/virtio_pci.ko\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bookworm-like index, with 6.1.0-9 to catch string ordering and newer flavours a series must skip. */
    static FakeDebianArchive sample() {
        FakeDebianArchive archive = new FakeDebianArchive();
        String[][] kernels = {
            {"6.1.0-47", "6.1.158-1"}, {"6.1.0-9", "6.1.27-1"}, {"6.1.0-56", "6.1.192-2"}, {"6.1.0-55", "6.1.191-1"},
            {"6.12.107+deb12", "6.12.107-1~deb12u1"}, {"6.12.117+deb12", "6.12.117-1~deb12u1"},
            {"6.12.115+deb12", "6.12.115-1~deb12u1"},
        };
        for (String[] kernel : kernels) {
            archive.with(kernel[0], kernel[1]);
        }
        return archive
                .listing("linux-image-6.1.0-57-cloud-amd64-unsigned")
                .listing("linux-image-6.1.0-57-rt-amd64-unsigned")
                .listing("linux-image-6.12.119+deb12-rt-amd64-unsigned");
    }
}
