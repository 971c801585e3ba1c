package org.hmsabi.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hmsabi.InfrastructureException;

/**
 * The loadable modules a guest needs, found through the kernel's own {@code modules.dep} and
 * {@code modules.builtin}: a wanted module that is built in needs nothing, one that is a module
 * comes with its dependencies, ordered so each is loaded after what it depends on.
 */
public final class KernelModules {
    private final Path modulesDir;
    private final Map<String, List<String>> dependencies = new HashMap<>();
    private final Map<String, String> pathByName = new HashMap<>();
    private final Set<String> builtin = new HashSet<>();

    private KernelModules(Path modulesDir) {
        this.modulesDir = modulesDir;
    }

    /** Reads {@code modulesDir/modules.dep} and {@code modules.builtin} (lib/modules/RELEASE of a kernel). */
    public static KernelModules read(Path modulesDir) {
        KernelModules modules = new KernelModules(modulesDir);
        try {
            for (String line : Files.readAllLines(modulesDir.resolve("modules.dep"))) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String module = line.substring(0, colon).strip();
                List<String> deps = new ArrayList<>();
                for (String dep : line.substring(colon + 1).strip().split("\\s+")) {
                    if (!dep.isEmpty()) {
                        deps.add(dep);
                    }
                }
                modules.dependencies.put(module, deps);
                modules.pathByName.put(nameOf(module), module);
            }
            Path builtinList = modulesDir.resolve("modules.builtin");
            if (Files.exists(builtinList)) {
                for (String line : Files.readAllLines(builtinList)) {
                    if (!line.isBlank()) {
                        modules.builtin.add(nameOf(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the module list in " + modulesDir + ": " + e.getMessage()
                    + "; re-fetch the kernel or pass --modules with a complete lib/modules/<release> directory", e);
        }
        return modules;
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
        return pathByName.containsKey(name.replace('-', '_'));
    }

    /**
     * The module files (absolute paths) to load for {@code wanted}, dependencies first.
     * Wanted names that are built in, or that this kernel does not have, contribute nothing.
     */
    public List<Path> loadOrder(List<String> wanted) {
        LinkedHashSet<String> ordered = new LinkedHashSet<>();
        for (String name : wanted) {
            String path = pathByName.get(name.replace('-', '_'));
            if (path != null) {
                visit(path, ordered, new HashSet<>());
            }
        }
        return ordered.stream().map(modulesDir::resolve).toList();
    }

    private void visit(String module, LinkedHashSet<String> ordered, Set<String> onPath) {
        if (ordered.contains(module) || !onPath.add(module)) {
            return; // done already, or a dependency cycle (modules.dep has none, but never loop)
        }
        for (String dep : dependencies.getOrDefault(module, List.of())) {
            visit(dep, ordered, onPath);
        }
        ordered.add(module);
    }
}
