package org.hmsabi.spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.InfrastructureException;

/**
 * The fixed list of contract cases a snapshot records: {@code spec/catalog.yaml} expanded for the
 * machine's nodes (a CPU node, a memory-only node when there is one, an offline id and an id beyond
 * MAX_NUMNODES, crossed with every call, mode and flag; {@link CatalogNodes} says what the names
 * mean). The same topology always gives the same list, in the same order, with the same ids, so
 * golden files and the cross-version diff can pair records.
 */
public final class SyscallCatalog {
    private static final String BUNDLED = "/org/hmsabi/spec/data/catalog.yaml";

    /** A case with its stable id and whether its page placement is deterministic (worth recording). */
    public record Entry(String id, SyscallCase call, boolean placementIsDeterministic) {
    }

    private SyscallCatalog() {
    }

    public static List<Entry> forMachine(SyscallFacts facts) {
        return bundled().expand(facts).stream().map(c -> new Entry(c.id(), c.call(), c.deterministic())).toList();
    }

    /** The same cases by id (the first of a repeated id), for pairing recorded calls with their case. */
    public static java.util.Map<String, Entry> byId(SyscallFacts facts) {
        java.util.Map<String, Entry> byId = new java.util.LinkedHashMap<>();
        forMachine(facts).forEach(entry -> byId.putIfAbsent(entry.id(), entry));
        return byId;
    }

    /** The node {@code memory-only-node} stands for: the highest memory node, when there are two or more. */
    public static Optional<Integer> memoryOnlyNode(SyscallFacts facts) {
        return new CatalogNodes(facts).memoryOnlyNode();
    }

    /** The node {@code offline-node} stands for: the lowest id below MAX_NUMNODES that is not a node of the machine. */
    public static int offlineNode(SyscallFacts facts) {
        return new CatalogNodes(facts).offlineNode();
    }

    /** For each case id on this machine, the LTP tests and kernel selftests its entry mirrors ({@code ltp: mbind01}). */
    public static Map<String, List<String>> mirrors(SyscallFacts facts) {
        Map<String, List<String>> mirrors = new LinkedHashMap<>();
        bundled().expand(facts).forEach(c -> mirrors.put(c.id(), c.mirrors()));
        return mirrors;
    }

    private static CatalogFile bundled;

    /**
     * spec/catalog.yaml as the harness ships it, read and checked once. Not a holder class: a
     * malformed file must reach the caller as BadInputException (exit 2), not as an
     * initializer error.
     */
    private static synchronized CatalogFile bundled() {
        if (bundled == null) {
            try (InputStream in = SyscallCatalog.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new InfrastructureException("the harness jar lacks spec/catalog.yaml; rebuild it with 'mvn -pl harness package'");
                }
                bundled = CatalogFile.parse(in, "spec/catalog.yaml");
            } catch (IOException e) {
                throw new InfrastructureException("cannot read the bundled syscall catalog: " + e.getMessage(), e);
            }
        }
        return bundled;
    }
}
