package org.hmsabi.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hmsabi validate --root DIR}: the conformance of a captured tree, offline. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a captured tree against the ABI spec (exit 0 conforms, 1 violations, 2 bad input).",
        footer = {"", "Example:", "  hmsabi validate --root /tmp/host --kernel-release 6.12.117+deb12-amd64"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Option(names = "--kernel-release", paramLabel = "RELEASE",
            description = "the kernel release, when the tree lacks proc/sys/kernel/osrelease (else the since checks are skipped)")
    String kernelRelease;

    @Option(names = "--quiet", description = "do not list undocumented paths")
    boolean quiet;

    @Override
    public Integer call() {
        Snapshot snapshot = tree.read();
        if (kernelRelease != null) {
            snapshot = new Snapshot(snapshot.schema(), new Snapshot.KernelInfo(kernelRelease, snapshot.kernel().reference()),
                    snapshot.topology(), snapshot.sysfs(), snapshot.procfs(), snapshot.syscalls());
        }
        ConformanceReport report = new ConformanceChecker(AbiSpec.bundled()).check(snapshot, Optional.empty());
        PrintWriter out = spec.commandLine().getOut();
        report.violations().stream().map(Violation::message).forEach(out::println);
        if (!quiet) {
            report.undocumented().forEach(path -> out.println("undocumented: " + path));
        }
        if (snapshot.kernel().release().equals("unknown")) {
            out.println("note: the tree has no proc/sys/kernel/osrelease; pass --kernel-release to check what each kernel must have");
        }
        out.println(report.summary());
        return report.conforms() ? Main.OK : Main.FINDINGS;
    }
}
