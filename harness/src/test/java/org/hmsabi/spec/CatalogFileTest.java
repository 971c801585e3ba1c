package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog format: groups, for-loops, named masks and nodes; a malformed entry is refused in one line naming it. */
class CatalogFileTest {
    private static final SyscallFacts TWO_SOCKET_HBM = new SyscallFacts(new TreeSet<>(Set.of(0, 1, 2, 3)), new TreeSet<>(Set.of(0, 1, 2, 3)), 4);
    private static final SyscallFacts ONE_NODE = new SyscallFacts(new TreeSet<>(Set.of(0)), new TreeSet<>(Set.of(0)), 1);
    private static final String HEAD = "schema: hmsabi-catalog/1\nmasks:\n  short: {nodes: memory-only-node, maxnode: memory-only-node+1}\ncases:\n";

    private static CatalogFile parse(String cases) {
        return CatalogFile.parse(new ByteArrayInputStream((HEAD + cases).getBytes(StandardCharsets.UTF_8)), "spec/catalog.yaml");
    }

    @Test
    void forLoopsNestOutermostFirstAndSetTheFieldsTheyAreNamedAfter() {
        CatalogFile file = parse("""
                  - for: {call: [mbind, set_mempolicy]}
                    touch: true
                    cases:
                      - {id: "{call}/{mode}/{n}", for: {mode: [BIND, PREFERRED], n: [cpu-node, target]}, nodes: "{n}", deterministic: one-node}
                """);
        List<CatalogFile.Expanded> cases = file.expand(TWO_SOCKET_HBM);
        assertThat(cases).extracting(CatalogFile.Expanded::id).containsExactly(
                "mbind/BIND/cpu-node", "mbind/BIND/target", "mbind/PREFERRED/cpu-node", "mbind/PREFERRED/target",
                "set_mempolicy/BIND/cpu-node", "set_mempolicy/BIND/target", "set_mempolicy/PREFERRED/cpu-node", "set_mempolicy/PREFERRED/target");
        assertThat(cases.get(1).call()).isEqualTo(SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(3).touched());
        assertThat(cases).allMatch(CatalogFile.Expanded::deterministic);
    }

    @Test
    void aCaseNamingANodeTheMachineLacksIsLeftOut() {
        CatalogFile file = parse("""
                  - {id: a, call: mbind, mode: BIND, mask: short}
                  - {id: b, call: mbind, mode: BIND, nodes: target}
                  - {id: c, call: set_mempolicy_home_node, home: memory-only-node}
                """);
        assertThat(file.expand(TWO_SOCKET_HBM)).extracting(CatalogFile.Expanded::id).containsExactly("a", "b", "c");
        assertThat(file.expand(TWO_SOCKET_HBM).get(0).call().maxnode()).isEqualTo(4);
        assertThat(file.expand(ONE_NODE)).extracting(CatalogFile.Expanded::id).containsExactly("b");
        assertThat(file.expand(ONE_NODE).get(0).call().nodes().nodes()).containsExactly(0);
    }

    @Test
    void aGroupsMirrorsAddToItsCases() {
        CatalogFile file = parse("""
                  - call: get_mempolicy
                    mirrors: {ltp: get_mempolicy01}
                    cases:
                      - {id: a, mirrors: {ltp: [get_mempolicy02], selftest: [mm/migration.c]}}
                      - {id: b}
                """);
        assertThat(file.expand(ONE_NODE)).extracting(CatalogFile.Expanded::mirrors).containsExactly(
                List.of("ltp: get_mempolicy01", "ltp: get_mempolicy02", "selftest: mm/migration.c"), List.of("ltp: get_mempolicy01"));
    }

