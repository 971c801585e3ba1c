package org.hmsabi.guest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;
import org.tukaani.xz.XZInputStream;

/**
 * The loadable modules a guest needs, found in a kernel's {@code lib/modules/RELEASE} tree.
 * Debian's packages ship no {@code modules.dep} (depmod makes it at install time), so each
 * module's dependencies come from its own {@code .modinfo} "depends=" field, the same data
 * depmod reads. A wanted module that is built in (modules.builtin) needs nothing; one that is a
 * module comes with its dependencies, each ordered after what it depends on.
 */
public final class KernelModules {
    private static final byte[] DEPENDS = "depends=".getBytes(StandardCharsets.US_ASCII);

    private final Path modulesDir;
    private final Set<String> builtin;
    /** Indexed on first need: walking a distribution kernel's module tree costs a few hundred ms. */
    private Map<String, Path> fileByName;

    private KernelModules(Path modulesDir, Set<String> builtin) {
        this.modulesDir = modulesDir;
        this.builtin = builtin;
    }

    /** Reads the built-in list of {@code modulesDir} (lib/modules/RELEASE of a kernel). */
    public static KernelModules read(Path modulesDir) {
        Set<String> builtin = new HashSet<>();
        Path builtinList = modulesDir.resolve("modules.builtin");
        try {
            if (Files.exists(builtinList)) {
                for (String line : Files.readAllLines(builtinList)) {
                    if (!line.isBlank()) {
                        builtin.add(nameOf(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(modulesDir, e);
        }
        return new KernelModules(modulesDir, builtin);
    }

    private Map<String, Path> files() {
        if (fileByName == null) {
            Map<String, Path> files = new HashMap<>();
            Path tree = modulesDir.resolve("kernel");
            if (Files.isDirectory(tree)) {
                try (Stream<Path> paths = Files.walk(tree)) {
                    paths.filter(path -> path.getFileName().toString().matches(".*\\.ko(\\.xz)?"))
                            .forEach(path -> files.put(nameOf(path.getFileName().toString()), path));
                } catch (IOException e) {
                    throw unreadable(modulesDir, e);
                }
            }
            fileByName = files;
        }
        return fileByName;
    }

    private static InfrastructureException unreadable(Path modulesDir, IOException e) {
        return new InfrastructureException("cannot index the modules in " + modulesDir + ": " + e.getMessage()
                + "; re-fetch the kernel or pass --modules with a complete lib/modules/<release> directory", e);
    }

    /** {@code kernel/drivers/char/virtio_console.ko.xz} → {@code virtio_console}; '-' and '_' are the same to the kernel. */
    static String nameOf(String modulePath) {
        String file = modulePath.substring(modulePath.lastIndexOf('/') + 1);
        int dot = file.indexOf(".ko");
        return (dot > 0 ? file.substring(0, dot) : file).replace('-', '_');
    }

    public boolean isBuiltin(String name) {
        return builtin.contains(name.replace('-', '_'));
    }

    public boolean isModule(String name) {
        return files().containsKey(name.replace('-', '_'));
    }

    /**
     * The module files to load for {@code wanted}, dependencies first. Wanted names that are
     * built in, or that this kernel does not have, contribute nothing.
     */
    public List<Path> loadOrder(List<String> wanted) {
        LinkedHashSet<String> ordered = new LinkedHashSet<>();
        for (String name : wanted) {
            if (!isBuiltin(name)) {
                visit(name.replace('-', '_'), ordered, new HashSet<>());
            }
        }
        return ordered.stream().map(files()::get).toList();
    }

    private void visit(String name, LinkedHashSet<String> ordered, Set<String> onPath) {
        Path file = files().get(name);
        if (file == null || ordered.contains(name) || !onPath.add(name)) {
            return; // built in or absent, done already, or a cycle (modules have none, but never loop)
        }
        for (String dependency : dependenciesOf(file)) {
            visit(dependency, ordered, onPath);
        }
        ordered.add(name);
    }

    /** The names in the module's "depends=" modinfo string. */
    static List<String> dependenciesOf(Path moduleFile) {
        byte[] elf = moduleBytes(moduleFile);
        for (int i = 0; i + DEPENDS.length <= elf.length; i++) {
            if ((i == 0 || elf[i - 1] == 0) && matchesAt(elf, i)) {
                int start = i + DEPENDS.length;
                int end = start;
                while (end < elf.length && elf[end] != 0) {
                    end++;
                }
                List<String> names = new ArrayList<>();
                for (String name : new String(elf, start, end - start, StandardCharsets.US_ASCII).split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip().replace('-', '_'));
                    }
                }
                return names;
            }
        }
        return List.of();
    }

    private static boolean matchesAt(byte[] data, int offset) {
        for (int j = 0; j < DEPENDS.length; j++) {
            if (data[offset + j] != DEPENDS[j]) {
                return false;
            }
        }
        return true;
    }

    /** A module's ELF bytes; {@code .ko.xz} (6.12's packages) is decompressed, since busybox insmod takes plain ELF. */
    static byte[] moduleBytes(Path module) {
        try {
            byte[] raw = Files.readAllBytes(module);
            if (!module.toString().endsWith(".xz")) {
                return raw;
            }
            try (InputStream in = new XZInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the kernel module " + module + ": " + e.getMessage()
                    + "; the kernel cache entry may be damaged: delete it and fetch again", e);
        }
    }
}
