package org.hmsabi.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
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

    /** {@code --version} per binary and its file's identity: asked once per process, not once per guest. */
    private static final Map<String, String> IDENTITIES = new ConcurrentHashMap<>();

    @Override
    public String qemuIdentity(String binary) {
        return IDENTITIES.computeIfAbsent(binary + "\0" + fileIdentity(binary), key -> run(binary, List.of("--version")).strip());
    }

    /** Where {@code binary} resolves on PATH, with its size, modification time and inode; empty if it is not found. */
    private static String fileIdentity(String binary) {
        List<Path> candidates = binary.contains("/") ? List.of(Path.of(binary))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, binary)).toList();
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                try {
                    Path real = candidate.toRealPath();
                    BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
                    return real + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis() + " " + attributes.fileKey();
                } catch (IOException e) {
                    return candidate.toString();
                }
            }
        }
        return "";
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
