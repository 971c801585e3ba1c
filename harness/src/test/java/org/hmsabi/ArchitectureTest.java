package org.hmsabi;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The harness's package structure: packages in layers, lowest first, each importing only its own
 * layer or lower ones, and no cycle between packages at all. A new package must be given a layer here
 * (and a package-info.java saying what it owns).
 */
class ArchitectureTest {
    /** The layers, lowest first; "" is the root package (exceptions, Workspace, LocalFiles). */
    static final List<List<String>> LAYERS = List.of(
            List.of(""),
            List.of("topology", "container", "kernel"),
            List.of("spec"),
            List.of("model"),
            List.of("qemu"),
            List.of("guest"),
            List.of("capture"),
            List.of("conformance", "diff"),
            List.of("check"),
            List.of("hotplug"),
            List.of("driver"),
            List.of("cxl"),
            List.of("gate", "bisect", "history"),
            List.of("report"),
            List.of("cli"));

    private static final JavaClasses HARNESS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.hmsabi");

    @Test
    void noPackageCycles() {
        slices().matching("org.hmsabi.(*)..").should().beFreeOfCycles().check(HARNESS);
    }

    @Test
    void noPackageImportsAHigherLayer() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> layer : LAYERS) {
            for (String name : layer) {
                architecture = architecture.layer(layerName(name)).definedBy(packageOf(name));
            }
        }
        List<String> allowed = new ArrayList<>();
        for (List<String> layer : LAYERS) {
            List<String> own = layer.stream().map(ArchitectureTest::layerName).toList();
            allowed.addAll(own);
            for (String name : own) {
                List<String> others = allowed.stream().filter(other -> !other.equals(name)).toList();
                architecture = others.isEmpty() ? architecture.whereLayer(name).mayNotAccessAnyLayer()
                        : architecture.whereLayer(name).mayOnlyAccessLayers(others.toArray(String[]::new));
            }
        }
        architecture.check(HARNESS);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> known = new TreeSet<>();
        LAYERS.forEach(layer -> layer.forEach(name -> known.add(packageOf(name))));
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass type : HARNESS) {
            if (!known.contains(type.getPackageName())) {
                unplaced.add(type.getPackageName());
            }
        }
        assertThat(unplaced).as("packages without a layer in ArchitectureTest.LAYERS").isEmpty();
    }

    private static String packageOf(String name) {
        return name.isEmpty() ? "org.hmsabi" : "org.hmsabi." + name;
    }

    private static String layerName(String name) {
        return name.isEmpty() ? "root" : name;
    }
}
