package org.hmsabi.guest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;

/**
 * Generates the guest's initramfs (an uncompressed newc cpio, which the kernel unpacks fastest):
 * the init script, busybox-static, the static agent, numactl with the shared libraries it needs
 * (an independent reader to cross-check the agent), and the kernel modules the transport needs,
 * decompressed because busybox insmod takes plain ELF. The archive is deterministic (no times,
 * owners or host inode numbers) and cached under a name that is the hash of its content.
 */
public final class InitramfsBuilder {
    private static final String RESOURCES = "/org/hmsabi/guest/";

    private final Path busybox;
    private final Path numactl;

    public InitramfsBuilder(Path busybox, Path numactl) {
        this.busybox = busybox;
        this.numactl = numactl;
    }

    /** Host tools from Debian's busybox-static and numactl packages, overridable for unusual hosts. */
    public static InitramfsBuilder fromHost() {
        return new InitramfsBuilder(
                Path.of(envOr("HMSABI_BUSYBOX", "/bin/busybox")),
                Path.of(envOr("HMSABI_NUMACTL", "/usr/bin/numactl")));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The initramfs for these modules (load order), built once and then reused from {@code cacheDir}. */
    public Path build(List<Path> modules, Path cacheDir) {
        return build(modules, List.of(), cacheDir);
    }

    /**
     * The same, with {@code vendorModules} added under {@link GuestSpec#VENDOR_MODULES_DIR} by
     * file name, not listed for init to load (validate-driver loads them through the agent).
     */
    public Path build(List<Path> modules, List<Path> vendorModules, Path cacheDir) {
        return build(modules, vendorModules, Map.of(), cacheDir);
    }

    /**
     * The same, with {@code tools} added: archive path (no leading slash) → host file, e.g. the
     * cxl tool and its libraries under /opt/cxl ({@link GuestTools}).
     */
    public Path build(List<Path> modules, List<Path> vendorModules, Map<String, byte[]> tools, Path cacheDir) {
        Map<String, byte[]> files = collect(modules);
        for (Path module : vendorModules) {
            files.put(GuestSpec.VENDOR_MODULES_DIR.substring(1) + "/" + GuestSpec.vendorModuleName(module), KernelModules.moduleBytes(module));
        }
        new java.util.TreeMap<>(tools).forEach(files::put);
        String key = hash(files);
        Path target = cacheDir.resolve("initramfs").resolve(key + ".cpio");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), key, ".partial");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                writeCpio(files, out);
            }
            LocalFiles.moveIntoPlace(temporary, target);
            return target;
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the initramfs under " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    /** Archive path (no leading slash) → content; insertion order is archive order. */
    private Map<String, byte[]> collect(List<Path> modules) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("init", resource("initramfs/init"));
        files.put("bin/busybox", read(busybox, "busybox (apt-get install busybox-static)"));
        files.put("bin/hmsabi-agent", resource("agent/hmsabi-agent"));
        files.put("usr/bin/numactl", read(numactl, "numactl (apt-get install numactl)"));
        for (Path library : sharedLibraries(numactl)) {
            files.put(library.toString().substring(1), read(library, "a library numactl needs"));
        }
        StringBuilder loadList = new StringBuilder();
        for (Path module : modules) {
            String name = module.getFileName().toString().replaceFirst("\\.ko(\\.xz)?$", ".ko");
            files.put("lib/modules/hmsabi/" + name, KernelModules.moduleBytes(module));
            loadList.append(name).append('\n');
        }
        files.put("etc/hmsabi/modules", loadList.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return files;
    }

    /** The absolute paths of the shared libraries (and loader) a dynamic executable needs, from ldd. */
    static List<Path> sharedLibraries(Path executable) {
        List<Path> libraries = new ArrayList<>();
        try {
            Process ldd = new ProcessBuilder("ldd", executable.toString()).redirectErrorStream(true).start();
            String output = new String(ldd.getInputStream().readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
            if (!ldd.waitFor(30, TimeUnit.SECONDS)) {
                ldd.destroyForcibly();
            }
            for (String line : output.lines().toList()) {
                String candidate = line.contains("=>") ? line.substring(line.indexOf("=>") + 2) : line;
                candidate = candidate.strip().replaceFirst("\\s*\\(0x[0-9a-f]+\\)$", "");
                if (candidate.startsWith("/")) {
                    libraries.add(Path.of(candidate));
                }
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot run ldd on " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while running ldd", e);
        }
        return libraries;
    }

    private static byte[] resource(String name) {
        try (InputStream in = InitramfsBuilder.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new InfrastructureException("the harness jar lacks " + name
                        + "; rebuild it with 'mvn -pl harness package' (it needs gcc and libc6-dev for the agent)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + name + " from the harness jar: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + what + " at " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                digest.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Long.toString(file.getValue().length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                digest.update((byte) 0);
                digest.update(file.getValue());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void writeCpio(Map<String, byte[]> files, OutputStream out) throws IOException {
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW)) {
            long inode = 1;
            java.util.Set<String> directories = new java.util.TreeSet<>(List.of("dev", "proc", "sys", "tmp"));
            for (String path : files.keySet()) {
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    directories.add(path.substring(0, slash));
                }
            }
            for (String directory : directories) {
                CpioArchiveEntry entry = entry(directory, CpioConstants.C_ISDIR | 0755, inode++, 0);
                entry.setNumberOfLinks(2);
                cpio.putArchiveEntry(entry);
                cpio.closeArchiveEntry();
            }
            // The kernel opens /dev/console for init's output before init runs.
            CpioArchiveEntry console = entry("dev/console", CpioConstants.C_ISCHR | 0600, inode++, 0);
            console.setRemoteDeviceMaj(5);
            console.setRemoteDeviceMin(1);
            cpio.putArchiveEntry(console);
            cpio.closeArchiveEntry();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                boolean executable = !file.getKey().startsWith("etc/") && !file.getKey().startsWith("lib/modules/");
                CpioArchiveEntry entry = entry(file.getKey(), CpioConstants.C_ISREG | (executable ? 0755 : 0644),
                        inode++, file.getValue().length);
                cpio.putArchiveEntry(entry);
                cpio.write(file.getValue());
                cpio.closeArchiveEntry();
            }
        }
    }

    private static CpioArchiveEntry entry(String path, int mode, long inode, long size) {
        CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, path, size);
        entry.setMode(mode);
        entry.setInode(inode);
        entry.setTime(0);
        entry.setUID(0);
        entry.setGID(0);
        entry.setNumberOfLinks(1);
        return entry;
    }
}
