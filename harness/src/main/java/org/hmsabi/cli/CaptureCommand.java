package org.hmsabi.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.capture.TreeArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hmsabi capture --out FILE.tar.gz}: this machine's tree, for validate and topology --root elsewhere. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture this machine's heterogeneous-memory tree (sys/..., proc/...) as a .tar.gz for offline use.",
        footer = {"", "Example:", "  hmsabi capture --out /tmp/host.tar.gz && mkdir -p /tmp/host \\",
                "      && tar xzf /tmp/host.tar.gz -C /tmp/host"})
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE.tar.gz", description = "where to write the archive")
    Path out;

    @Option(names = "--force", description = "replace FILE if it exists")
    boolean force;

    @Option(names = "--source-root", paramLabel = "DIR", defaultValue = "/", hidden = true,
            description = "capture below DIR instead of / (for tests)")
    Path sourceRoot;

    @Override
    public Integer call() {
        if (Files.exists(out) && !force) {
            throw new BadInputException(out + " exists; pass --force to replace it");
        }
        if (!Files.isDirectory(sourceRoot.resolve("sys/devices/system/node"))) {
            throw new InfrastructureException(sourceRoot.resolve("sys/devices/system/node")
                    + " does not exist: this machine's kernel shows no NUMA nodes (CONFIG_NUMA off, or sysfs not mounted)");
        }
        Path absolute = out.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
            int entries;
            try (OutputStream stream = Files.newOutputStream(partial)) {
                entries = new TreeArchive(sourceRoot).write(stream);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
            spec.commandLine().getOut().printf("%s: %d entries; unpack it and run 'hmsabi validate --root DIR' or 'hmsabi topology --root DIR'%n",
                    out, entries);
            return Main.OK;
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