    @Test
    void aFileBackedCaseTellsTheAgentItsBackingAndItsSecondMapping() {
        CatalogFile file = parse("""
                  - {id: a, call: get_mempolicy, flags: F_ADDR, addr: alias, backing: memfd, prelude: range BIND target, touch: true}
                  - {id: b, call: set_mempolicy, mode: INTERLEAVE, nodes: all-memory-nodes, backing: page-cache, touch: true}
                """);
        List<CatalogFile.Expanded> cases = file.expand(TWO_SOCKET_HBM);
        assertThat(cases.get(0).call().agentArgs()).contains("addr=alias", "backing=memfd", "vmode=2", "vnodes=3", "touch=1");
        assertThat(cases.get(1).call().backing()).isEqualTo(MempolicyBacking.PAGE_CACHE);
        assertThat(cases.get(1).call().describe()).containsEntry("backing", "page-cache");
        // An anonymous case's arguments, and so every record golden files already hold, stay as they were.
        assertThat(SyscallCase.of(MempolicyCall.MBIND).describe()).doesNotContainKey("backing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ## ", quoteCharacter = '~', value = {
        "unknown call ## - {id: x, call: mbindd} ## cases[0] 'x': unknown call 'mbindd'; calls: mbind, set_mempolicy, get_mempolicy",
        "unknown mode ## - {id: x, call: mbind, mode: BOUND} ## cases[0] 'x': unknown mode 'BOUND'; modes: DEFAULT",
        "unknown mode flag ## - {id: x, call: mbind, mode: BIND|STATIC} ## cases[0] 'x': unknown mode flag 'STATIC' in mode; mode flags: STATIC_NODES, RELATIVE_NODES, NUMA_BALANCING",
        "mode flag as flag ## - {id: x, call: mbind, flags: STATIC_NODES} ## cases[0] 'x': unknown flag 'STATIC_NODES' in flags; flags: MF_STRICT",
        "unknown mask ## - {id: x, call: mbind, mask: shortt} ## cases[0] 'x': unknown mask 'shortt'; masks: short",
        "unknown node ## - {id: x, call: mbind, nodes: 'cpu-node,hbm-node'} ## cases[0] 'x': unknown node 'hbm-node'; nodes: cpu-node, memory-only-node, target",
        "duplicate id ## - {id: 'm/{mode}', call: mbind, for: {mode: [BIND, DEFAULT]}}\\n  - {id: m/BIND, call: mbind} ## cases[1] 'm/BIND': id 'm/BIND' is also the id of cases[0] 'm/{mode}'; ids must be unique",
        "no call ## - cases: [{id: x, mode: BIND}] ## cases[0].cases[0] 'x': no call; add call: one of mbind",
        "neither id nor cases ## - {call: mbind, mode: BIND} ## cases[0]: has neither id nor cases",
        "unknown field ## - {id: x, call: mbind, node: target} ## cases[0] 'x': unknown field 'node'; fields: id, for, cases, mirrors, call",
        "yaml null ## - {id: x, call: mbind, nodes: null} ## cases[0] 'x': 'nodes' holds a YAML null; write \"null\" in quotes",
        "unbound placeholder ## - {id: 'x/{mode}', call: mbind} ## cases[0] 'x/{mode}': '{mode}' in 'x/{mode}' names no 'for' list around it",
        "mask and nodes ## - {id: x, call: mbind, mask: short, nodes: target} ## cases[0] 'x': mask 'short' sets nodes and maxnode; give either",
        "bad prelude ## - {id: x, call: get_mempolicy, prelude: vma BIND target} ## cases[0] 'x': prelude 'vma BIND target' is not 'thread MODE [nodes]'",
        "bad deterministic ## - {id: x, call: mbind, deterministic: maybe} ## cases[0] 'x': deterministic is true, false or one-node, not 'maybe'",
        "unknown mirrors source ## - {id: x, call: mbind, mirrors: {kselftest: [x]}} ## cases[0] 'x': unknown mirrors source 'kselftest'; sources: ltp, selftest",
        "bad pid ## - {id: x, call: move_pages, pid: parent} ## cases[0] 'x': pid is one of self, none, gone, child, child-shared, not 'parent'",
        "bad user ## - {id: x, call: move_pages, user: '65534'} ## cases[0] 'x': user is root or nobody, not '65534'",
        "bad populate ## - {id: x, call: move_pages, populate: read} ## cases[0] 'x': populate is one of default, untouched, zero-page, not 'read'",
        "bad backing ## - {id: x, call: mbind, backing: shm} ## cases[0] 'x': backing is one of anon, memfd, tmpfs, page-cache, hugetlb, thp, not 'shm'",
        "ksm waits for ksmd ## - {id: x, call: migrate_pages, backing: ksm} ## cases[0] 'x': backing ksm is not for the catalog: each case waits seconds for ksmd to merge its pages (the guest test KsmMigrationTest runs them)",
        "bad cut ## - {id: x, call: mbind, cut: middle} ## cases[0] 'x': cut is first or last (the base page the call leaves out), not 'middle'",
        "cut of no pages ## - {id: x, call: mbind, pages: 0, cut: first} ## cases[0] 'x': a range without pages has no base page to leave out",
        "too many THP pages ## - {id: x, call: mbind, pages: 9, backing: thp} ## cases[0] 'x': a thp range has at most 8 huge pages: 9",
        "alias without a file ## - {id: x, call: mbind, addr: alias} ## cases[0] 'x': a second mapping (addr alias) needs a file-backed range, not anonymous",
    })
    void aMalformedEntryIsRefusedInOneLineNamingIt(String what, String cases, String message) {
        assertThatThrownBy(() -> parse("  " + cases.replace("\\n", "\n") + "\n"))
                .as(what)
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith("spec/catalog.yaml: " + message).doesNotContain("\n");
                });
    }

    @Test
    void anotherSchemaOrNoCasesIsRefused() {
        assertThatThrownBy(() -> CatalogFile.parse(new ByteArrayInputStream("schema: hmsabi-catalog/2\ncases: []\n".getBytes(StandardCharsets.UTF_8)),
                "spec/catalog.yaml")).isInstanceOf(BadInputException.class).hasMessage("spec/catalog.yaml: schema is 'hmsabi-catalog/2', this harness reads hmsabi-catalog/1");
        assertThatThrownBy(() -> CatalogFile.parse(new ByteArrayInputStream("schema: hmsabi-catalog/1\n".getBytes(StandardCharsets.UTF_8)),
                "spec/catalog.yaml")).isInstanceOf(BadInputException.class).hasMessageStartingWith("spec/catalog.yaml: no 'cases' list");
    }

    @Test
    void theShippedCatalogHas325CasesOnTwoSocketHbmAnd292OnOneMemoryNode() {
        assertThat(SyscallCatalog.forMachine(TWO_SOCKET_HBM)).hasSize(325).extracting(SyscallCatalog.Entry::id).doesNotHaveDuplicates();
        assertThat(SyscallCatalog.forMachine(ONE_NODE)).hasSize(292);
    }

    @Test
    void theCasesThatForkAProcessAreThoseOfASecondProcessNotTheReapedPidsOrTheUnprivilegedOnes() {
        List<SyscallCase> cases = SyscallCatalog.forMachine(TWO_SOCKET_HBM).stream().map(SyscallCatalog.Entry::call).toList();
        assertThat(cases.stream().filter(SyscallCase::forksAProcess)).hasSize(11)
                .allMatch(c -> c.process() == MempolicyProcess.CHILD || c.process() == MempolicyProcess.CHILD_SHARED);
        assertThat(cases.stream().filter(c -> !c.forksAProcess()))
                .anyMatch(SyscallCase::unprivileged).anyMatch(c -> c.process() == MempolicyProcess.GONE)
                .noneMatch(c -> c.process() == MempolicyProcess.CHILD || c.process() == MempolicyProcess.CHILD_SHARED);
    }
}
