package org.hmsabi.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One containerised run (QEMU, a module build), in Docker's terms: what {@link LocalContainers} asks Docker for,
 * kept as a value so it can be checked without an engine and printed as a reproducer.
 * Every host path is mounted at the same path inside, so the host command line is unchanged.
 *
 * @param name                the container's name, unique per run: the reaper knows it before the container exists
 * @param image               the local image (never pulled)
 * @param command             the argv, starting with the container's binary (QEMU's, or make)
 * @param readOnlyFiles       files or directories it reads: kernel, initramfs, a saved state to restore; a kernel's headers
 * @param writableDirectories where it writes: the agent and monitor sockets' directory, saved states; a module's build directory
 * @param labels              {@code org.hmsabi.runner} and {@code org.hmsabi.owner}, for cleaning up after a killed JVM
 * @param user                {@code uid:gid} of the harness, so what the container creates is ours
 */
public record ContainerPlan(String name, String image, List<String> command, List<Path> readOnlyFiles, List<Path> writableDirectories,
                     Map<String, String> labels, String user) {

    /** No network: a guest has none ({@code -nic none}), QEMU needs none, and neither does a module build. */
    public static final String NETWORK_MODE = "none";

    public ContainerPlan {
        command = List.copyOf(command);
        readOnlyFiles = List.copyOf(readOnlyFiles);
        writableDirectories = List.copyOf(writableDirectories);
        labels = Map.copyOf(new TreeMap<>(labels));
    }

    /** The same run as a {@code docker run} line a person can paste (for reproducers and logs). */
    public String shellLine() {
        StringBuilder line = new StringBuilder("docker run --rm --name " + name + " --network " + NETWORK_MODE + " --user " + user);
        new TreeMap<>(labels).forEach((key, value) -> line.append(" --label ").append(quoted(key + "=" + value)));
        readOnlyFiles.forEach(file -> line.append(" -v ").append(quoted(file + ":" + file + ":ro")));
        writableDirectories.forEach(dir -> line.append(" -v ").append(quoted(dir + ":" + dir)));
        line.append(' ').append(image);
        command.forEach(arg -> line.append(' ').append(quoted(arg)));
        return line.toString();
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
