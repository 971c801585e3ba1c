package org.hmsabi.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/**
 * ndctl's {@code cxl} tool for a guest, from Debian {@value #SUITE}'s packages: the packages
 * vm-images/initramfs/cxl-tool.packages names are downloaded through hmsabi's apt configuration,
 * verified against the index and unpacked, once, into {@code <cache>/tools/cxl-<suite>-<versions>};
 * a cache that has them is used without asking the archive anything. {@link #guestFiles} is what
 * the initramfs gets: the tool and every shared library of the packages (by soname) under
 * {@value #GUEST_ROOT}, run with the packages' own loader, so the guest's tool never mixes with the
 * host libraries numactl brings.
 */
public final class CxlToolPackages {
    /** The Debian suite the tool comes from. */
    public static final String SUITE = "trixie";
    /** Where the tool lives in the guest. */
    public static final String GUEST_ROOT = "/opt/cxl";
    /** The tool in the guest. */
    public static final String GUEST_BINARY = GUEST_ROOT + "/bin/cxl";
    /** Its libraries in the guest. */
    public static final String GUEST_LIBRARIES = GUEST_ROOT + "/lib";
    /** Its loader in the guest (x86-64 ABI name). */
    public static final String GUEST_LOADER = GUEST_LIBRARIES + "/ld-linux-x86-64.so.2";

    static final String PACKAGES_RESOURCE = "/org/hmsabi/guest/initramfs/cxl-tool.packages";
    private static final String COMPLETE = "complete";
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");
    private static final Pattern SONAME = Pattern.compile("(lib[A-Za-z0-9_+.-]+\\.so\\.[0-9]+|ld-linux-x86-64\\.so\\.2)");
    private static final List<String> LIBRARY_DIRS = List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib64", "lib64");

    private CxlToolPackages() {
    }

