package org.hmsabi.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One memory-policy call with concrete arguments: what the agent performs and what the contract
 * judges. Built with {@link #of(MempolicyCall)} and the {@code with...} methods.
 *
 * @param nodes     the mode's node mask (mbind, set_mempolicy) or get_mempolicy's output mask
 * @param from      migrate_pages' old nodes
 * @param to        migrate_pages' new nodes, or move_pages' target node per page ({@code NULL}: a query)
 * @param touch     touch every page after the call, so the reply tells where each landed
 * @param prefault  touch every page before the call (pages to move or to look up)
 * @param process   the process migrate_pages and move_pages target
 * @param unprivileged the call runs as user and group {@value #NOBODY} (nobody), without capabilities
 * @param populate  how move_pages' pages are faulted in first
 * @param backing   what the range maps: anonymous memory, or a shmem file ({@link MempolicyAddress#ALIAS}
 *                  needs one), or 2 MiB pages (hugetlb, THP)
 * @param cut       whether the call's range leaves out the range's first or last 4 KiB base page
 */
public record SyscallCase(
        MempolicyCall call,
        MempolicyMode mode,
        Set<MempolicyFlag> modeFlags,
        Set<MempolicyFlag> flags,
        MempolicyNodeMask nodes,
        long maxnode,
        int pages,
        MempolicyAddress addr,
        boolean touch,
        boolean prefault,
        Optional<MempolicyPrelude> prelude,
        MempolicyNodeMask from,
        MempolicyNodeMask to,
        MempolicyProcess process,
        int home,
        boolean unprivileged,
        MempolicyPopulate populate,
        MempolicyBacking backing,
        MempolicyCut cut) {

    /** Enough bits for every node id below MAX_NUMNODES; the agent's default too. */
    public static final long FULL_MAXNODE = 1025;
    /** The uid and gid an unprivileged case runs as: nobody, as LTP's tests use. */
    public static final int NOBODY = 65534;

    public SyscallCase {
        modeFlags = modeFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(modeFlags));
        flags = Set.copyOf(flags);
        if (pages > backing.maxPages()) {
            throw new IllegalArgumentException("a " + backing + " range has at most " + backing.maxPages() + " huge pages: " + pages);
        }
        if (cut != MempolicyCut.NONE && pages == 0) {
            throw new IllegalArgumentException("a range without pages has no base page to leave out (cut " + cut + ")");
        }
        if (pages < 0 || pages > 4096) {
            throw new IllegalArgumentException("pages must be 0 .. 4096: " + pages);
        }
        if (addr == MempolicyAddress.ALIAS && !backing.isFile()) {
            throw new IllegalArgumentException("a second mapping (addr alias) needs a file-backed range, not " + backing);
        }
        if (modeFlags.stream().anyMatch(flag -> !flag.isModeFlag()) || flags.stream().anyMatch(MempolicyFlag::isModeFlag)) {
            throw new IllegalArgumentException("mode flags and call flags mixed up: " + modeFlags + " / " + flags);
        }
    }

    public static SyscallCase of(MempolicyCall call) {
        return new SyscallCase(call, MempolicyMode.DEFAULT, Set.of(), Set.of(), MempolicyNodeMask.EMPTY, FULL_MAXNODE, 4,
                MempolicyAddress.MAP, false, false, Optional.empty(), MempolicyNodeMask.EMPTY, MempolicyNodeMask.NULL, MempolicyProcess.SELF, 0,
                false, MempolicyPopulate.DEFAULT, MempolicyBacking.ANONYMOUS, MempolicyCut.NONE);
    }

    public SyscallCase withMode(MempolicyMode newMode, MempolicyFlag... newModeFlags) {
        return new SyscallCase(call, newMode, Set.of(newModeFlags), flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withFlags(MempolicyFlag... newFlags) {
        return new SyscallCase(call, mode, modeFlags, Set.of(newFlags), nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withNodes(MempolicyNodeMask newNodes) {
        return new SyscallCase(call, mode, modeFlags, flags, newNodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withNodes(Integer... newNodes) {
        return withNodes(MempolicyNodeMask.of(newNodes));
    }

    public SyscallCase withMaxnode(long newMaxnode) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, newMaxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withPages(int newPages) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, newPages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withAddr(MempolicyAddress newAddr) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, newAddr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase touched() {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, true, prefault, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase prefaulted() {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, true, prelude, from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withPrelude(MempolicyPrelude newPrelude) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, Optional.of(newPrelude), from, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withFrom(MempolicyNodeMask newFrom) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, newFrom, to, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withTo(MempolicyNodeMask newTo) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, newTo, process, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withNoSuchProcess() {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, MempolicyProcess.NONE, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase withHome(int newHome) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, newHome, unprivileged, populate, backing, cut);
    }

    public SyscallCase withProcess(MempolicyProcess newProcess) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, newProcess, home, unprivileged, populate, backing, cut);
    }

    public SyscallCase asUnprivileged() {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, true, populate, backing, cut);
    }

    public SyscallCase withPopulate(MempolicyPopulate newPopulate) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, newPopulate, backing, cut);
    }

    public SyscallCase withBacking(MempolicyBacking newBacking) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, newBacking, cut);
    }

    public SyscallCase withCut(MempolicyCut newCut) {
        return new SyscallCase(call, mode, modeFlags, flags, nodes, maxnode, pages, addr, touch, prefault, prelude, from, to, process, home, unprivileged, populate, backing, newCut);
    }

    /** A pid no process has: one that never existed. */
    public boolean noSuchProcess() {
        return process == MempolicyProcess.NONE;
    }

    /** The mode argument as the kernel gets it: mode number ORed with the mode flags. */
    public int modeArgument() {
        return mode.value() | MempolicyFlag.bits(modeFlags);
    }

    /** The arguments of the agent's {@code mempolicy} request (after the op). */
    public List<String> agentArgs() {
        List<String> args = new ArrayList<>();
        args.add("call=" + call.agentName());
        args.add("mode=" + modeArgument());
        args.add("flags=" + MempolicyFlag.bits(flags));
        args.add("nodes=" + nodes.agentText());
        args.add("maxnode=" + maxnode);
        args.add("pages=" + pages);
        args.add("addr=" + addr.agentText());
        if (touch) {
            args.add("touch=1");
        }
        if (prefault) {
            args.add("prefault=1");
        }
        prelude.ifPresent(p -> {
            String prefix = p.scope() == MempolicyPrelude.Scope.THREAD ? "t" : "v";
            args.add(prefix + "mode=" + p.mode().value());
            args.add(prefix + "nodes=" + p.nodes().agentText());
        });
        if (call == MempolicyCall.MIGRATE_PAGES) {
            args.add("from=" + from.agentText());
        }
        if (call == MempolicyCall.MIGRATE_PAGES || call == MempolicyCall.MOVE_PAGES) {
            args.add("to=" + to.agentText());
            args.add("pid=" + process.agentText());
            if (process == MempolicyProcess.CHILD_SHARED) {
                args.add("child=shared");
            }
        }
        if (populate != MempolicyPopulate.DEFAULT) {
            args.add("populate=" + populate.agentText());
        }
        if (unprivileged) {
            args.add("uid=" + NOBODY);
        }
        if (backing != MempolicyBacking.ANONYMOUS) {
            args.add("backing=" + backing.agentText());
        }
        if (cut != MempolicyCut.NONE) {
            args.add("cut=" + cut.agentText());
        }
        if (call == MempolicyCall.SET_MEMPOLICY_HOME_NODE) {
            args.add("home=" + home);
        }
        return args;
    }

    /** The arguments as text for a snapshot record, keys sorted; defaults of other calls left out. */
    public SortedMap<String, String> describe() {
        SortedMap<String, String> args = new TreeMap<>();
        for (String arg : agentArgs()) {
            int eq = arg.indexOf('=');
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        args.remove("call");
        args.put("mode", mode.name() + modeFlags.stream().sorted().map(flag -> "|" + flag.name()).reduce("", String::concat));
        args.put("flags", flags.stream().sorted().map(Enum::name).reduce((a, b) -> a + "|" + b).orElse("0"));
        return args;
    }

    @Override
    public String toString() {
        return call.kernelName() + "(" + String.join(" ", describe().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + ")";
    }

    /**
     * Whether the agent forks a process with a copy of its memory to run it (PROTOCOL.md): a second
     * process whose pages the call uses, which costs a fork, an exit and a wait (1.5 to 2 ms of the
     * guest's time under TCG). An unprivileged worker shares the agent's memory and a reaped pid is
     * started once and used again, so neither counts.
     */
    public boolean forksAProcess() {
        return process.forksAProcess();
    }
}
