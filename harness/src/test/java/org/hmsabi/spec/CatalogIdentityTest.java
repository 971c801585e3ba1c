package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/** spec/catalog.yaml expands to exactly the list the Java generation made: same order, ids, cases and placement flags. */
class CatalogIdentityTest {

    @Test
    void everyShippedFixtureBeforeAndAfterHotPlug() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(ShippedFixtures.directory())) {
            names = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList();
        }
        assertThat(names).containsAll(ShippedFixtures.NAMES);
        List<SyscallFacts> machines = new ArrayList<>();
        for (String name : names) {
            Topology topology = TopologyLoader.load(name, ShippedFixtures.directory());
            machines.add(SyscallFacts.of(topology));
            topology.hotPlug().ifPresent(room -> room.devices().forEach(device -> machines.add(SyscallFacts.of(topology).withMemoryOn(device.node()))));
        }
        machines.forEach(CatalogIdentityTest::sameList);
    }

    @Property(tries = 300)
    void generatedMachines(@ForAll("machines") SyscallFacts facts) {
        sameList(facts);
    }

    @Provide
    Arbitrary<SyscallFacts> machines() {
        Arbitrary<Set<Integer>> memory = Arbitraries.integers().between(0, 12).set().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Set<Integer>> extraOnline = Arbitraries.integers().between(0, 12).set().ofMaxSize(4);
        return Combinators.combine(memory, extraOnline, Arbitraries.integers().between(0, 3)).as((mem, extra, spare) -> {
            TreeSet<Integer> online = new TreeSet<>(mem);
            online.addAll(extra);
            return new SyscallFacts(new TreeSet<>(mem), online, online.last() + 1 + spare);
        });
    }

    private static void sameList(SyscallFacts facts) {
        List<SyscallCatalog.Entry> java = SyscallCatalog.forMachine(facts);
        List<SyscallCatalog.Entry> yaml = SyscallCatalog.fromCatalogFile(facts);
        assertThat(java).as("the Java catalog on %s", facts).hasSizeGreaterThan(200);
        for (int i = 0; i < Math.min(java.size(), yaml.size()); i++) {
            assertThat(yaml.get(i)).as("case %d on %s", i, facts).isEqualTo(java.get(i));
        }
        assertThat(yaml).as("on %s", facts).hasSameSizeAs(java).isEqualTo(java);
    }
}
