package org.hmsabi.spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.kernel.KernelVersion;

/**
 * One entry of spec/syscalls.yaml: for these calls, on these kernels, when the case has these
 * traits, this is the outcome.
 *
 * @param values    for each single-valued trait the rule names, the values it accepts
 * @param flagTests the conditions on mode flags and call flags
 */
public record SyscallRule(
        String id,
        Set<MempolicyCall> calls,
        KernelRange kernels,
        Map<SyscallTraits.Key, Set<String>> values,
        List<FlagTest> flagTests,
        SyscallExpectation expect,
        String source,
        String note) {

    /** A condition on a set of flags: all / any / none of these are set, or one outside them is. */
    public record FlagTest(Kind kind, boolean onModeFlags, Set<MempolicyFlag> flags) {
        public enum Kind { ALL, ANY, NONE, OTHER_THAN }

        boolean holds(SyscallCase c) {
            Set<MempolicyFlag> set = onModeFlags ? c.modeFlags() : c.flags();
            return switch (kind) {
                case ALL -> set.containsAll(flags);
                case ANY -> set.stream().anyMatch(flags::contains);
                case NONE -> set.stream().noneMatch(flags::contains);
                case OTHER_THAN -> set.stream().anyMatch(flag -> !flags.contains(flag));
            };
        }
    }

    public SyscallRule {
        calls = Set.copyOf(EnumSet.copyOf(calls));
        values = Map.copyOf(values);
        flagTests = List.copyOf(flagTests);
    }

    public boolean matches(SyscallCase c, Map<SyscallTraits.Key, String> traits, KernelVersion kernel) {
        return calls.contains(c.call()) && kernels.contains(kernel)
                && values.entrySet().stream().allMatch(e -> e.getValue().contains(traits.get(e.getKey())))
                && flagTests.stream().allMatch(test -> test.holds(c));
    }
}
