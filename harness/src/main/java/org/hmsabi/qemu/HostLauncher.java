package org.hmsabi.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.InfrastructureException;

/** QEMU from this machine's PATH (or {@code $HMSABI_QEMU}), under {@link QemuProcess}'s guard. */
public record HostLauncher() implements QemuLauncher {

    @Override
    public String runnerName() {
        return "host";
    }

    @Override
    public String binary() {
        return QemuCommand.defaultBinary();
    }

    @Override
    public String qemuIdentity(String binary) {
        return run(binary, List.of("--version")).strip();
    }

    @Override
    public String query(List<String> arguments) {
        return run(binary(), arguments);
    }

    private static String run(String binary, List<String> arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        argv.addAll(arguments);
        String what = String.join(" ", argv);
        try {
            return QemuQuery.output(new ProcessBuilder(argv).redirectErrorStream(true).start(), what);
        } catch (IOException e) {
            throw new InfrastructureException("cannot run " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public QemuProcess start(QemuCommand command, List<Path> writableDirectories) {
        return QemuProcess.start(command); // the host's QEMU reaches every path already
    }
}