    /** The package names of the data file: one a line, {@code #} comments and blank lines ignored. */
    static List<String> packageNames(String text, String source) {
        List<String> names = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String name = line.replaceFirst("#.*", "").strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!PACKAGE_NAME.matcher(name).matches()) {
                throw new InfrastructureException(source + ": '" + name + "' is no Debian package name; fix the line");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new InfrastructureException(source + " names no package; it must name at least the cxl package");
        }
        return List.copyOf(names);
    }

    static List<String> packageNames() {
        try (InputStream in = CxlToolPackages.class.getResourceAsStream(PACKAGES_RESOURCE)) {
            if (in == null) {
                throw new InfrastructureException("the harness jar lacks cxl-tool.packages; rebuild it with 'mvn -pl harness package'");
            }
            return packageNames(new String(in.readAllBytes(), StandardCharsets.UTF_8), "vm-images/initramfs/cxl-tool.packages");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read cxl-tool.packages from the harness jar: " + e.getMessage(), e);
        }
    }

    /** The unpacked packages already in {@code hmsabiCache}, if any (the newest name wins). */
    public static Optional<Path> cached(Path hmsabiCache) {
        Path tools = hmsabiCache.resolve("tools");
        if (!Files.isDirectory(tools)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(tools)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("cxl-" + SUITE + "-"))
                    .filter(dir -> Files.isRegularFile(dir.resolve(COMPLETE)))
                    .max(Path::compareTo)
                    .map(dir -> dir.resolve("root"));
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + tools + ": " + e.getMessage(), e);
        }
    }

    /**
     * The unpacked packages: the cached ones, else downloaded now from {@value #SUITE} through
     * {@code archive} (every package of the data file, each verified against the index).
     */
    public static Path cachedOrFetch(Path hmsabiCache, AptArchive archive, Consumer<String> progress) {
        Optional<Path> cached = cached(hmsabiCache);
        if (cached.isPresent()) {
            return cached.get();
        }
        Map<String, DebianPackage> packages = new LinkedHashMap<>();
        for (String name : packageNames()) {
            String version = archive.versionIn(name, SUITE).orElseThrow(() -> new InfrastructureException(
                    "Debian " + SUITE + " offers no package " + name + " (vm-images/initramfs/cxl-tool.packages names it); "
                            + "check that the kernel pins list " + SUITE + " and the index is current"));
            packages.put(name, archive.describe(name, version).orElseThrow(() -> new InfrastructureException(
                    "the package index describes no " + name + " " + version + "; run the command again after the index update")));
        }
        String key = key(packages.values().stream().map(DebianPackage::nameAndVersion).toList());
        Path tools = hmsabiCache.resolve("tools");
        try {
            return CacheEntry.obtain(tools, "cxl-" + SUITE + "-" + key, entry -> Files.isRegularFile(entry.resolve(COMPLETE)),
                    () -> progress.accept("cxl tool: waiting for another hmsabi process to finish unpacking it"), (tree, scratch) -> {
                        for (DebianPackage pkg : packages.values()) {
                            progress.accept("cxl tool: downloading " + pkg.nameAndVersion() + " (" + SUITE + ")");
                            Path deb = archive.download(pkg, Files.createDirectories(scratch.resolve(pkg.name())));
                            pkg.verifyDownload(deb);
                            archive.unpack(deb, tree.resolve("root"));
                        }
                        guestFiles(tree.resolve("root"));
                        Files.writeString(tree.resolve(COMPLETE), String.join("\n", packages.values().stream()
                                .map(DebianPackage::nameAndVersion).toList()) + "\n");
                    }).resolve("root");
        } catch (IOException e) {
            throw new InfrastructureException("cannot unpack the cxl tool under " + tools + ": " + e.getMessage(), e);
        }
    }

    /** A short hash of the package versions: a new version of any of them is another directory. */
    static String key(List<String> namesAndVersions) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", namesAndVersions).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The initramfs files of the unpacked packages under {@code root}: archive path (no leading
     * slash) → host file, the tool and every library by its soname, checked so that each ELF's
     * DT_NEEDED is among them (else the tool would not start in the guest).
     */
    public static Map<String, Path> guestFiles(Path root) {
        Map<String, Path> files = new TreeMap<>();
        Path tool = root.resolve("usr/bin/cxl");
        if (!Files.isRegularFile(tool)) {
            throw new InfrastructureException(root + " has no usr/bin/cxl; delete " + root.getParent() + " and run again");
        }
        files.put(GUEST_BINARY.substring(1), tool);
        for (String dir : LIBRARY_DIRS) {
            Path libraries = root.resolve(dir);
            if (!Files.isDirectory(libraries, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(libraries)) {
                for (Path entry : entries.sorted().toList()) {
                    String name = entry.getFileName().toString();
                    if (SONAME.matcher(name).matches() && Files.isRegularFile(entry)) {
                        files.putIfAbsent(GUEST_LIBRARIES.substring(1) + "/" + name, entry);
                    }
                }
            } catch (IOException e) {
                throw new InfrastructureException("cannot list " + libraries + ": " + e.getMessage(), e);
            }
        }
        if (!files.containsKey(GUEST_LOADER.substring(1))) {
            throw new InfrastructureException(root + " has no ld-linux-x86-64.so.2: cxl-tool.packages must name libc6");
        }
        List<String> missing = new ArrayList<>();
        for (Path elf : files.values()) {
            for (String needed : needed(elf)) {
                if (!files.containsKey(GUEST_LIBRARIES.substring(1) + "/" + needed)) {
                    missing.add(needed + " (for " + elf.getFileName() + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InfrastructureException("the cxl tool's packages lack " + String.join(", ", missing.stream().distinct().toList())
                    + ": add the packages that provide them to vm-images/initramfs/cxl-tool.packages");
        }
        return files;
    }

    /** An ELF file's DT_NEEDED entries, from {@code readelf -d}. */
    static List<String> needed(Path elf) {
        CommandRunner.Result result = new CommandRunner().run(List.of("readelf", "-d", "-W", elf.toString()), Path.of("/"), Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new InfrastructureException("readelf -d " + elf + " failed (apt-get install binutils): " + result.diagnostic());
        }
        return neededFrom(result.stdout());
    }

    /** The {@code (NEEDED) Shared library: [name]} entries of {@code readelf -d} output. */
    static List<String> neededFrom(String readelf) {
        List<String> names = new ArrayList<>();
        var matcher = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]/]{1,200})\\]").matcher(readelf);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
